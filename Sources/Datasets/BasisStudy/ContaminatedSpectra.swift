import Foundation
public import HMFCore
import RHMF

/// Spectra of a planted rank-K basis with heteroskedastic noise and missing segments, a contaminated training
/// set and a clean held-out set: the data of one trial of the basis-robustness study.
///
/// Every spectrum is a_i G^T with a_i from the basis's coefficient distribution, plus noise of
/// sigma_ij = noiseLevel s_i v_j u_ij, where with spread p (`Contamination.noiseSpread`)
/// s_i = exp(2 p z_i) normalised to mean 1 over all spectra, v_j = exp(-x_j^2 / 2)^p normalised to maximum 1
/// (x_j the wavelength centred and scaled to [-1, 1]) and u_ij = exp(0.06 p z_ij) normalised to mean 1: p = 0
/// is homoskedastic, p = 1 is the toy experiment's noise (s_i ~ LogNormal(1, 2) normalised to mean 1). W is
/// 1 / sigma^2. Half of all spectra miss one segment of U{M/24 ... M/6} pixels (W = 0, Y = 0). Only the
/// training spectra (the first `nTrain`) are contaminated; the held-out ones keep their noise and gaps.
/// Everything is seeded.
public struct ContaminatedSpectra: Sendable {
    /// The contaminated training set, nTrain x M.
    public let train: WeightedData
    /// The clean held-out set (noise and missing segments, no outliers), nTest x M.
    public let test: WeightedData
    /// True coefficients of the training spectra (the outlier spectra's rows are what they replaced).
    public let trainCoefficients: Matrix
    /// True coefficients of the held-out spectra.
    public let testCoefficients: Matrix
    /// The noiseless held-out spectra A_test G^T.
    public let testModel: Matrix
    /// Training pixels shifted as outlier pixels.
    public let outlierPixels: Mask
    /// Training rows replaced by sinusoids.
    public let outlierSpectra: [Int]
    /// Outlier columns.
    public let outlierColumns: [Int]

    /// Generates one trial's data.
    /// - Throws: `DatasetError.invalidConfiguration` for sizes or contamination out of range.
    public init(
        basis: PlantedBasis, nTrain: Int, nTest: Int, contamination c: Contamination,
        noiseLevel: Double = 0.05, seed: UInt64 = 1
    ) throws(DatasetError) {
        let m = basis.nPixels
        let n = nTrain + nTest
        guard nTrain > basis.rank, nTest >= 1, m >= 24, noiseLevel > 0,
            (0...1).contains(c.pixelFraction), (0...1).contains(c.spectrumFraction),
            (0...1).contains(c.noiseSpread), c.columnCount >= 0, c.columnCount <= m
        else {
            throw .invalidConfiguration(
                "contaminated spectra need nTrain > K, nTest >= 1, M >= 24, noise > 0, "
                    + "fractions and spread in [0, 1] and at most M outlier columns")
        }
        var coefficientStream = RandomStream(seed: seed, stage: 1)
        let a = basis.draw(n, &coefficientStream)
        var y =
            // invariant: shapes agree
            (try? Matrix.product(a, basis.vectors, transposeB: true)) ?? Matrix(rows: n, cols: m)
        let model = y

        // Noise.
        let p = c.noiseSpread
        var noiseStream = RandomStream(seed: seed, stage: 2)
        var s = (0..<n).map { _ in exp(2 * p * noiseStream.normal()) }
        let sMean = s.reduce(0, +) / Double(n)
        s = s.map { $0 / sMean }
        let lo = basis.wavelength.first ?? 0
        let hi = basis.wavelength.last ?? 1
        let centre = (lo + hi) / 2
        let half = max((hi - lo) / 2, .leastNormalMagnitude)
        var v = basis.wavelength.map { pow(exp(-0.5 * pow(($0 - centre) / half, 2)), p) }
        let vMax = v.max() ?? 1
        v = v.map { $0 / vMax }
        var u = Matrix(rows: n, cols: m)
        var uSum = 0.0
        u.updateEach { _, _, value in
            value = exp(0.06 * p * noiseStream.normal())
            uSum += value
        }
        let uMean = uSum / Double(n * m)
        var w = Matrix(rows: n, cols: m)
        for i in 0..<n {
            for j in 0..<m {
                let sigma = noiseLevel * s[i] * v[j] * u[i, j] / uMean
                y[i, j] += sigma * noiseStream.normal()
                w[i, j] = 1 / (sigma * sigma)
            }
        }

        // Contamination of the training rows.
        var outlierStream = RandomStream(seed: seed, stage: 3)
        let impostors = outlierStream.sample(
            Int((c.spectrumFraction * Double(nTrain)).rounded()), from: nTrain
        ).sorted()
        for i in impostors {
            let f = outlierStream.uniform(10...30)
            let amplitude = outlierStream.uniform(0.1...0.3)
            for j in 0..<m {
                let t = 2 * Double.pi * Double(j) / Double(m - 1)
                y[i, j] += 1 + amplitude * sin(f * t) - model[i, j]
            }
        }
        let columns = outlierStream.sample(c.columnCount, from: m).sorted()
        let hitCount = Int((Contamination.columnSpectrumFraction * Double(nTrain)).rounded())
        for j in columns {
            for i in outlierStream.sample(hitCount, from: nTrain) {
                y[i, j] +=
                    outlierStream.sign() * outlierStream.uniform(Contamination.columnAmplitude)
            }
        }
        var pixels = Mask(rows: nTrain, cols: m)
        let pixelCount = Int((c.pixelFraction * Double(nTrain * m)).rounded())
        for t in outlierStream.sample(pixelCount, from: nTrain * m) {
            let (i, j) = (t / m, t % m)
            y[i, j] += outlierStream.sign() * outlierStream.uniform(Contamination.pixelAmplitude)
            pixels[i, j] = true
        }

        // Missing segments, in half of all spectra.
        var gapStream = RandomStream(seed: seed, stage: 4)
        let shortest = max(1, m / 24)
        let longest = max(shortest, m / 6)
        for i in gapStream.sample(n / 2, from: n) {
            let length = gapStream.integer(in: shortest...longest)
            let start = gapStream.integer(below: m - length + 1)
            for j in start..<(start + length) {
                y[i, j] = 0
                w[i, j] = 0
                if i < nTrain { pixels[i, j] = false }
            }
        }

        do {
            train = try WeightedData(
                Y: Self.rows(y, 0..<nTrain), W: Self.rows(w, 0..<nTrain),
                description: "contaminated \(basis.name) training spectra")
            test = try WeightedData(
                Y: Self.rows(y, nTrain..<n), W: Self.rows(w, nTrain..<n),
                description: "clean held-out \(basis.name) spectra")
        } catch {
            throw .engine(error)
        }
        trainCoefficients = Self.rows(a, 0..<nTrain)
        testCoefficients = Self.rows(a, nTrain..<n)
        testModel = Self.rows(model, nTrain..<n)
        outlierPixels = pixels
        outlierSpectra = impostors
        outlierColumns = columns
    }

    static func rows(_ x: Matrix, _ range: Range<Int>) -> Matrix {
        Matrix(rows: range.count, cols: x.cols) { i, j in x[range.lowerBound + i, j] }
    }
}
