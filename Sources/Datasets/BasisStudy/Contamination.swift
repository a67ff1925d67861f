/// How much of what goes wrong in a training set of the basis-robustness study: outlier pixels, outlier
/// spectra, outlier columns, and how unequal the noise is.
///
/// The kinds follow the toy experiment: an outlier pixel is shifted by +/- U(0.25, 0.75); an outlier spectrum
/// is replaced by 1 + a sin(f t) with t = linspace(0, 2 pi, M), f ~ U(10, 30), a ~ U(0.1, 0.3) (and observed
/// with its noise); an outlier column is shifted by +/- U(0.25, 0.45) in 30% of the spectra. None of them is
/// marked in the weights.
public struct Contamination: Sendable, Hashable, Codable {
    /// Fraction of the training set's N M pixels that are outlier pixels (0 ... 1).
    public var pixelFraction: Double
    /// Fraction of the training spectra replaced by sinusoids (0 ... 1).
    public var spectrumFraction: Double
    /// Number of distinct outlier columns.
    public var columnCount: Int
    /// Heteroskedasticity of the noise, 0 (every pixel of every spectrum has the same sigma) to 1 (the toy's
    /// heavy-tailed per-spectrum and per-pixel noise); see `ContaminatedSpectra`.
    public var noiseSpread: Double

    /// A contamination; the default is none, with moderately heteroskedastic noise (spread 0.5).
    public init(
        pixelFraction: Double = 0, spectrumFraction: Double = 0, columnCount: Int = 0,
        noiseSpread: Double = 0.5
    ) {
        self.pixelFraction = pixelFraction
        self.spectrumFraction = spectrumFraction
        self.columnCount = columnCount
        self.noiseSpread = noiseSpread
    }

    /// Fraction of the spectra in which an outlier column is shifted.
    public static let columnSpectrumFraction = 0.3
    /// Range of the size of an outlier pixel's shift (sign random).
    public static let pixelAmplitude: ClosedRange<Double> = 0.25...0.75
    /// Range of the size of an outlier column's shift (sign random).
    public static let columnAmplitude: ClosedRange<Double> = 0.25...0.45
}
