import HMFCore
import Testing

@testable import RHMF

@Suite struct InferenceTests {
    let planted = Planted(N: 120, M: 60, K: 3, noise: 1e-3, outlierFraction: 0.01, seed: 21)

    @Test func inferenceOnTrainingRowsReproducesTheFit() throws {
        let settings = FitSettings(
            rank: 3, likelihood: .cauchy(q: 20),
            convergence: Convergence(tolerance: 1e-14, maxCycles: 500))
        let fit = try RobustHMF(settings).fit(planted.data)
        let inferred = try fit.infer(
            planted.data,
            settings: InferenceSettings(
                convergence: Convergence(criterion: .maxFracA, tolerance: 1e-16, maxCycles: 500),
                batchRows: 50,
                objectQuantiles: [0.5, 0.01]))
        // Both are stationary points of the same per-row problems with the same G.
        let a = try Matrix.product(fit.coefficients, fit.basis, transposeB: true)
        let b = try Matrix.product(inferred.coefficients, fit.basis, transposeB: true)
        #expect((a - b).maxAbs < 1e-6 * a.maxAbs)
        #expect(inferred.cyclesPerBatch.count == 3)
        #expect(inferred.likelihood == fit.likelihood)
        let weights = try fit.robustWeights(planted.data)
        let kept = try #require(inferred.robustWeights)
        #expect((weights - kept).maxAbs < 1e-5)
        for q in [0.5, 0.01, 0.3] {
            let direct = ObjectWeights.of(weights, quantile: q)
            for (x, y) in zip(direct, try inferred.objectWeights(quantile: q)) {
                #expect(abs(x - y) < 1e-5)
            }
        }
    }

    @Test func inferredCoefficientsAreAFixedPointOfReweightedLeastSquares() throws {
        let G = planted.G
        let data = planted.data
        let inferred = try RobustHMF.infer(
            data, basis: G, likelihood: .cauchy(q: 5),
            settings: InferenceSettings(
                convergence: Convergence(criterion: .maxFracA, tolerance: 1e-28, maxCycles: 300),
                batchRows: 1000))
        #expect(inferred.cyclesPerBatch.count == 1)
        // At convergence each row solves the weighted normal equations with the weights of its own residuals.
        let weights = SlowReference.totalWeights(
            Y: data.Y, W: data.W, A: inferred.coefficients, G: G, likelihood: .cauchy(q: 5))
        for i in 0..<data.N {
            let a = SlowReference.weightedLeastSquares(
                y: Array(data.Y.row(i)), wt: weights[i], other: G)
            for k in 0..<3 {
                #expect(abs(a[k] - inferred.coefficients[i, k]) < 1e-9 * (1 + abs(a[k])))
            }
        }
    }

    @Test func defaultToleranceIsTheReferences() throws {
        // The default stops at max_frac_A < 1e-4, close to the fixed point of the w-step plus a-step.
        let G = planted.G
        let data = planted.data
        let quick = try RobustHMF.infer(data, basis: G, likelihood: .cauchy(q: 5))
        let exact = try RobustHMF.infer(
            data, basis: G, likelihood: .cauchy(q: 5),
            settings: InferenceSettings(
                convergence: Convergence(criterion: .maxFracA, tolerance: 1e-28, maxCycles: 300)))
        #expect(
            InferenceSettings().convergence == Convergence(criterion: .maxFracA, tolerance: 1e-4))
        #expect(
            (quick.coefficients - exact.coefficients).maxAbs <= 1e-3 * exact.coefficients.maxAbs)
    }

    @Test func crossValidationScoreMatchesTheEntryByEntryDefinition() throws {
        let fit = try RobustHMF(FitSettings(rank: 3, likelihood: .cauchy(q: 3))).fit(planted.data)
        let inferred = try fit.infer(planted.data)
        let model = inferred.reconstruction()
        var z: [Double] = []
        for i in 0..<planted.data.N {
            for j in 0..<planted.data.M {
                let w = planted.data.w(i, j)
                let r = planted.data.y(i, j) - model[i, j]
                z.append(w > 0 ? r * (w * fit.likelihood.robustWeight(w * r * r)).squareRoot() : 0)
            }
        }
        let mean = z.reduce(0, +) / Double(z.count)
        let sd = (z.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(z.count)).squareRoot()
        let cv = inferred.crossValidation
        #expect(abs(cv.stdZ - sd) < 1e-10 * sd && abs(cv.meanZ - mean) < 1e-10)
        #expect(abs(cv.medianAbsZ - Quantile.median(z.map { abs($0) })) <= 1e-12 * cv.medianAbsZ)
        #expect(cv.entries == z.count)
    }
}
