/// Truncated SVD by random projection (Halko, Martinsson & Tropp 2011): a sketch Y Omega with `oversampling`
/// extra columns, `powerIterations` rounds of re-orthonormalised power iteration, then an exact SVD of the
/// small projected matrix. Costs O(N M (K + p)) per pass instead of O(N M min(N, M)).
public struct RandomizedSVD: Sendable {
    /// Leading left singular vectors, rows x rank.
    public let U: Matrix
    /// Leading singular values, descending.
    public let s: [Double]
    /// Leading right singular vectors transposed, rank x cols.
    public let Vt: Matrix

    /// The leading `rank` singular triplets of `a`.
    public init(_ a: Matrix, rank: Int, oversampling: Int = 10, powerIterations: Int = 2, seed: UInt64 = 0) throws(RHMFError) {
        let m = a.rows, n = a.cols
        guard rank >= 1, rank <= min(m, n) else {
            throw .invalidRank("randomized SVD rank \(rank) must be in 1...\(min(m, n)) for a \(m) x \(n) matrix")
        }
        guard oversampling >= 0, powerIterations >= 0 else {
            throw .invalidSetting("oversampling and power iterations must be >= 0")
        }
        let l = min(rank + oversampling, min(m, n))
        var rng = SeededGenerator(seed: seed)
        let omega = rng.normalMatrix(rows: n, cols: l)
        var q = try Matrix.product(a, omega).orthonormalColumns()          // m x l
        for _ in 0..<powerIterations {
            let z = try Matrix.product(a, q, transposeA: true).orthonormalColumns() // n x l
            q = try Matrix.product(a, z).orthonormalColumns()
        }
        let b = try Matrix.product(q, a, transposeA: true)                  // l x n
        let small = try SVD(b)
        let uFull = try Matrix.product(q, small.U)                          // m x l
        U = uFull.columns(0..<rank)
        s = Array(small.s.prefix(rank))
        Vt = small.Vt.rows(0..<rank)
    }
}
