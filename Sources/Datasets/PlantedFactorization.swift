import Foundation
import RHMF

/// Data with a known rank-K truth, for recovery tests and benchmarks: Y = A G^T + heteroskedastic noise, with
/// a fraction of entries shifted by gross outliers and a missing segment in a third of the rows.
///
/// The basis is smooth (a constant and sinusoids with seeded phases), the coefficients normal with the first
/// one shifted to 2. Noise has per-row scale exp(N(0, 0.5)) times a ramp over columns, times `noise`; outliers
/// are +/- U(0.5, 1.5); every third row misses a segment of min(20, M / 4) columns (W = 0). Everything is
/// determined by the seed.
public struct PlantedFactorization: Sendable {
    /// The data (single precision when asked, as large survey sets are held).
    public let data: WeightedData
    /// True basis, M x K.
    public let basis: Matrix
    /// True coefficients, N x K.
    public let coefficients: Matrix
    /// Entries that received gross outliers.
    public let outliers: Mask

    /// Generates N x M data of rank K.
    public init(N: Int, M: Int, K: Int, noise: Double = 0.05, outlierFraction: Double = 0.01,
                precision: Precision = .double, seed: UInt64 = 1) throws(DatasetError) {
        guard N > 1, M > 4, K >= 1, K < min(N, M), noise > 0, (0...1).contains(outlierFraction) else {
            throw .invalidConfiguration("planted data need N > 1, M > 4, 1 <= K < min(N, M), noise > 0 and an outlier fraction in [0, 1]")
        }
        let gapLength = min(20, M / 4)
        var random = RandomStream(seed: seed, stage: 1)
        let phase = (0..<K).map { _ in random.uniform(0...(2 * Double.pi)) }
        let g = Matrix(rows: M, cols: K) { j, k in
            let t = Double(j) / Double(M - 1)
            return k == 0 ? 1 : sin(Double(k + 1) * 2.3 * t + phase[k]) + 0.3 * t
        }
        let a = Matrix(rows: N, cols: K) { _, k in random.normal() + (k == 0 ? 2 : 0) }
        var mask = Mask(rows: N, cols: M)
        var y = FloatMatrix(rows: 0, cols: 0, repeating: 0), w = y
        var yd = Matrix(rows: 0, cols: 0), wd = yd
        if precision == .single {
            y = FloatMatrix(rows: N, cols: M, repeating: 0); w = y
        } else {
            yd = Matrix(rows: N, cols: M); wd = yd
        }
        for i in 0..<N {
            var rowRandom = RandomStream(seed: seed, stage: 2, index: UInt64(i))
            let scale = exp(rowRandom.normal(0, 0.5))
            let gap = i % 3 == 0 ? Int(rowRandom.uniform() * Double(M - gapLength)) : -M
            for j in 0..<M {
                var model = 0.0
                for k in 0..<K { model += a[i, k] * g[j, k] }
                let sigma = noise * scale * (0.5 + Double(j) / Double(M))
                var value = model + sigma * rowRandom.normal()
                var weight = 1 / (sigma * sigma)
                if rowRandom.uniform() < outlierFraction {
                    value += rowRandom.sign() * rowRandom.uniform(0.5...1.5)
                    mask[i, j] = true
                }
                if j >= gap && j < gap + gapLength { value = 0; weight = 0; mask[i, j] = false }
                if precision == .single { y[i, j] = Float(value); w[i, j] = Float(weight) } else { yd[i, j] = value; wd[i, j] = weight }
            }
        }
        do {
            data = precision == .single ? try WeightedData(Y: y, W: w, description: "planted rank-\(K) data")
                                        : try WeightedData(Y: yd, W: wd, description: "planted rank-\(K) data")
        } catch {
            throw .engine(error)
        }
        basis = g
        coefficients = a
        outliers = mask
    }
}
