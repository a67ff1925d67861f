import HMFCore

/// Every number of the paper's toy experiment (section 4.1 and appendix; `spec/toy.md`), with the paper's values as
/// defaults.
///
/// The sizes are fixed at initialisation; the outlier counts given as absolute numbers in the paper (40 outlier
/// spectra, 10 outlier-line spectra) are scaled in proportion to `nSpectra` there, so `ToyConfiguration(nSpectra: 2000)`
/// is the paper's experiment at a quarter of the size (10 outlier spectra, 3 outlier-line spectra). Fractions
/// (outlier pixels, column hits, missing spectra) are fractions of the actual size. Every other value may be
/// changed afterwards; `validate()` (called by the generator) checks them all.
public struct ToyConfiguration: Sendable, Equatable {
    /// Number of spectra N (paper: 8000).
    public let nSpectra: Int
    /// Number of pixels M (paper: 1200).
    public let nPixels: Int

    // MARK: Wavelength grid and true basis

    /// Wavelength range in Angstrom; the grid is geometric (uniform in log lambda) including both ends.
    public var wavelengthRange: ClosedRange<Double> = 4000...6000
    /// Resolving power R of the line-spread function; its Gaussian sigma is lambda / R (so 1 / R in log lambda).
    public var resolvingPower: Double = 5000
    /// Half-width of the line-spread-function kernel in units of its sigma (rounded up to whole pixels).
    public var lsfHalfWidthInSigmas: Double = 6
    /// Rest wavelengths (Angstrom) of the lines of the template: H delta, H gamma, H beta, the Mg b triplet, Na D.
    public var lineCentres: [Double] = [
        4101.7, 4340.5, 4861.3, 5167.3, 5172.7, 5183.6, 5890.0, 5896.0,
    ]
    /// Depth of every template line before convolution (the template is -depth exp(-((lambda - c)/width)^2 / 2)).
    public var lineDepth: Double = 0.45
    /// Gaussian sigma of every template line before convolution, in Angstrom.
    public var lineWidth: Double = 1.4
    /// Number of periods of the sinusoidal basis vector over the wavelength range.
    public var sinusoidPeriods: Double = 2

    // MARK: Coefficients (one row of A per spectrum)

    /// Mean of c0 ~ Normal (paper: 1), the weight of P0 = 1.
    public var c0Mean: Double = 1
    /// Standard deviation of c0 (paper: 0.1).
    public var c0SD: Double = 0.1
    /// Mean of c1 ~ Exponential (paper: 0.2), the weight of P1 = z.
    public var c1Mean: Double = 0.2
    /// Standard deviation of c2 ~ Normal(0, sd) (paper: 0.1), the weight of P2.
    public var c2SD: Double = 0.1
    /// Log-space mean and standard deviation of c3 ~ LogNormal (paper: 0, 0.1), the weight of the line template.
    public var c3LogMean: Double = 0
    /// See `c3LogMean`.
    public var c3LogSD: Double = 0.1
    /// Mean of c4 ~ Normal (paper: 0.1), the weight of the sinusoid.
    public var c4Mean: Double = 0.1
    /// Standard deviation of c4 (paper: 0.1).
    public var c4SD: Double = 0.1

    // MARK: Outliers

    /// Number of spectra replaced by 1 + a sin(f t) (paper: 40 of 8000).
    public var outlierSpectrumCount: Int
    /// Range of the frequency f of outlier spectra, t = linspace(0, 2 pi, M).
    public var outlierSpectrumFrequency: ClosedRange<Double> = 10...30
    /// Range of the amplitude a of outlier spectra.
    public var outlierSpectrumAmplitude: ClosedRange<Double> = 0.1...0.3
    /// Number of distinct outlier columns (paper: 3).
    public var outlierColumnCount: Int = 3
    /// Fraction of spectra in which each outlier column is offset (paper: 0.3).
    public var outlierColumnSpectrumFraction: Double = 0.3
    /// Range of the magnitude of a column offset (sign random).
    public var outlierColumnAmplitude: ClosedRange<Double> = 0.25...0.45
    /// Fraction of all N M pixels that are outlier pixels (paper: 0.004, 38,400 of 9.6 million).
    public var outlierPixelFraction: Double = 0.004
    /// Range of the magnitude of an outlier-pixel offset (sign random).
    public var outlierPixelAmplitude: ClosedRange<Double> = 0.25...0.75
    /// Number of spectra with outlier absorption lines (paper: 10 of 8000).
    public var outlierLineSpectrumCount: Int
    /// Lines per outlier-line spectrum (paper: 3).
    public var outlierLinesPerSpectrum: Int = 3
    /// Range of the depth of an outlier line.
    public var outlierLineDepth: ClosedRange<Double> = 0.3...0.6
    /// Gaussian sigma of an outlier line in pixels (paper: 2).
    public var outlierLineWidth: Double = 2
    /// An outlier line marks the pixels where its profile exceeds this fraction of its depth (paper: 0.01).
    public var outlierLineMaskThreshold: Double = 0.01

