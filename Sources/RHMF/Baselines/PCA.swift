public import HMFCore

/// Principal component analysis as a baseline: the truncated SVD of the data with missing entries as 0 and no
/// weights, Y ~ U_K S_K V_K^T, as factors A = U_K S_K and G = V_K (orthonormal basis). No mean is subtracted,
/// as in the paper's baseline.
public struct PCA: Factorization, Sendable {
    /// The basis V_K (M x K, orthonormal columns).
    public let basis: Matrix
    /// The coefficients U_K S_K (N x K).
    public let coefficients: Matrix
    /// The leading singular values, descending.
    public let singularValues: [Double]

    /// Rank-`rank` PCA of `Y`: the exact SVD when min(N, M) <= 400, a randomized SVD with four power
    /// iterations otherwise.
    public init(_ Y: Matrix, rank: Int, seed: UInt64 = 0) throws(RHMFError) {
        self = try BLASThreads.with(Lanes.count) { () throws(RHMFError) -> PCA in
            try PCA(computing: Y, rank: rank, seed: seed)
        }
    }

    private init(computing Y: Matrix, rank: Int, seed: UInt64) throws(RHMFError) {
        guard Y.rows > 0, Y.cols > 0 else {
            throw .emptyData("PCA of a \(Y.rows) x \(Y.cols) matrix")
        }
        guard rank >= 1, rank < min(Y.rows, Y.cols) else {
            throw .invalidRank("PCA rank \(rank) must be in 1 ..< \(min(Y.rows, Y.cols))")
        }
        guard Y.isFinite else {
            throw .nonFinite("PCA input contains NaN or infinity; set missing entries to 0")
        }
        let (u, s, vt): (Matrix, [Double], Matrix)
        if min(Y.rows, Y.cols) <= 400 {
            let svd = try SVD(Y)
            (u, s, vt) = (svd.U, svd.s, svd.Vt)
        } else {
            let svd = try RandomizedSVD(
                Y, rank: rank, oversampling: 20, powerIterations: 4, seed: seed)
            (u, s, vt) = (svd.U, svd.s, svd.Vt)
        }
        coefficients = Matrix(rows: Y.rows, cols: rank) { i, k in u[i, k] * s[k] }
        basis = Matrix(rows: Y.cols, cols: rank) { j, k in vt[k, j] }
        singularValues = Array(s.prefix(rank))
    }

    /// Rank-`rank` PCA of the values of `data` (missing entries are 0; the weights are ignored).
    public init(_ data: WeightedData, rank: Int, seed: UInt64 = 0) throws(RHMFError) {
        try self.init(data.Y, rank: rank, seed: seed)
    }

    /// A PCA from its parts (e.g. read back from a store).
    public init(basis: Matrix, coefficients: Matrix, singularValues: [Double]) {
        self.basis = basis
        self.coefficients = coefficients
        self.singularValues = singularValues
    }
}
