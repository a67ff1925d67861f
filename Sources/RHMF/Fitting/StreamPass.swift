import HMFCore

/// A streamed pass over a source with the model's prediction: for each block of rows, `body` receives the
/// block, the rows' predictions (A G^T) and a per-chunk state. Chunks run on the lanes; their states are
/// handed to `combine` in chunk order, so results do not depend on the number of lanes.
func predictedPass<Source: RowSource, State>(
    _ source: Source, A: Matrix, G: Matrix, blockRows: Int, makeState: @Sendable () -> State,
    body:
        @Sendable (inout State, Range<Int>, RowBlock, UnsafePointer<Double>) throws(RHMFError) ->
        Void,
    combine: (State) throws(RHMFError) -> Void
) throws(RHMFError) {
    let partition = RowChunks(rowCount: source.rowCount, blockRows: blockRows)
    let M = source.columnCount
    let K = G.cols
    let lanes = Lanes.count
    let predictions = LaneSlots(
        (0..<lanes).map { _ in [Double](repeating: 0, count: partition.blockRows * M) })
    let scratches = LaneSlots([RowScratch](repeating: RowScratch(), count: lanes))
    let states = LaneSlots<State?>([State?](repeating: nil, count: lanes))
    try A.withUnsafeBufferPointer { (ap) throws(RHMFError) in
        try G.withUnsafeBufferPointer { (gp) throws(RHMFError) in
            guard let aBase = ap.baseAddress, let gBase = gp.baseAddress else { return }
            let a = SharedReadPointer(base: aBase)
            let g = SharedReadPointer(base: gBase)
            try Lanes.forEach(
                partition.chunks,
                body: { (lane, chunk) throws(RHMFError) in
                    var state = makeState()
                    try scratches.with(lane) { (scratch) throws(RHMFError) in
                        try predictions.with(lane) { (prediction) throws(RHMFError) in
                            for rows in partition.blocks(of: chunk) {
                                try prediction.withUnsafeMutableBufferPointer {
                                    (p) throws(RHMFError) in
                                    BLAS.gemm(
                                        transB: true, m: rows.count, n: M, k: K,
                                        a: a.base + rows.lowerBound * K, lda: K,
                                        // invariant: non-empty
                                        b: g.base, ldb: K, c: p.baseAddress!, ldc: M)
                                    try source.withRows(rows, scratch: &scratch) {
                                        (block) throws(RHMFError) in
                                        try body(&state, rows, block, p.baseAddress!)
                                    }
                                }
                            }
                        }
                    }
                    states.with(lane) { $0 = state }
                },
                combine: { (lane) throws(RHMFError) in
                    if let s = states[lane] { try combine(s) }
                })
        }
    }
}

extension RowBlock {
    /// Y and W of entry `k` of the block (row-major), in double.
    @inline(__always)
    func entry(_ k: Int) -> (y: Double, w: Double) {
        switch values {
        case .double(let y, let w): return (y[k], w[k])
        case .single(let y, let w): return (Double(y[k]), Double(w[k]))
        }
    }
}