    // MARK: Noise

    /// Overall noise level: sigma_ij = s_i v_j u_ij * noiseLevel (paper: 0.2).
    public var noiseLevel: Double = 0.2
    /// Log-space mean of the per-spectrum scale s_i ~ LogNormal (paper: 1.0); s is then normalised to mean 1.
    public var spectrumNoiseLogMean: Double = 1.0
    /// Log-space standard deviation of s_i (paper: 2.0).
    public var spectrumNoiseLogSD: Double = 2.0
    /// Log-space standard deviation of the per-pixel factor u_ij ~ LogNormal(0, sd) (paper: 0.06), normalised to mean 1.
    public var pixelNoiseLogSD: Double = 0.06

    // MARK: Missing data

    /// Fraction of spectra with one missing segment (paper: 0.5).
    public var missingSpectrumFraction: Double = 0.5
    /// Length of a missing segment in pixels, drawn uniformly from this range, both ends included (paper: 50...200).
    public var missingSegmentLength: ClosedRange<Int> = 50...200

    // MARK: Split

    /// Number of training spectra: the first `trainCount` spectra train, the rest test (paper: 4000 of 8000).
    public var trainCount: Int

    /// The paper's configuration: N = 8000 spectra of M = 1200 pixels.
    public static let paper = ToyConfiguration()

    /// The paper's experiment at another size. Outlier-spectrum and outlier-line-spectrum counts scale with
    /// `nSpectra` (40 and 10 per 8000, rounded, at least 1); the training set is the first half (rounded down).
    public init(nSpectra: Int = 8000, nPixels: Int = 1200) {
        self.nSpectra = nSpectra
        self.nPixels = nPixels
        let scale = Double(nSpectra) / 8000
        outlierSpectrumCount = max(1, Int((40 * scale).rounded()))
        outlierLineSpectrumCount = max(1, Int((10 * scale).rounded()))
        trainCount = nSpectra / 2
    }

    /// The number of outlier pixels: `outlierPixelFraction` of N M, rounded.
    public var outlierPixelCount: Int {
        Int((outlierPixelFraction * Double(nSpectra) * Double(nPixels)).rounded())
    }
    /// The number of spectra offset in each outlier column: `outlierColumnSpectrumFraction` of N, rounded.
    public var outlierColumnSpectrumCount: Int {
        Int((outlierColumnSpectrumFraction * Double(nSpectra)).rounded())
    }
    /// The number of spectra with a missing segment: `missingSpectrumFraction` of N, rounded down.
    public var missingSpectrumCount: Int { Int(missingSpectrumFraction * Double(nSpectra)) }
}

extension ToyConfiguration {
    /// `count` rows of the five toy coefficients (count x 5), drawn in order from `random`: c0 normal, c1
    /// exponential, c2 normal, c3 log-normal, c4 normal, with this configuration's parameters.
    func drawCoefficients(_ count: Int, _ random: inout RandomStream) -> Matrix {
        var a = Matrix(rows: count, cols: ToyBasis.rank)
        for i in 0..<count {
            a[i, 0] = random.normal(c0Mean, c0SD)
            a[i, 1] = random.exponential(mean: c1Mean)
            a[i, 2] = random.normal(0, c2SD)
            a[i, 3] = random.logNormal(c3LogMean, c3LogSD)
            a[i, 4] = random.normal(c4Mean, c4SD)
        }
        return a
    }
}
