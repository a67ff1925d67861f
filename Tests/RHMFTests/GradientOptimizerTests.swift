import Testing

@testable import RHMF

@Suite struct GradientOptimizerTests {
    let planted = Planted(N: 80, M: 50, K: 3, noise: 0.02, outlierFraction: 0.02, seed: 31)

    @Test func lossNeverIncreasesAndApproachesALS() throws {
        let likelihood = Likelihood.cauchy(q: 3)
        let als = try RobustHMF(
            FitSettings(
                rank: 3, likelihood: likelihood,
                convergence: Convergence(tolerance: 1e-12, maxCycles: 500))
        ).fit(planted.data)
        let gradient = try RobustHMF(
            FitSettings(
                rank: 3, likelihood: likelihood,
                convergence: Convergence(criterion: .none, tolerance: 0, maxCycles: 300),
                optimizer: .preconditionedGradient(rotateEvery: 5, innerSteps: 2))
        ).fit(planted.data)
        let losses = [gradient.initialLoss] + gradient.trace.loss
        for (before, after) in zip(losses, losses.dropFirst()) {
            #expect(after <= before * (1 + 1e-12))
        }
        #expect(gradient.loss <= als.loss * 1.01, "gradient \(gradient.loss) vs ALS \(als.loss)")
    }
}
