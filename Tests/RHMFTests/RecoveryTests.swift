import Testing

@testable import RHMF

/// A planted rank-5 model with gross outliers (5000-15000 sigma), heteroskedastic noise and missing blocks.
/// Q = 100 leaves inliers (z ~ 1) at weight ~1 and gives outliers weight < 1e-3.
@Suite struct RecoveryTests {
    let planted = Planted(N: 300, M: 120, K: 5, noise: 1e-4, outlierFraction: 0.01, seed: 11)

    func fit(_ likelihood: Likelihood) throws -> FitResult {
        let settings = FitSettings(
            rank: 5, likelihood: likelihood,
            convergence: Convergence(criterion: .maxFracG, tolerance: 1e-14, maxCycles: 300))
        return try RobustHMF(settings).fit(planted.data)
    }

    @Test func robustFitRecoversTheBasis() throws {
        let result = try fit(.cauchy(q: 100))
        let angle = try principalAngles(between: result.basis, and: planted.G).largest
        #expect(angle < 1e-3, "largest principal angle \(angle) rad")
        // The gross outliers are the entries with small robust weights. IRLS can leave a single object in a poor
        // local optimum where all of its pixels are down-weighted (seen here for 1 row in 300); those rows are
        // flagged as outlier objects, so the pixel scores count the rows the model accepts (median weight >= 0.5).
        let w = try result.robustWeights(planted.data)
        let accepted = (0..<w.rows).filter { Quantile.median(w.row($0)) >= 0.5 }
        #expect(accepted.count >= w.rows * 99 / 100, "\(w.rows - accepted.count) rows rejected")
        let weights = accepted.flatMap { Array(w.row($0)) }
        let truth = accepted.flatMap { Array(planted.truth.outliers.row($0)) }
        let flags = try DetectionMetrics(weights: weights, below: 0.5, truth: truth)
        #expect(flags.recall > 0.99 && flags.precision > 0.95, "\(flags)")
    }

    @Test func gaussianFitIsPulledAwayByOutliers() throws {
        let result = try fit(.gaussian)
        let angle = try principalAngles(between: result.basis, and: planted.G).largest
        #expect(angle > 1e-2, "largest principal angle \(angle) rad")
    }
}
