import HMFCore
import Testing

@testable import RHMF

/// The fast engine against the normal equations and against a deliberately simple per-row implementation.
@Suite struct ALSCycleTests {
    let planted = Planted(N: 60, M: 45, K: 3, noise: 0.05, outlierFraction: 0.02, seed: 7)

    func start() throws -> (A: Matrix, G: Matrix) {
        try Initialization.svd.factors(for: planted.data, rank: 3)
    }

    @Test(arguments: [Likelihood.gaussian, .cauchy(q: 2), .studentT(nu: 3, s: 1.5)])
    func aAndGStepsSatisfyTheirNormalEquations(likelihood: Likelihood) throws {
        let data = planted.data
        var (A, G) = try start()
        let wt = SlowReference.totalWeights(
            Y: data.Y, W: data.W, A: A, G: G, likelihood: likelihood)
        let oldG = G
        var engine = alsEngine(
            data, FitSettings(rank: 3, likelihood: likelihood, rotation: .identity, blockRows: 16))
        _ = try engine.cycle(A: &A, G: &G)
        // Row i: sum_j wt_ij (y_ij - a_i . g_j) g_j = 0 with the old G.
        for i in 0..<data.N {
            for k in 0..<3 {
                var grad = 0.0
                var scale = 0.0
                for j in 0..<data.M {
                    var p = 0.0
                    for l in 0..<3 { p += A[i, l] * oldG[j, l] }
                    grad += wt[i][j] * (data.Y[i, j] - p) * oldG[j, k]
                    scale += abs(wt[i][j] * data.Y[i, j] * oldG[j, k])
                }
                #expect(abs(grad) <= 1e-10 * scale)
            }
        }
        // Column j: sum_i wt_ij (y_ij - a_i . g_j) a_i = 0 with the new A.
        for j in 0..<data.M {
            for k in 0..<3 {
                var grad = 0.0
                var scale = 0.0
                for i in 0..<data.N {
                    var p = 0.0
                    for l in 0..<3 { p += A[i, l] * G[j, l] }
                    grad += wt[i][j] * (data.Y[i, j] - p) * A[i, k]
                    scale += abs(wt[i][j] * data.Y[i, j] * A[i, k])
                }
                #expect(abs(grad) <= 1e-10 * scale)
            }
        }
    }

    @Test(arguments: [Likelihood.gaussian, .cauchy(q: 1), .studentT(nu: 4, s: 2)])
    func fastCycleAgreesWithPerRowLoops(likelihood: Likelihood) throws {
        try expectCyclesAgreeWithPerRowLoops(planted, rank: 3, likelihood, blockRows: 7)
    }

    /// Rows wider than the kernels' column slices (and not a multiple of four), in blocks of 13 rows (three
    /// groups of four and a single row).
    @Test func fastCycleAgreesWithPerRowLoopsOnWideRows() throws {
        let wide = Planted(N: 61, M: 1030, K: 4, noise: 0.05, outlierFraction: 0.02, seed: 8)
        try expectCyclesAgreeWithPerRowLoops(wide, rank: 4, .cauchy(q: 1), blockRows: 13)
    }

    func expectCyclesAgreeWithPerRowLoops(
        _ planted: Planted, rank: Int, _ likelihood: Likelihood, blockRows: Int
    ) throws {
        let data = planted.data
        var (A, G) = try Initialization.svd.factors(for: data, rank: rank)
        var refA = A
        var refG = G
        var engine = alsEngine(
            data,
            FitSettings(
                rank: rank, likelihood: likelihood, rotation: .identity, blockRows: blockRows))
        for _ in 0..<3 {
            _ = try engine.cycle(A: &A, G: &G)
            (refA, refG) = SlowReference.cycle(
                Y: data.Y, W: data.W, A: refA, G: refG, likelihood: likelihood)
        }
        let model = try Matrix.product(A, G, transposeB: true)
        let reference = try Matrix.product(refA, refG, transposeB: true)
        #expect((model - reference).maxAbs <= 1e-10 * reference.maxAbs)
        #expect((A - refA).maxAbs <= 1e-10 * refA.maxAbs)
        #expect((G - refG).maxAbs <= 1e-10 * refG.maxAbs)
    }

    @Test func streamedLossMatchesEntryByEntryLoss() throws {
        let data = planted.data
        let (A, G) = try start()
        for likelihood in [Likelihood.gaussian, .cauchy(q: 0.5), .studentT(nu: 2, s: 1)] {
            let fast = try engineLoss(data, A, G, likelihood, blockRows: 11)
            let slow = SlowReference.loss(Y: data.Y, W: data.W, A: A, G: G, likelihood: likelihood)
            #expect(abs(fast - slow) <= 1e-12 * slow)
        }
    }

    @Test func singlePrecisionLossMatchesEntryByEntryLoss() throws {
        // Odd sizes exercise the four-row and four-pixel groups and their ends.
        let big = Planted(
            N: 163, M: 501, K: 3, noise: 0.05, outlierFraction: 0.02, seed: 9, precision: .single)
        let (A, G) = try Initialization.svd.factors(for: big.data, rank: 3)
        for likelihood in [Likelihood.gaussian, .cauchy(q: 1)] {
            let fast = try engineLoss(big.data, A, G, likelihood, blockRows: 37)
            let slow = SlowReference.loss(Y: big.Y, W: big.W, A: A, G: G, likelihood: likelihood)
            #expect(abs(fast - slow) <= 1e-12 * slow)
        }
    }

    @Test(arguments: [3, 8])
    func hugeResidualsKeepTheLossAccurate(blockRows: Int) throws {
        // Factors 1 + x/c beyond 2^60 take their own logarithm instead of the running product. Blocks of
        // 3 rows take every entry one at a time; blocks of 8 take four rows and four pixels at a time,
        // here with huge entries in two rows of one such square, in one row's end, and one just below 2^60.
        var y = Matrix(rows: 8, cols: 9) { i, j in Double(i * j % 5) }
        y[3, 4] = 1e40
        y[1, 5] = -1e35
        y[6, 8] = 1e50
        y[5, 2] = 0x1p29
        let data = try WeightedData(Y: y, W: Matrix(rows: 8, cols: 9, repeating: 2))
        let (A, G) = try Initialization.random(seed: 2).factors(for: data, rank: 2)
        let fast = try engineLoss(data, A, G, .cauchy(q: 1), blockRows: blockRows)
        let slow = SlowReference.loss(Y: data.Y, W: data.W, A: A, G: G, likelihood: .cauchy(q: 1))
        #expect(fast.isFinite && abs(fast - slow) <= 1e-12 * slow)
    }

    @Test(arguments: [Likelihood.gaussian, .cauchy(q: 0.5), .cauchy(q: 5), .studentT(nu: 3, s: 1)])
    func lossNeverIncreasesOverCycles(likelihood: Likelihood) throws {
        let settings = FitSettings(
            rank: 3, likelihood: likelihood,
            convergence: Convergence(criterion: .none, tolerance: 0, maxCycles: 40))
        let fit = try RobustHMF(settings).fit(planted.data)
        let losses = [fit.initialLoss] + fit.trace.loss
        #expect(losses.count == 41)
        for (before, after) in zip(losses, losses.dropFirst()) {
            #expect(after <= before * (1 + 1e-12))
        }
        #expect(fit.trace.seconds.count == 40 && fit.trace.convergence.count == 40)
    }
}
