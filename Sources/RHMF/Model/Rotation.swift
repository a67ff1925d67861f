import HMFCore

/// The gauge fix applied after each cycle. A G^T is unchanged by any invertible K x K R with
/// A -> A R, G -> G R^-T; a rotation picks one representative so that the basis is comparable between fits.
///
/// Every rotation is computed from K x K matrices (G^T G, and A^T A summed over processes), so that all
/// processes of a distributed fit apply the same transform to their own rows of A.
public enum Rotation: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
    /// Whiten G: from eig(G^T G + eps I) = V L V^T (eigenvalues floored at eps),
    /// G <- G V L^-1/2 V^T and A <- A V L^1/2 V^T, so G^T G = I up to eps.
    case fast
    /// Whiten A instead: A^T A = I up to eps, G absorbs the scale.
    case fastA
    /// The SVD of A G^T in factored form: G orthonormal, A's columns orthogonal and ordered by decreasing norm,
    /// signs fixed so that each basis vector's largest entry is positive.
    case slow
    /// No rotation.
    case identity

    static let eps = 1e-6

    /// Applies the rotation in place (A^T A is summed over the processes of `reduction`).
    func apply(A: inout Matrix, G: inout Matrix, reduction: any Reduction = LocalReduction())
        throws(RHMFError)
    {
        switch self {
        case .identity:
            return
        case .fast:
            let (inv, fwd) = try Self.whitening(G.gram)
            G = try Matrix.product(G, inv)
            A = try Matrix.product(A, fwd)
        case .fastA:
            let (inv, fwd) = try Self.whitening(try Self.globalGram(A, reduction))
            A = try Matrix.product(A, inv)
            G = try Matrix.product(G, fwd)
        case .slow:
            try Self.canonical(A: &A, G: &G, reduction: reduction)
        }
    }

    /// From eig(C + eps I) = V L V^T (L floored at eps): (V L^-1/2 V^T, V L^1/2 V^T).
    private static func whitening(_ gram: Matrix) throws(RHMFError) -> (Matrix, Matrix) {
        let k = gram.rows
        var c = gram
        for i in 0..<k { c[i, i] += eps }
        let eig = try SymmetricEigen(c)
        let l = eig.values.map { Swift.max($0, eps) }
        let v = eig.vectors
        let inv = Matrix(rows: k, cols: k) { i, j in
            (0..<k).reduce(0) { $0 + v[i, $1] * v[j, $1] / l[$1].squareRoot() }
        }
        let fwd = Matrix(rows: k, cols: k) { i, j in
            (0..<k).reduce(0) { $0 + v[i, $1] * v[j, $1] * l[$1].squareRoot() }
        }
        return (inv, fwd)
    }

    /// A^T A over all processes.
    private static func globalGram(_ a: Matrix, _ reduction: any Reduction) throws(RHMFError)
        -> Matrix
    {
        var gram = a.gram.elements
        try reduction.sum(&gram)
        return try Matrix(rows: a.cols, cols: a.cols, checked: gram)
    }

    /// With A^T A = Va Sa^2 Va^T (so A = Ua Sa Va^T) and Z = G Va Sa = Uz Sz Vz^T:
    /// A G^T = (Ua Vz Sz) Uz^T, so G <- Uz and A <- A (Va Sa^-1 Vz Sz).
    private static func canonical(A: inout Matrix, G: inout Matrix, reduction: any Reduction)
        throws(RHMFError)
    {
        let k = A.cols
        let eig = try SymmetricEigen(try globalGram(A, reduction))  // ascending
        let order = Array((0..<k).reversed())
        let sa = order.map { Swift.max(eig.values[$0], 0).squareRoot() }
        let va = Matrix(rows: k, cols: k) { i, c in eig.vectors[i, order[c]] }
        let z = try Matrix.product(G, Matrix(rows: k, cols: k) { i, c in va[i, c] * sa[c] })
        let sz = try SVD(z)
        let transform = Matrix(rows: k, cols: k) { i, c in
            (0..<k).reduce(0) { acc, m in acc + va[i, m] * (sa[m] > 0 ? 1 / sa[m] : 0) * sz.Vt[c, m]
            } * sz.s[c]
        }
        (A, G) = signed(A: try Matrix.product(A, transform), G: sz.U)
    }

    /// The factors with each component's sign chosen so that its largest-magnitude entry of G (the first, on
    /// ties) is positive; decided from G alone, which every process of a distributed fit holds.
    static func signed(A: Matrix, G: Matrix) -> (A: Matrix, G: Matrix) {
        let flip = (0..<G.cols).map { c in
            var largest = 0.0
            for j in 0..<G.rows where abs(G[j, c]) > abs(largest) { largest = G[j, c] }
            return largest < 0
        }
        guard flip.contains(true) else { return (A, G) }
        return (
            Matrix(rows: A.rows, cols: A.cols) { i, c in flip[c] ? -A[i, c] : A[i, c] },
            Matrix(rows: G.rows, cols: G.cols) { j, c in flip[c] ? -G[j, c] : G[j, c] }
        )
    }
}
