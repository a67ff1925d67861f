public import HMFCore

/// A tall matrix seen through the two products a randomized SVD needs, computed on the rows this process
/// holds: Y X (local rows x l) and Y^T Q (cols x l, this process's share of the sum over rows).
protocol RowOperator {
    var rows: Int { get }
    var cols: Int { get }
    /// Y X for the local rows.
    func times(_ x: Matrix) throws(RHMFError) -> Matrix
    /// Y^T Q summed over the local rows (Q has one row per local row).
    func transposedTimes(_ q: Matrix) throws(RHMFError) -> Matrix
}

extension DenseMatrix: RowOperator where Element == Double {
    func times(_ x: Matrix) throws(RHMFError) -> Matrix { try Matrix.product(self, x) }
    func transposedTimes(_ q: Matrix) throws(RHMFError) -> Matrix {
        try Matrix.product(self, q, transposeA: true)
    }
}

/// The values Y of a row source as a `RowOperator`, streamed in blocks (single precision widened per block).
struct SourceValues<Source: RowSource>: RowOperator {
    let source: Source
    let blockRows: Int

    var rows: Int { source.rowCount }
    var cols: Int { source.columnCount }

    /// Calls `body(rowRange, Y block in double)` for every block, in order.
    func forEachBlock(_ body: (Range<Int>, UnsafePointer<Double>) throws(RHMFError) -> Void)
        throws(RHMFError)
    {
        var scratch = RowScratch()
        var widened: [Double] = []
        let m = cols
        for start in stride(from: 0, to: rows, by: blockRows) {
            let range = start..<min(start + blockRows, rows)
            try source.withRows(range, scratch: &scratch) { (block) throws(RHMFError) in
                switch block.values {
                case .double(let y, _):
                    try body(range, y)
                case .single(let y, _):
                    let n = block.rows * m
                    if widened.count < n { widened = [Double](repeating: 0, count: n) }
                    try widened.withUnsafeMutableBufferPointer { (p) throws(RHMFError) in
                        for k in 0..<n { p[k] = Double(y[k]) }
                        try body(range, UnsafePointer(p.baseAddress!))  // invariant: n > 0
                    }
                }
            }
        }
    }

    /// Y X, each chunk of rows on a lane (their output rows are disjoint).
    func times(_ x: Matrix) throws(RHMFError) -> Matrix {
        let l = x.cols
        let m = cols
        var out = Matrix(rows: rows, cols: l)
        try out.withUnsafeMutableBufferPointer { (o) throws(RHMFError) in
            try x.withUnsafeBufferPointer { (xp) throws(RHMFError) in
                let (op, xq) = (
                    SharedPointer(base: o.baseAddress!), SharedReadPointer(base: xp.baseAddress!)
                )  // invariant: non-empty
                try forEachChunk(partial: { () }) { (_: inout (), range, y) in
                    BLAS.gemm(
                        m: range.count, n: l, k: m, a: y, lda: m, b: xq.base, ldb: l,
                        c: op.base + range.lowerBound * l, ldc: l)
                } combine: { _ in
                }
            }
        }
        return out
    }

    /// Y^T Q: each chunk of rows sums into its own partial, and the partials are added in chunk order.
    func transposedTimes(_ q: Matrix) throws(RHMFError) -> Matrix {
        let l = q.cols
        let m = cols
        var total = [Double](repeating: 0, count: m * l)
        try q.withUnsafeBufferPointer { (qp) throws(RHMFError) in
            let qq = SharedReadPointer(base: qp.baseAddress!)  // invariant: non-empty
            try forEachChunk(partial: { [Double](repeating: 0, count: m * l) }) {
                (part: inout [Double], range, y) in
                part.withUnsafeMutableBufferPointer { c in
                    BLAS.gemm(
                        transA: true, m: m, n: l, k: range.count, a: y, lda: m,
                        b: qq.base + range.lowerBound * l, ldb: l, beta: 1, c: c.baseAddress!,
                        ldc: l)  // invariant: non-empty
                }
            } combine: { part in
                for k in 0..<(m * l) { total[k] += part[k] }
            }
        }
        return try Matrix(rows: m, cols: l, checked: total)
    }

    /// The blocks of each chunk of rows on the lanes, in double, each chunk accumulating into a fresh `partial`
    /// that `combine` receives in chunk order.
    private func forEachChunk<P>(
        partial: @Sendable () -> P,
        _ body: @Sendable (inout P, Range<Int>, UnsafePointer<Double>) throws(RHMFError) -> Void,
        combine: (P) throws(RHMFError) -> Void
    ) throws(RHMFError) {
        let partition = RowChunks(rowCount: rows, blockRows: blockRows)
        let lanes = Lanes.count
        let m = cols
        let source = self.source
        let scratches = LaneSlots([RowScratch](repeating: RowScratch(), count: lanes))
        let widened = LaneSlots([[Double]](repeating: [], count: lanes))
        let partials = LaneSlots<P?>([P?](repeating: nil, count: lanes))
        try Lanes.forEach(
            partition.chunks,
            body: { (lane, chunk) throws(RHMFError) in
                var part = partial()
                try scratches.with(lane) { (scratch) throws(RHMFError) in
                    try widened.with(lane) { (wide) throws(RHMFError) in
                        for range in partition.blocks(of: chunk) {
                            try source.withRows(range, scratch: &scratch) {
                                (block) throws(RHMFError) in
                                switch block.values {
                                case .double(let y, _):
                                    try body(&part, range, y)
                                case .single(let y, _):
                                    let n = block.rows * m
                                    if wide.count < n { wide = [Double](repeating: 0, count: n) }
                                    try wide.withUnsafeMutableBufferPointer {
                                        (p) throws(RHMFError) in
                                        for k in 0..<n { p[k] = Double(y[k]) }
                                        // invariant: n > 0
                                        try body(&part, range, UnsafePointer(p.baseAddress!))
                                    }
                                }
                            }
                        }
                    }
                }
                partials.with(lane) { $0 = part }
            },
            combine: { (lane) throws(RHMFError) in
                if let p = partials[lane] { try combine(p) }
            })
    }

    /// Y^T Y summed over the local rows (M x M, both triangles).
    func gram() throws(RHMFError) -> Matrix {
        let m = cols
        var out = Matrix(rows: m, cols: m)
        try out.withUnsafeMutableBufferPointer { (o) throws(RHMFError) in
            try forEachBlock { (range, y) throws(RHMFError) in
                BLAS.syrkTransposed(
                    // invariant: non-empty
                    n: m, k: range.count, a: y, lda: m, beta: 1, c: o.baseAddress!, ldc: m)
            }
        }
        for i in 0..<m { for j in 0..<i { out[i, j] = out[j, i] } }
        return out
    }
}
