import Testing
@testable import RHMF

@Suite struct BaselineTests {
    @Test func pcaMatchesTheTruncatedSVD() throws {
        var rng = SeededGenerator(seed: 2)
        let y = rng.normalMatrix(rows: 50, cols: 30)
        let pca = try PCA.fit(y, rank: 4)
        let svd = try SVD(y)
        let best = Matrix(rows: 50, cols: 30) { i, j in (0..<4).reduce(0) { $0 + svd.U[i, $1] * svd.s[$1] * svd.Vt[$1, j] } }
        #expect((pca.synthesize() - best).maxAbs < 1e-10)
        #expect((pca.G.gram - Matrix.identity(4)).maxAbs < 1e-12)
    }

    @Test func randomizedSVDFindsTheLeadingTriplets() throws {
        var rng = SeededGenerator(seed: 3)
        let low = try Matrix.product(rng.normalMatrix(rows: 500, cols: 6), rng.normalMatrix(rows: 6, cols: 450))
        let y = low + 1e-6 * rng.normalMatrix(rows: 500, cols: 450)
        let r = try RandomizedSVD(y, rank: 6, seed: 1)
        let exact = try SVD(y)
        for k in 0..<6 { #expect(abs(r.s[k] - exact.s[k]) < 1e-8 * exact.s[0]) }
        // PCA on a large matrix goes through the randomized path and must still be the best rank-6 model.
        let pca = try PCA.fit(y, rank: 6)
        #expect((pca.synthesize() - low).frobeniusNorm < 1e-3 * low.frobeniusNorm)
    }

    @Test func principalComponentPursuitSeparatesLowRankAndSparse() throws {
        var rng = SeededGenerator(seed: 4)
        let (n, m) = (150, 120)
        let low = try Matrix.product(rng.normalMatrix(rows: n, cols: 3), rng.normalMatrix(rows: 3, cols: m))
        var sparse = Matrix(rows: n, cols: m)
        var support = [Bool](repeating: false, count: n * m)
        for k in sparse.storage.indices where rng.uniform() < 0.05 {
            sparse.storage[k] = rng.uniform() < 0.5 ? -10 : 10
            support[k] = true
        }
        let pcp = try RobustPCA(low + sparse, tolerance: 1e-7)
        #expect(pcp.converged)
        #expect(pcp.rank == 3)
        #expect((pcp.lowRank - low).frobeniusNorm < 1e-4 * low.frobeniusNorm)
        #expect((pcp.sparse - sparse).frobeniusNorm < 1e-4 * sparse.frobeniusNorm)
        let found = pcp.sparse.storage.map { abs($0) > 1 }
        #expect(found == support)
    }

    @Test(arguments: [(60, 40), (40, 60)])
    func gramThresholdingEqualsSVDThresholding(shape: (Int, Int)) throws {
        var rng = SeededGenerator(seed: 12)
        let x = rng.normalMatrix(rows: shape.0, cols: shape.1)
        let svd = try SVD(x)
        let tau = (svd.s[9] + svd.s[10]) / 2
        let expected = Matrix(rows: shape.0, cols: shape.1) { i, j in
            (0..<svd.s.count).reduce(0) { $0 + (svd.s[$1] > tau ? svd.U[i, $1] * (svd.s[$1] - tau) * svd.Vt[$1, j] : 0) }
        }
        let (low, kept) = try RobustPCA.thresholdByGram(x, at: tau)
        #expect(kept == 10)
        #expect((low - expected).maxAbs < 1e-10)
    }
}
