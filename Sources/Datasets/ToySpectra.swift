public import HMFCore
import RHMF

/// The paper's toy data set (section 4.1; `spec/toy.md`): N spectra of M pixels drawn from a rank-5 model, with
/// outlier spectra, outlier columns, outlier pixels, outlier lines, heteroskedastic noise and missing segments,
/// together with the complete truth for scoring.
///
/// Everything is determined by `(configuration, seed)`: the same pair gives byte-identical arrays. Generation
/// order: coefficients A and model Y = A G^T; outlier spectra, columns, pixels, lines (`ToyOutliers`); noise and
/// weights (`ToyNoise`); missing segments, where Y = 0 and W = 0 (`ToyMissing`). Each step has its own random
/// stream, so for example the noise of a given seed does not change when the outlier settings do.
///
/// ```swift
/// let toy = try ToySpectra(configuration: ToyConfiguration(nSpectra: 2000))
/// let fit = ... toy.train.data ...         // first half
/// let truth = toy.test.truth.anyOutlier    // per-pixel outlier truth of the second half
/// ```
public struct ToySpectra: Sendable {
    /// The seed used when none is given.
    public static let defaultSeed: UInt64 = 42

    /// The configuration the data were generated with.
    public let configuration: ToyConfiguration
    /// The seed the data were generated with.
    public let seed: UInt64
    /// Wavelength grid and true basis.
    public let basis: ToyBasis
    /// The data Y (N x M, 0 where missing) and weights W = 1/sigma^2 (0 where missing), validated.
    public let data: WeightedData
    /// Truth masks, flags, coefficients and missing segments.
    public let truth: ToyTruth
    /// The per-pixel noise profile v_j (normalised to maximum 1).
    public let pixelNoiseScale: [Double]
    /// The parts of Y, when generated with `keepComponents: true` (nil otherwise, to save memory).
    public let components: ToyComponents?

    /// Generates the data set.
    /// - Parameters:
    ///   - configuration: sizes and every parameter of the experiment; `.paper` is N = 8000, M = 1200.
    ///   - seed: fixes every random draw.
    ///   - keepComponents: also keep the noiseless model, the outlier offsets, the noise and sigma as N x M
    ///     matrices (four more matrices of the size of Y); mostly for tests and figures.
    /// - Throws: `DatasetError.invalidConfiguration` for a configuration out of range, `.unsatisfiable` when the
    ///   missing segments cannot avoid the outliers.
    public init(
        configuration: ToyConfiguration = .paper, seed: UInt64 = ToySpectra.defaultSeed,
        keepComponents: Bool = false
    ) throws(DatasetError) {
        let c = configuration
        let basis = try ToyBasis(configuration: c)  // validates the configuration
        let n = c.nSpectra
        let m = c.nPixels
        let g = basis.vectors

        // Coefficients, one row of five per spectrum.
        var random = RandomStream(seed: seed, stage: ToyStage.coefficients.rawValue)
        let a = c.drawCoefficients(n, &random)

        var y = ToySpectra.product(a, g)
        let clean = keepComponents ? y : nil
        let outliers = ToyOutliers(into: &y, configuration: c, seed: seed)
        var offsets: Matrix? = clean.map { y - $0 }

        var w = Matrix(rows: n, cols: m)
        var sigma: Matrix? = keepComponents ? Matrix(rows: n, cols: m) : nil
        var noise: Matrix? = keepComponents ? Matrix(rows: n, cols: m) : nil
        let noiseModel = ToyNoise(
            adding: &y, weights: &w, sigma: &sigma, noise: &noise,
            wavelength: basis.wavelength, configuration: c, seed: seed)

        let missing = try ToyMissing(
            configuration: c, avoiding: outliers.outlierPixels | outliers.outlierLines, seed: seed)
        for i in 0..<n {
            guard let segment = missing.segments[i] else { continue }
            for j in segment {
                y[i, j] = 0
                w[i, j] = 0
            }
        }
        var columns = outliers.outlierColumns
        var spectra = outliers.outlierSpectra
        columns = columns & !missing.mask
        spectra = spectra & !missing.mask
        if offsets != nil {
            let gaps = missing.mask
            offsets?.updateEach { i, j, v in if gaps[i, j] { v = 0 } }
        }

        do {
            data = try WeightedData(Y: y, W: w)
        } catch {
            throw .engine(error)
        }
        self.configuration = c
        self.seed = seed
        self.basis = basis
        self.pixelNoiseScale = noiseModel.pixelScale
        truth = ToyTruth(
            coefficients: a, outlierPixels: outliers.outlierPixels, outlierColumns: columns,
            outlierLines: outliers.outlierLines, outlierSpectra: spectra, missing: missing.mask,
            isOutlierSpectrum: outliers.isOutlierSpectrum,
            hasOutlierLines: outliers.hasOutlierLines,
            outlierColumnIndices: outliers.columnIndices, missingSegments: missing.segments,
            spectrumNoiseScale: noiseModel.spectrumScale)
        if let clean, let offsets, let noise, let sigma {
            components = ToyComponents(model: clean, outliers: offsets, noise: noise, sigma: sigma)
        } else {
            components = nil
        }
    }

