/// The gauge fix applied after each cycle. A G^T is unchanged by any invertible K x K R with
/// A -> A R, G -> G R^-T; a rotation picks one representative so that the basis is comparable between fits.
public enum Rotation: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
    /// Whiten G: from eig(G^T G + eps I) = V L V^T (eigenvalues floored at eps),
    /// G <- G V L^-1/2 V^T and A <- A V L^1/2 V^T, so G^T G = I up to eps.
    case fast
    /// Whiten A instead: A^T A = I up to eps, G absorbs the scale.
    case fastA
    /// SVD of A G^T in factored form: G orthonormal, A's columns orthogonal and ordered by decreasing norm,
    /// signs fixed so each basis vector's largest entry is positive.
    case slow
    /// No rotation.
    case identity

    static let eps = 1e-6

    /// Applies the rotation in place.
    func apply(A: inout Matrix, G: inout Matrix) throws(RHMFError) {
        switch self {
        case .identity: return
        case .fast: try Self.whiten(&G, counterpart: &A)
        case .fastA: try Self.whiten(&A, counterpart: &G)
        case .slow: try Self.canonical(A: &A, G: &G)
        }
    }

    /// X <- X V L^-1/2 V^T, Y <- Y V L^1/2 V^T with V L V^T = eig(X^T X + eps I), L floored at eps.
    private static func whiten(_ x: inout Matrix, counterpart y: inout Matrix) throws(RHMFError) {
        let k = x.cols
        var c = x.gram
        for i in 0..<k { c[i, i] += eps }
        let eig = try SymmetricEigen(c)
        let l = eig.values.map { max($0, eps) }
        let v = eig.vectors
        let inv = Matrix(rows: k, cols: k) { i, j in (0..<k).reduce(0) { $0 + v[i, $1] * v[j, $1] / l[$1].squareRoot() } }
        let fwd = Matrix(rows: k, cols: k) { i, j in (0..<k).reduce(0) { $0 + v[i, $1] * v[j, $1] * l[$1].squareRoot() } }
        x = try Matrix.product(x, inv)
        y = try Matrix.product(y, fwd)
    }

    /// A G^T = Ua Sa Va^T G^T; with Z = G Va Sa = Uz Sz Vz^T: A G^T = (Ua Vz Sz) Uz^T.
    private static func canonical(A: inout Matrix, G: inout Matrix) throws(RHMFError) {
        let k = A.cols
        let sa = try SVD(A)
        let vaSa = Matrix(rows: k, cols: k) { i, j in sa.Vt[j, i] * sa.s[j] }
        let z = try Matrix.product(G, vaSa)
        let sz = try SVD(z)
        var g = sz.U
        var a = try Matrix.product(sa.U, sz.Vt, transposeB: true).map { $0 }
        for c in 0..<k {
            for i in 0..<a.rows { a[i, c] *= sz.s[c] }
        }
        for c in 0..<k {
            var big = 0.0
            for j in 0..<g.rows where abs(g[j, c]) > abs(big) { big = g[j, c] }
            if big < 0 {
                for j in 0..<g.rows { g[j, c] = -g[j, c] }
                for i in 0..<a.rows { a[i, c] = -a[i, c] }
            }
        }
        A = a
        G = g
    }
}
