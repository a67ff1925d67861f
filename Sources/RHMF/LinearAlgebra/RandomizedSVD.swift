import HMFCore

/// Truncated SVD by random projection (Halko, Martinsson & Tropp 2011): a sketch Y Omega with `oversampling`
/// extra columns, `powerIterations` rounds of re-orthonormalised power iteration, then an exact SVD of the
/// small projected matrix. Costs O(N M (K + p)) per pass over the data instead of O(N M min(N, M)).
///
/// Every step needs only products with Y and sums over rows, so the same algorithm runs on an in-memory
/// matrix, streams a file block by block, or sums over the ranks of a distributed fit. Orthonormalisation
/// is by the Gram matrix of the sketch (twice, for accuracy), which a distributed run can sum.
package struct RandomizedSVD: Sendable {
    /// Leading left singular vectors (rows x rank; this process's rows).
    package let U: Matrix
    /// Leading singular values, descending.
    package let s: [Double]
    /// Leading right singular vectors transposed, rank x cols.
    package let Vt: Matrix

    /// The leading `rank` singular triplets of `a`.
    package init(
        _ a: Matrix, rank: Int, oversampling: Int = 10, powerIterations: Int = 2, seed: UInt64 = 0
    ) throws(RHMFError) {
        try self.init(
            operator: a, rank: rank, oversampling: oversampling, powerIterations: powerIterations,
            seed: seed,
            reduction: LocalReduction())
    }

    /// The leading `rank` singular triplets of the values Y of `source` (missing entries are 0).
    package init<Source: RowSource>(
        _ source: Source, rank: Int, oversampling: Int = 10, powerIterations: Int = 2,
        seed: UInt64 = 0, blockRows: Int = 512,
        reduction: any Reduction = LocalReduction()
    ) throws(RHMFError) {
        try self.init(
            operator: SourceValues(source: source, blockRows: blockRows), rank: rank,
            oversampling: oversampling,
            powerIterations: powerIterations, seed: seed, reduction: reduction)
    }

    init(
        operator a: some RowOperator, rank: Int, oversampling: Int, powerIterations: Int,
        seed: UInt64,
        reduction: any Reduction
    ) throws(RHMFError) {
        let n = a.cols
        guard rank >= 1, rank <= n, Double(rank) <= (try reduction.sum(Double(a.rows))) else {
            throw .invalidRank("randomized SVD rank \(rank) must be in 1...min(rows, \(n))")
        }
        guard oversampling >= 0, powerIterations >= 0 else {
            throw .invalidSetting("oversampling and power iterations must be >= 0")
        }
        let l = min(rank + oversampling, n)
        var rng = SeededGenerator(seed: seed)
        let omega = rng.normalMatrix(rows: n, cols: l)
        var q = try Self.orthonormalRows(try a.times(omega), reduction)  // local rows x l
        for _ in 0..<powerIterations {
            var z = try a.transposedTimes(q)  // n x l
            try z.reduceSum(reduction)
            q = try Self.orthonormalRows(try a.times(try z.orthonormalColumns()), reduction)
        }
        var bt = try a.transposedTimes(q)  // n x l = (Q^T Y)^T
        try bt.reduceSum(reduction)
        let small = try SVD(bt.transposed)  // l x n
        U = try Matrix.product(q, small.U).columns(0..<rank)
        s = Array(small.s.prefix(rank))
        Vt = small.Vt.rows(0..<rank)
    }

    /// Orthonormal columns spanning those of the tall matrix x, whose rows may be split between processes:
    /// x V L^-1/2 from eig(x^T x) = V L V^T (summed over processes), done twice for accuracy. Directions
    /// with eigenvalue below 1e-13 of the largest are dropped (their columns come out zero).
    static func orthonormalRows(_ x: Matrix, _ reduction: any Reduction) throws(RHMFError) -> Matrix
    {
        var q = x
        for _ in 0..<2 {
            var gram = q.gram
            try gram.reduceSum(reduction)
            let eig = try SymmetricEigen(gram)
            let top = eig.values.last ?? 0
            let l = q.cols
            let transform = Matrix(rows: l, cols: l) { i, c in
                let lambda = eig.values[c]
                return lambda > 1e-13 * top && top > 0 ? eig.vectors[i, c] / lambda.squareRoot() : 0
            }
            // Columns in descending eigenvalue order, so the leading directions come first.
            q = try Matrix.product(q, transform).columns(0..<l).reversedColumns()
        }
        return q
    }
}

extension DenseMatrix where Element == Double {
    /// Sums the elements over the processes of `reduction`.
    mutating func reduceSum(_ reduction: any Reduction) throws(RHMFError) {
        var e = elements
        try reduction.sum(&e)
        self = try Matrix(rows: rows, cols: cols, checked: e)
    }

    /// The columns in reverse order.
    func reversedColumns() -> Matrix {
        Matrix(rows: rows, cols: cols) { i, j in self[i, cols - 1 - j] }
    }
}