    // MARK: Accessors

    /// Number of spectra N.
    public var nSpectra: Int { data.N }
    /// Number of pixels M.
    public var nPixels: Int { data.M }
    /// The data, N x M (0 where missing).
    public var Y: Matrix { data.Y }
    /// The weights 1/sigma^2, N x M (0 where missing).
    public var W: Matrix { data.W }
    /// Wavelengths in Angstrom (geometric grid, M values).
    public var wavelength: [Double] { basis.wavelength }
    /// The true basis G, M x 5.
    public var trueBasis: Matrix { basis.vectors }
    /// The true coefficients A, N x 5.
    public var trueCoefficients: Matrix { truth.coefficients }

    /// The noiseless, outlier-free model A G^T (N x M), computed on demand.
    public func trueModel() -> Matrix { ToySpectra.product(truth.coefficients, basis.vectors) }

    /// Spectra of the training set: the first `configuration.trainCount`.
    public var trainRange: Range<Int> { 0..<configuration.trainCount }
    /// Spectra of the test set: the rest.
    public var testRange: Range<Int> { configuration.trainCount..<nSpectra }
    /// The training set (first half in the paper): data and truth of `trainRange`. Each access copies those rows;
    /// keep the result in a constant rather than asking again.
    public var train: ToySplit { split(trainRange) }
    /// The test set (second half in the paper): data and truth of `testRange` (copied on each access).
    public var test: ToySplit { split(testRange) }

    /// Data and truth of any range of spectra.
    public func split(_ range: Range<Int>) -> ToySplit {
        ToySplit(range: range, data: data.rows(range), truth: truth.rows(range))
    }

    /// A B^T for A (n x k) and B (m x k), by a plain loop (k = 5 here, so BLAS would not help).
    static func product(_ a: Matrix, _ b: Matrix) -> Matrix {
        let n = a.rows
        let m = b.rows
        let k = a.cols
        var out = Matrix(rows: n, cols: m)
        out.withUnsafeMutableBufferPointer { o in
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    for i in 0..<n {
                        for j in 0..<m {
                            var sum = 0.0
                            for l in 0..<k { sum += pa[i * k + l] * pb[j * k + l] }
                            o[i * m + j] = sum
                        }
                    }
                }
            }
        }
        return out
    }
}

/// A contiguous range of spectra of a toy data set (the training or test set) with its truth.
public struct ToySplit: Sendable {
    /// The spectra of the parent data set that this split holds.
    public let range: Range<Int>
    /// Y and W of these spectra.
    public let data: WeightedData
    /// Truth of these spectra (row 0 here is row `range.lowerBound` of the parent).
    public let truth: ToyTruth
}

/// The additive parts of the toy data: at every pixel that is not missing, Y = model + outliers + noise exactly up
/// to rounding (at missing pixels Y = 0 and `outliers` is 0, while `model`, `noise` and `sigma` keep their values).
public struct ToyComponents: Sendable {
    /// The noiseless model A G^T (N x M), also for the replaced spectra.
    public let model: Matrix
    /// What the outliers changed: for replaced spectra (1 + a sin(f t)) - model plus any other offsets.
    public let outliers: Matrix
    /// The noise values sigma_ij e_ij.
    public let noise: Matrix
    /// The noise standard deviations sigma_ij (W = 1/sigma^2 where not missing).
    public let sigma: Matrix
}
