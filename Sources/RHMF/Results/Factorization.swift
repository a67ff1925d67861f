public import HMFCore

/// What every method here delivers: a basis G (M x K, column k is basis vector k over pixels) and coefficients
/// A (N x K, one row per object), with Y ~ A G^T. RHMF fits, inferences, PCA and robust PCA all conform, so
/// an analysis compares methods without adapters.
public protocol Factorization {
    /// The basis G, M x K.
    var basis: Matrix { get }
    /// The coefficients A, N x K.
    var coefficients: Matrix { get }
}

extension Factorization {
    /// The rank K.
    public var rank: Int { basis.cols }

    /// The model of row `i`: sum_k A_ik G_jk over pixels j.
    public func reconstruction(row i: Int) -> [Double] {
        let a = coefficients
        let g = basis
        return (0..<g.rows).map { j in (0..<g.cols).reduce(0) { $0 + a[i, $1] * g[j, $1] } }
    }

    /// The model of every row, A G^T (N x M).
    public func reconstruction() -> Matrix {
        (try? Matrix.product(coefficients, basis, transposeB: true))
            ?? Matrix(rows: coefficients.rows, cols: basis.rows)  // invariant: A and G share K
    }

    /// The largest principal angle between this basis and `other`'s span, in degrees.
    public func largestAngle(to other: Matrix) throws(RHMFError) -> Double {
        try principalAngles(between: basis, and: other).largestDegrees
    }
}
