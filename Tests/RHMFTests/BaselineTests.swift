import HMFCore
import Testing

@testable import RHMF

@Suite struct BaselineTests {
    @Test func pcaMatchesTheTruncatedSVD() throws {
        var rng = SeededGenerator(seed: 2)
        let y = rng.normalMatrix(rows: 50, cols: 30)
        let pca = try PCA(y, rank: 4)
        let svd = try SVD(y)
        let best = Matrix(rows: 50, cols: 30) { i, j in
            (0..<4).reduce(0) { $0 + svd.U[i, $1] * svd.s[$1] * svd.Vt[$1, j] }
        }
        #expect((pca.reconstruction() - best).maxAbs < 1e-10)
        #expect((pca.basis.gram - Matrix.identity(4)).maxAbs < 1e-12)
    }

    @Test func randomizedSVDFindsTheLeadingTriplets() throws {
        var rng = SeededGenerator(seed: 3)
        let low = try Matrix.product(
            rng.normalMatrix(rows: 500, cols: 6), rng.normalMatrix(rows: 6, cols: 450))
        let y = low + 1e-6 * rng.normalMatrix(rows: 500, cols: 450)
        let r = try RandomizedSVD(y, rank: 6, seed: 1)
        let exact = try SVD(y)
        for k in 0..<6 { #expect(abs(r.s[k] - exact.s[k]) < 1e-8 * exact.s[0]) }
        // PCA on a large matrix goes through the randomized path and must still be the best rank-6 model.
        let pca = try PCA(y, rank: 6)
        #expect((pca.reconstruction() - low).frobeniusNorm < 1e-3 * low.frobeniusNorm)
    }

    /// Low rank plus 5% gross sparse corruption.
    func corrupted(_ n: Int, _ m: Int, rank: Int, seed: UInt64) throws -> (
        low: Matrix, sparse: Matrix
    ) {
        var rng = SeededGenerator(seed: seed)
        let low = try Matrix.product(
            rng.normalMatrix(rows: n, cols: rank), rng.normalMatrix(rows: rank, cols: m))
        var sparse = Matrix(rows: n, cols: m)
        sparse.update { v in if rng.uniform() < 0.05 { v = rng.uniform() < 0.5 ? -10 : 10 } }
        return (low, sparse)
    }

    @Test func principalComponentPursuitSeparatesLowRankAndSparse() throws {
        let (low, sparse) = try corrupted(150, 120, rank: 3, seed: 4)
        let pcp = try RobustPCA(low + sparse, rank: 3, tolerance: 1e-7)
        #expect(pcp.converged && pcp.relativeResidual < 1e-7)
        #expect(pcp.cycles < 100, "\(pcp.cycles) iterations")
        #expect(pcp.lowRankRank == 3)
        #expect((pcp.lowRank - low).frobeniusNorm < 1e-4 * low.frobeniusNorm)
        #expect((pcp.sparse - sparse).frobeniusNorm < 1e-4 * sparse.frobeniusNorm)
        #expect(pcp.sparse.elements.map { abs($0) > 1 } == sparse.elements.map { $0 != 0 })
        #expect(
            try principalAngles(between: pcp.basis, and: try PCA(low, rank: 3).basis).largest < 1e-6
        )
    }

    /// The convex optimality conditions of min ||L||_* + lambda ||S||_1 s.t. L + S = D, checked with the final
    /// multiplier Y: Y is a subgradient of lambda ||S||_1 (|Y_ij| <= lambda, = lambda sign(S_ij) on S's
    /// support) and of ||L||_* (U^T Y V = I on L's singular vectors, and ||Y - U V^T||_2 <= 1).
    @Test func principalComponentPursuitSatisfiesTheOptimalityConditions() throws {
        let (low, sparse) = try corrupted(90, 70, rank: 4, seed: 14)
        let d = low + sparse
        let pcp = try RobustPCA(d, rank: 4, tolerance: 1e-10, maxCycles: 1000)
        #expect(pcp.converged)
        let lam = pcp.lambda
        let y = pcp.multiplier
        var onSupport = 0.0
        var offSupport = 0.0
        for i in 0..<d.rows {
            for j in 0..<d.cols {
                let s = pcp.sparse[i, j]
                if s != 0 {
                    onSupport = max(onSupport, abs(y[i, j] - lam * (s > 0 ? 1 : -1)))
                } else {
                    offSupport = max(offSupport, abs(y[i, j]))
                }
            }
        }
        #expect(onSupport < 1e-6 * lam, "on the support |Y - lambda sign(S)| = \(onSupport)")
        #expect(
            offSupport <= lam * (1 + 1e-6), "off the support |Y| = \(offSupport), lambda = \(lam)")
        let svd = try SVD(pcp.lowRank)
        let r = pcp.lowRankRank
        let u = svd.U.columns(0..<r)
        let v = svd.Vt.rows(0..<r).transposed
        let projected = try Matrix.product(try Matrix.product(u, y, transposeA: true), v)
        #expect(
            (projected - Matrix.identity(r)).maxAbs < 1e-4,
            "U^T Y V - I = \((projected - Matrix.identity(r)).maxAbs)")
        let rest = y - (try Matrix.product(u, v, transposeB: true))
        #expect(try SVD(rest).s[0] <= 1 + 1e-5)
    }

    @Test(arguments: [(60, 40), (40, 60)])
    func gramThresholdingEqualsSVDThresholding(shape: (Int, Int)) throws {
        var rng = SeededGenerator(seed: 12)
        let x = rng.normalMatrix(rows: shape.0, cols: shape.1)
        let svd = try SVD(x)
        let tau = (svd.s[9] + svd.s[10]) / 2
        let expected = Matrix(rows: shape.0, cols: shape.1) { i, j in
            (0..<svd.s.count).reduce(0) {
                $0 + (svd.s[$1] > tau ? svd.U[i, $1] * (svd.s[$1] - tau) * svd.Vt[$1, j] : 0)
            }
        }
        let (low, kept) = try RobustPCA.thresholdByGram(x, at: tau)
        #expect(kept == 10)
        #expect((low - expected).maxAbs < 1e-10)
    }
}
