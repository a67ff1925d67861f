import HMFCore

/// Solves many small symmetric systems (G_i + ridge I) x_i = b_i whose K x K matrices arrive packed:
/// the K(K+1)/2 upper-triangle entries in the order (0,0), (0,1), ..., (0,K-1), (1,1), ..., (K-1,K-1),
/// which is how the batched Gram GEMMs produce them.
///
/// Each system is solved by Cholesky (LAPACK dpotrf/dpotrs). A system that is not positive definite
/// (a row or column with no weight, or a degenerate basis) falls back to the minimum-norm
/// pseudo-inverse solution, so an object with no data gets zero coefficients instead of NaN.
struct PackedGramSolver {
    let k: Int
    let ridge: Double
    /// Count of systems that needed the pseudo-inverse fallback since creation.
    private(set) var fallbackCount = 0
    private var full: [Double]

    init(rank k: Int, ridge: Double) {
        self.k = k
        self.ridge = ridge
        full = [Double](repeating: 0, count: k * k)
    }

    /// Number of packed entries for rank k.
    static func packedCount(_ k: Int) -> Int { k * (k + 1) / 2 }

    /// Solves one system whose packed entry t is `packed[t * stride]`; the right-hand side (entry k at
    /// `rhs[k * rhsStride]`) is overwritten by the solution.
    mutating func solve(
        packed: UnsafePointer<Double>, stride: Int, rhs: UnsafeMutablePointer<Double>,
        rhsStride: Int
    ) {
        let n = Self.packedCount(k)
        if stride == 1 && rhsStride == 1 { return solve(packed: packed, rhs: rhs) }
        withUnsafeTemporaryAllocation(of: Double.self, capacity: n + k) { g in
            let p = g.baseAddress!
            let b = g.baseAddress! + n  // invariant: n + k >= 2
            for t in 0..<n { p[t] = packed[t * stride] }
            for c in 0..<k { b[c] = rhs[c * rhsStride] }
            solve(packed: UnsafePointer(p), rhs: b)
            for c in 0..<k { rhs[c * rhsStride] = b[c] }
        }
    }

    /// Solves one system; `packed` holds the K(K+1)/2 Gram entries, `rhs` (K values) is overwritten by x.
    mutating func solve(packed: UnsafePointer<Double>, rhs: UnsafeMutablePointer<Double>) {
        let k = self.k
        let ok: Bool = full.withUnsafeMutableBufferPointer { f in
            let a = f.baseAddress!  // invariant: k >= 1
            var p = 0
            var trace = 0.0
            for r in 0..<k {
                for c in r..<k {
                    let v = packed[p]
                    p += 1
                    a[r * k + c] = v
                    a[c * k + r] = v
                }
                a[r * k + r] += ridge
                trace += a[r * k + r]
            }
            guard trace > 0, trace.isFinite else { return false }
            if LAPACK.potrf(a, n: k) != 0 { return false }
            // Reject numerically singular factors: a tiny pivot relative to the scale means no information.
            for r in 0..<k where a[r * k + r] * a[r * k + r] <= 1e-13 * trace { return false }
            return LAPACK.potrs(a, n: k, rhs: rhs) == 0
        }
        if !ok { pseudoInverseSolve(packed: packed, rhs: rhs) }
    }

    /// Minimum-norm solution through the eigen-decomposition, discarding directions with eigenvalue
    /// below 1e-12 of the largest (all of them when the matrix is zero).
    private mutating func pseudoInverseSolve(
        packed: UnsafePointer<Double>, rhs: UnsafeMutablePointer<Double>
    ) {
        fallbackCount += 1
        let k = self.k
        var m = Matrix(rows: k, cols: k)
        var p = 0
        for r in 0..<k {
            for c in r..<k {
                m[r, c] = packed[p]
                m[c, r] = packed[p]
                p += 1
            }
            m[r, r] += ridge
        }
        let b = (0..<k).map { rhs[$0] }
        for i in 0..<k { rhs[i] = 0 }
        guard m.isFinite, let eig = try? SymmetricEigen(m) else { return }
        let top = eig.values.last ?? 0
        guard top > 0 else { return }
        for e in 0..<k where eig.values[e] > 1e-12 * top {
            var proj = 0.0
            for i in 0..<k { proj += eig.vectors[i, e] * b[i] }
            proj /= eig.values[e]
            for i in 0..<k { rhs[i] += proj * eig.vectors[i, e] }
        }
    }
}
