import HMFCore

/// How well a model fits each row of a data set: the reduced chi-squared sum_j W_ij r_ij^2 / n_i over the row's
/// n_i observed pixels, and the row's signal-to-noise sqrt(sum_j W_ij Y_ij^2 / n_i). A fit that spends a
/// component on the wrong structure shows it first in the highest-S/N rows, whose chi-squared leaves 1.
public struct RowFitQuality: Sendable, Equatable {
    /// Reduced chi-squared of each row (NaN for a row without observed pixels).
    public let chiSquared: [Double]
    /// Signal-to-noise of each row (NaN for a row without observed pixels).
    public let signalToNoise: [Double]

    /// The quality of `model` on `data`.
    /// - Throws: `RHMFError.shapeMismatch` when the model's shape is not the data's.
    public init(_ model: some Factorization, on data: WeightedData) throws(RHMFError) {
        guard model.coefficients.rows == data.N, model.basis.rows == data.M else {
            throw .shapeMismatch(
                "model is \(model.coefficients.rows) x \(model.basis.rows) but data are "
                    + "\(data.N) x \(data.M)")
        }
        let model = model.reconstruction()
        let y = data.Y
        let w = data.W
        var chi = [Double](repeating: .nan, count: data.N)
        var snr = [Double](repeating: .nan, count: data.N)
        for i in 0..<data.N {
            var residual = 0.0
            var signal = 0.0
            var observed = 0.0
            for j in 0..<data.M where w[i, j] > 0 {
                let r = y[i, j] - model[i, j]
                residual += w[i, j] * r * r
                signal += w[i, j] * y[i, j] * y[i, j]
                observed += 1
            }
            guard observed > 0 else { continue }
            chi[i] = residual / observed
            snr[i] = (signal / observed).squareRoot()
        }
        chiSquared = chi
        signalToNoise = snr
    }

    /// The rows with the `count` highest signal-to-noise ratios, highest first.
    public func highestSignal(_ count: Int) -> [Int] {
        let rows = signalToNoise.indices.filter { signalToNoise[$0].isFinite }
        return Array(rows.sorted { signalToNoise[$0] > signalToNoise[$1] }.prefix(max(count, 0)))
    }
}
