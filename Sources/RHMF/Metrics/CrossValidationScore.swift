import Foundation

/// Goodness-of-fit statistics of held-out data under a model, computed from z = r sqrt(W) sqrt(w_robust)
/// over all entries (missing entries contribute z = 0, as in the paper's code).
public struct CrossValidationScore: Sendable, Equatable, Codable {
    /// KL(N(mu_z, sd_z^2) || N(0, 1)) = -log sd_z + (sd_z^2 + mu_z^2) / 2 - 1/2; 0 for perfectly calibrated z.
    public var score: Double
    /// Mean of z.
    public var meanZ: Double
    /// Standard deviation of z (target 1).
    public var stdZ: Double
    /// Reduced chi^2 = mean(W r^2) (target 1).
    public var reducedChiSquared: Double
    /// Weighted RMSE = sqrt(mean(W r^2)).
    public var weightedRMSE: Double
    /// Median |z| (target 0.6745 for standard normal z).
    public var medianAbsZ: Double

    /// Scores the predictions `model` (N x M) of `data` with the robust weights of `likelihood`.
    public init(data: WeightedData, model: Matrix, likelihood: Likelihood) throws(RHMFError) {
        guard model.rows == data.N, model.cols == data.M else {
            throw .shapeMismatch("model is \(model.rows) x \(model.cols) but data are \(data.N) x \(data.M)")
        }
        let n = data.Y.storage.count
        var z = [Double](repeating: 0, count: n)
        var sum = 0.0, chi2 = 0.0
        for k in 0..<n {
            let w = data.W.storage[k]
            guard w > 0 else { continue }
            let r = data.Y.storage[k] - model.storage[k]
            let x = w * r * r
            let zk = r * (w * likelihood.robustWeight(x)).squareRoot()
            z[k] = zk
            sum += zk
            chi2 += x
        }
        let mean = sum / Double(n)
        var ss = 0.0
        for v in z { ss += (v - mean) * (v - mean) }
        let sd = (ss / Double(n)).squareRoot()
        meanZ = mean
        stdZ = sd
        score = -log(sd) + (sd * sd + mean * mean) / 2 - 0.5
        reducedChiSquared = chi2 / Double(n)
        weightedRMSE = reducedChiSquared.squareRoot()
        for k in z.indices { z[k] = abs(z[k]) }
        medianAbsZ = Quantile.median(z)
    }

    /// Scores a state (A G^T) on `data`.
    public init(data: WeightedData, state: RHMFState, likelihood: Likelihood) throws(RHMFError) {
        try state.checkShape(data)
        try self.init(data: data, model: state.synthesize(), likelihood: likelihood)
    }
}
