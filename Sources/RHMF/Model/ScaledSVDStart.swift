import Foundation
import HMFCore

/// The start of `Initialization.scaledSVD`: the truncated SVD of the weight-scaled data Z = sqrt(W) .* Y,
/// Z ~ U_K S_K V_K^T, gives the basis G = V_K sqrt(S_K); the coefficients A are then, row by row, the exact
/// weighted least-squares solution of y_i ~ G a_i with the data weights W_i.
///
/// Why: the plain SVD start treats every entry alike, so the noisiest rows and the zeros of missing segments
/// (W = 0) pull the start towards directions no weighted fit wants. Scaling by sqrt(W) is exact when the
/// weights are constant along each row (W_ij = w_i): then sqrt(w_i) y_i ~ sqrt(w_i) a_i G^T is a rank-K problem
/// of the scaled rows and its optimum is the SVD of Z. For constant W it is the plain SVD.
package struct ScaledSVDStart: Sendable {
    /// Coefficients, N x K.
    package let A: Matrix
    /// Basis, M x K.
    package let G: Matrix

    /// The start for `data` at rank `rank`.
    /// - Throws: `RHMFError.invalidRank` for a rank outside 1 ..< min(N, M), LAPACK failures.
    package init(_ data: WeightedData, rank k: Int) throws(RHMFError) {
        let y = data.Y
        let w = data.W
        guard k >= 1, k < min(y.rows, y.cols) else {
            throw .invalidRank("scaled-SVD start rank \(k) must be in 1 ..< \(min(y.rows, y.cols))")
        }
        let z = Matrix(rows: y.rows, cols: y.cols) { i, j in w[i, j].squareRoot() * y[i, j] }
        let svd = try BLASThreads.with(Lanes.count) { () throws(RHMFError) -> SVD in try SVD(z) }
        let root = svd.s.prefix(k).map { $0.squareRoot() }
        G = Matrix(rows: y.cols, cols: k) { j, c in svd.Vt[c, j] * root[c] }
        A = Self.weightedCoefficients(Y: y, W: w, basis: G)
    }

    /// Row by row, the weighted least-squares coefficients a_i = argmin sum_j W_ij (Y_ij - g_j . a_i)^2,
    /// from the K x K normal equations (G^T diag(W_i) G) a_i = G^T diag(W_i) y_i. A row whose normal matrix is
    /// singular (no weight, or weight on fewer than K independent pixels) gets the minimum-norm-like solution of
    /// the equations regularised by 1e-12 of their trace; a row with no weight gets zeros.
    package static func weightedCoefficients(Y: Matrix, W: Matrix, basis g: Matrix) -> Matrix {
        let n = Y.rows
        let m = Y.cols
        let k = g.cols
        var a = Matrix(rows: n, cols: k)
        var normal = [Double](repeating: 0, count: k * k)
        var rhs = [Double](repeating: 0, count: k)
        for i in 0..<n {
            for t in 0..<(k * k) { normal[t] = 0 }
            for t in 0..<k { rhs[t] = 0 }
            for j in 0..<m {
                let wij = W[i, j]
                guard wij > 0 else { continue }
                let yij = Y[i, j]
                for p in 0..<k {
                    let wg = wij * g[j, p]
                    rhs[p] += wg * yij
                    for q in 0...p { normal[p * k + q] += wg * g[j, q] }
                }
            }
            var trace = 0.0
            for p in 0..<k { trace += normal[p * k + p] }
            guard trace > 0 else { continue }
            for p in 0..<k { normal[p * k + p] += 1e-12 * trace }
            let solution = choleskySolve(lower: normal, rhs, k)
            for p in 0..<k { a[i, p] = solution[p] }
        }
        return a
    }

    /// Solves S x = b for a symmetric positive definite S given by its lower triangle (row-major, k x k).
    static func choleskySolve(lower s: [Double], _ b: [Double], _ k: Int) -> [Double] {
        var l = [Double](repeating: 0, count: k * k)
        for p in 0..<k {
            for q in 0...p {
                var sum = s[p * k + q]
                for r in 0..<q { sum -= l[p * k + r] * l[q * k + r] }
                l[p * k + q] =
                    p == q ? Swift.max(sum, .leastNormalMagnitude).squareRoot() : sum / l[q * k + q]
            }
        }
        var x = b
        for p in 0..<k {
            for r in 0..<p { x[p] -= l[p * k + r] * x[r] }
            x[p] /= l[p * k + p]
        }
        for p in stride(from: k - 1, through: 0, by: -1) {
            for r in (p + 1)..<k { x[p] -= l[r * k + p] * x[r] }
            x[p] /= l[p * k + p]
        }
        return x
    }
}
