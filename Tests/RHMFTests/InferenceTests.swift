import Testing
@testable import RHMF

@Suite struct InferenceTests {
    let planted = PlantedData(N: 120, M: 60, K: 3, noise: 1e-3, outlierFraction: 0.01, seed: 21)

    @Test func inferenceOnTrainingRowsReproducesTheFit() throws {
        let settings = FitSettings(rank: 3, likelihood: .cauchy(q: 20),
                                   convergence: Convergence(tolerance: 1e-14, maxCycles: 500))
        let fit = try RobustHMF(settings).fit(planted.data)
        let inferred = try RobustHMF.infer(planted.data, basis: fit.basis, settings: InferenceSettings(
            likelihood: .cauchy(q: 20), convergence: Convergence(criterion: .maxFracA, tolerance: 1e-16, maxCycles: 500),
            batchRows: 50, keepRobustWeights: true))
        // Both are stationary points of the same per-row problems with the same G.
        let a = try Matrix.product(fit.coefficients, fit.basis, transposeB: true)
        let b = try Matrix.product(inferred.A, fit.basis, transposeB: true)
        #expect((a - b).maxAbs < 1e-6 * a.maxAbs)
        #expect(inferred.cyclesPerBatch.count == 3)
        let weights = try fit.state.robustWeights(planted.data, likelihood: .cauchy(q: 20))
        #expect((weights - inferred.robustWeights!).maxAbs < 1e-5)
        let medians = ObjectScores.of(weights)
        for (x, y) in zip(medians, inferred.scores!) { #expect(abs(x - y) < 1e-5) }
    }

    @Test func inferredCoefficientsAreAFixedPointOfReweightedLeastSquares() throws {
        let G = planted.G, data = planted.data
        let inferred = try RobustHMF.infer(data, basis: G, settings: InferenceSettings(
            likelihood: .cauchy(q: 5), convergence: Convergence(criterion: .maxFracA, tolerance: 1e-28, maxCycles: 300),
            batchRows: 1000))
        #expect(inferred.cyclesPerBatch.count == 1)
        // At convergence each row solves the weighted normal equations with the weights of its own residuals.
        let weights = SlowReference.totalWeights(Y: data.Y, W: data.W, A: inferred.A, G: G, likelihood: .cauchy(q: 5))
        for i in 0..<data.N {
            let a = SlowReference.weightedLeastSquares(y: data.Y.row(i), wt: weights[i], other: G)
            for k in 0..<3 { #expect(abs(a[k] - inferred.A[i, k]) < 1e-9 * (1 + abs(a[k]))) }
        }
    }
}
