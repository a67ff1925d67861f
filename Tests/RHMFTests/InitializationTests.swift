import HMFCore
import Testing

@testable import RHMF

@Suite struct InitializationTests {
    let planted = Planted(N: 70, M: 40, K: 3, noise: 0.01, outlierFraction: 0.01, seed: 41)

    @Test func precomputedSVDStartEqualsSVDInitialisation() throws {
        let settings = FitSettings(rank: 3, convergence: Convergence(maxCycles: 5))
        let direct = try RobustHMF(settings).fit(planted.data)
        let start = try RHMFState(svd: try SVD(planted.data.Y), rank: 3)
        let shared = try RobustHMF(settings).fit(planted.data, start: start)
        // Equal to rounding: LAPACK may round differently when other tests change OpenBLAS's thread count.
        #expect(
            (direct.state.coefficients - shared.state.coefficients).maxAbs <= 1e-12
                * direct.state.coefficients.maxAbs)
        #expect(
            (direct.state.basis - shared.state.basis).maxAbs <= 1e-12 * direct.state.basis.maxAbs)
        for (a, b) in zip(direct.trace.loss, shared.trace.loss) { #expect(abs(a - b) <= 1e-12 * a) }
    }

    @Test func svdInitialisationIsTheBestRankKApproximation() throws {
        let (A, G) = try Initialization.svd.factors(for: planted.data, rank: 3)
        let pca = try PCA(planted.data.Y, rank: 3)
        let model = try Matrix.product(A, G, transposeB: true)
        #expect((model - pca.reconstruction()).maxAbs < 1e-10 * model.maxAbs)
    }

    @Test func randomizedSVDInitialisationMatchesTheExactOneOnLowRankData() throws {
        let (A, G) = try Initialization.svd.factors(for: planted.data, rank: 3)
        let (Ar, Gr) = try Initialization.randomizedSVD(seed: 3).factors(for: planted.data, rank: 3)
        let exact = try Matrix.product(A, G, transposeB: true)
        let approx = try Matrix.product(Ar, Gr, transposeB: true)
        #expect((exact - approx).maxAbs < 1e-4 * exact.maxAbs)
    }

    @Test func randomInitialisationIsReproducibleBySeed() throws {
        let one = try Initialization.random(seed: 5).factors(for: planted.data, rank: 3)
        let two = try Initialization.random(seed: 5).factors(for: planted.data, rank: 3)
        let other = try Initialization.random(seed: 6).factors(for: planted.data, rank: 3)
        #expect(one.A == two.A && one.G == two.G)
        #expect(one.A != other.A)
    }
}
