/// Principal component analysis as a baseline: the truncated SVD of the data with missing entries as 0 and no
/// weights, Y ~ U_K S_K V_K^T, returned as factors A = U_K S_K and G = V_K (orthonormal basis).
public enum PCA {
    /// Rank-`rank` PCA of `Y` (no mean subtraction, as in the paper's baseline).
    /// Uses the exact SVD when it is cheap and a randomized SVD with extra power iterations otherwise.
    public static func fit(_ Y: Matrix, rank: Int, seed: UInt64 = 0) throws(RHMFError) -> RHMFState {
        guard Y.rows > 0, Y.cols > 0 else { throw .emptyData("PCA of a \(Y.rows) x \(Y.cols) matrix") }
        guard rank >= 1, rank < min(Y.rows, Y.cols) else {
            throw .invalidRank("PCA rank \(rank) must be in 1 ..< \(min(Y.rows, Y.cols))")
        }
        guard Y.storage.allSatisfy(\.isFinite) else { throw .nonFinite("PCA input contains NaN or infinity; set missing entries to 0") }
        let (u, s, vt): (Matrix, [Double], Matrix)
        if min(Y.rows, Y.cols) <= 400 {
            let svd = try SVD(Y)
            (u, s, vt) = (svd.U, svd.s, svd.Vt)
        } else {
            let svd = try RandomizedSVD(Y, rank: rank, oversampling: 20, powerIterations: 4, seed: seed)
            (u, s, vt) = (svd.U, svd.s, svd.Vt)
        }
        let a = Matrix(rows: Y.rows, cols: rank) { i, k in u[i, k] * s[k] }
        let g = Matrix(rows: Y.cols, cols: rank) { j, k in vt[k, j] }
        return try RHMFState(A: a, G: g)
    }
}
