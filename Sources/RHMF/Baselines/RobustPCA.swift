import Foundation

/// Robust PCA by principal component pursuit (Candes, Li, Ma & Wright 2011): D = L + S with L low rank and S
/// sparse, minimising ||L||_* + lambda ||S||_1 by the alternating direction method of multipliers.
///
/// Each iteration's singular value thresholding needs only the singular values above 1/mu. While few exceed
/// it, a partial SVD by randomized projection is used, with a predicted rank that grows when every computed
/// value is still above the threshold; when many do (heteroskedastic data can make L's rank large), the
/// thresholded part comes from the eigen-decomposition of the small M x M Gram matrix X^T X instead, which
/// costs one SYRK and one symmetric eigensolve rather than a full SVD of the data.

public struct RobustPCA: Sendable {
    /// Low-rank part L (N x M).
    public var lowRank: Matrix
    /// Sparse part S (N x M).
    public var sparse: Matrix
    /// Rank of L at the end.
    public var rank: Int
    /// Iterations run.
    public var iterations: Int
    /// Final ||D - L - S||_F / ||D||_F.
    public var relativeResidual: Double
    /// Whether the residual fell below the tolerance.
    public var converged: Bool

    /// Decomposes `D` (missing entries as 0, no weights).
    /// - Parameters:
    ///   - lambda: sparsity weight, default 1 / sqrt(max(N, M)).
    ///   - mu: ADMM penalty, default N M / (4 ||D||_1).
    ///   - tolerance: stop when ||D - L - S||_F < tolerance ||D||_F.
    public init(_ D: Matrix, lambda: Double? = nil, mu: Double? = nil, tolerance: Double = 1e-7,
                maxIterations: Int = 1000, seed: UInt64 = 0) throws(RHMFError) {
        let n = D.rows, m = D.cols
        guard n > 1, m > 1 else { throw .emptyData("robust PCA of a \(n) x \(m) matrix") }
        guard D.storage.allSatisfy(\.isFinite) else { throw .nonFinite("robust PCA input contains NaN or infinity; set missing entries to 0") }
        guard maxIterations >= 1, tolerance > 0 else { throw .invalidSetting("robust PCA needs maxIterations >= 1 and tolerance > 0") }
        let l1 = D.storage.reduce(0) { $0 + abs($1) }
        let normD = D.frobeniusNorm
        guard l1 > 0 else {
            self.init(lowRank: D, sparse: Matrix(rows: n, cols: m), rank: 0, iterations: 0, relativeResidual: 0, converged: true)
            return
        }
        let lam = lambda ?? 1 / Double(max(n, m)).squareRoot()
        let mu = mu ?? Double(n) * Double(m) / (4 * l1)
        var S = Matrix(rows: n, cols: m)
        var Yd = Matrix(rows: n, cols: m)
        var L = Matrix(rows: n, cols: m)
        var predicted = min(10, min(n, m) - 1)
        var rank = 0, iterations = 0, residual = Double.infinity
        while iterations < maxIterations {
            iterations += 1
            // L-step: singular value thresholding of D - S + Yd / mu at 1 / mu.
            var x = D - S
            for k in x.storage.indices { x.storage[k] += Yd.storage[k] / mu }
            (L, rank) = try Self.thresholdSingularValues(x, at: 1 / mu, predictedRank: &predicted, seed: seed &+ UInt64(iterations))
            // S-step: soft thresholding of D - L + Yd / mu at lambda / mu.
            let t = lam / mu
            var r2 = 0.0
            for k in S.storage.indices {
                let v = D.storage[k] - L.storage[k] + Yd.storage[k] / mu
                S.storage[k] = v > t ? v - t : (v < -t ? v + t : 0)
                let r = D.storage[k] - L.storage[k] - S.storage[k]
                Yd.storage[k] += mu * r
                r2 += r * r
            }
            residual = r2.squareRoot() / normD
            if residual < tolerance { break }
        }
        self.init(lowRank: L, sparse: S, rank: rank, iterations: iterations, relativeResidual: residual, converged: residual < tolerance)
    }

    private init(lowRank: Matrix, sparse: Matrix, rank: Int, iterations: Int, relativeResidual: Double, converged: Bool) {
        self.lowRank = lowRank
        self.sparse = sparse
        self.rank = rank
        self.iterations = iterations
        self.relativeResidual = relativeResidual
        self.converged = converged
    }

    /// The best rank-`k` factorisation of L (A = U S, G = V), for comparing bases with RHMF and PCA.
    public func factors(rank k: Int) throws(RHMFError) -> RHMFState {
        try PCA.fit(lowRank, rank: k)
    }

    /// sum over singular values s > tau of (s - tau) u v^T, using a partial SVD whose size adapts.
    static func thresholdSingularValues(_ x: Matrix, at tau: Double, predictedRank: inout Int,
                                        seed: UInt64) throws(RHMFError) -> (Matrix, Int) {
        let limit = min(x.rows, x.cols)
        while true {
            let k = min(predictedRank, limit)
            if k > limit / 4 {
                let low = try thresholdByGram(x, at: tau)
                predictedRank = min(limit, max(low.1 + 5, 1))
                return low
            }
            let svd = try RandomizedSVD(x, rank: k, oversampling: 10, powerIterations: 2, seed: seed)
            let (u, s, vt) = (svd.U, svd.s, svd.Vt)
            let kept = s.prefix { $0 > tau }.count
            if kept == s.count {
                predictedRank = min(limit, max(k + 1, Int(Double(k) * 1.5) + 1))
                continue
            }
            predictedRank = min(limit, max(kept + 5, 1))
            if kept == 0 { return (Matrix(rows: x.rows, cols: x.cols), 0) }
            let us = Matrix(rows: x.rows, cols: kept) { i, c in u[i, c] * (s[c] - tau) }
            let low = try Matrix.product(us, vt.rows(0..<kept))
            return (low, kept)
        }
    }

    /// The thresholded low-rank part from eig(X^T X) = V diag(s^2) V^T (X is N x M with M the smaller side;
    /// otherwise X X^T): sum over s > tau of (s - tau) u v^T = X V diag(1 - tau/s) V^T over the kept directions.
    static func thresholdByGram(_ x: Matrix, at tau: Double) throws(RHMFError) -> (Matrix, Int) {
        let wide = x.cols > x.rows
        let xt = wide ? x.transposed : x                       // tall: n x m with m <= n
        let eig = try SymmetricEigen(xt.gram)                  // ascending eigenvalues s^2
        let m = xt.cols
        let kept = (0..<m).filter { eig.values[$0] > tau * tau }
        guard !kept.isEmpty else { return (Matrix(rows: x.rows, cols: x.cols), 0) }
        // low = (X V_k) diag(1 - tau/s) V_k^T.
        let vk = Matrix(rows: m, cols: kept.count) { i, c in eig.vectors[i, kept[c]] }
        var xv = try Matrix.product(xt, vk)
        let shrink = kept.map { 1 - tau / eig.values[$0].squareRoot() }
        for i in 0..<xv.rows { for c in 0..<kept.count { xv[i, c] *= shrink[c] } }
        let low = try Matrix.product(xv, vk, transposeB: true)
        return (wide ? low.transposed : low, kept.count)
    }
}
