public import HMFCore
import RHMF

/// What the toy generator knows and a fit has to find: true coefficients, where each kind of outlier was put,
/// which pixels are missing, and the per-spectrum noise scale. One row per spectrum, in data order.
///
/// The per-pixel outlier masks are false at missing pixels: those pixels hold no data (Y = 0, W = 0), so an outlier
/// there cannot be seen. Missing segments are placed to avoid outlier pixels and outlier lines, so only the
/// outlier-column and outlier-spectrum masks actually lose entries to missing data.
public struct ToyTruth: Sendable {
    /// True coefficients A, N x 5, in the order of `ToyBasis.names`. Replaced (outlier) spectra keep the
    /// coefficients that were drawn for them, although their data do not follow the model.
    public let coefficients: Matrix
    /// Outlier pixels: single pixels offset by +/- U(0.25, 0.75) (their weights are not zeroed).
    public let outlierPixels: Mask
    /// Outlier columns: the entries of the outlier columns in the spectra where the column is offset.
    public let outlierColumns: Mask
    /// Outlier lines: pixels where an injected absorption line is deeper than the mask threshold (1% of its depth).
    public let outlierLines: Mask
    /// Outlier spectra: every (non-missing) pixel of each replaced spectrum.
    public let outlierSpectra: Mask
    /// The union of the four outlier masks above: the per-pixel truth for outlier detection.
    public let anyOutlier: Mask
    /// Missing pixels (W = 0 and Y = 0).
    public let missing: Mask
    /// The per-spectrum outlier flag: true for the spectra replaced by 1 + a sin(f t) (40 in the paper).
    ///
    /// Spectra with injected outlier lines are *not* flagged here: they still follow the model apart from about
    /// 40 pixels, and the spec scores the per-object flag against "the outlier-spectrum flag". Use
    /// `hasOutlierLines` (or `isOutlierObject`) to include them.
    public let isOutlierSpectrum: [Bool]
    /// True for the spectra with injected outlier lines (10 in the paper; never an outlier spectrum).
    public let hasOutlierLines: [Bool]
    /// The outlier columns (pixel indices, ascending); the same for every subset.
    public let outlierColumnIndices: [Int]
    /// The missing segment of each spectrum (pixel range), or nil when the spectrum is complete.
    public let missingSegments: [Range<Int>?]
    /// The per-spectrum noise scale s_i (normalised to mean 1 over the full data set, before any split).
    public let spectrumNoiseScale: [Double]

    /// Number of spectra.
    public var count: Int { isOutlierSpectrum.count }

    /// Spectra that are outlier spectra or carry outlier lines.
    public var isOutlierObject: [Bool] { zip(isOutlierSpectrum, hasOutlierLines).map { $0 || $1 } }

    /// Indices of the outlier spectra, ascending.
    public var outlierSpectrumIndices: [Int] {
        isOutlierSpectrum.indices.filter { isOutlierSpectrum[$0] }
    }

    /// Indices of the spectra with outlier lines, ascending.
    public var outlierLineSpectrumIndices: [Int] {
        hasOutlierLines.indices.filter { hasOutlierLines[$0] }
    }

    init(
        coefficients: Matrix, outlierPixels: Mask, outlierColumns: Mask, outlierLines: Mask,
        outlierSpectra: Mask, missing: Mask, isOutlierSpectrum: [Bool], hasOutlierLines: [Bool],
        outlierColumnIndices: [Int], missingSegments: [Range<Int>?], spectrumNoiseScale: [Double],
        anyOutlier: Mask? = nil
    ) {
        self.coefficients = coefficients
        self.outlierPixels = outlierPixels
        self.outlierColumns = outlierColumns
        self.outlierLines = outlierLines
        self.outlierSpectra = outlierSpectra
        self.anyOutlier =
            anyOutlier ?? (outlierPixels | outlierColumns | outlierLines | outlierSpectra)
        self.missing = missing
        self.isOutlierSpectrum = isOutlierSpectrum
        self.hasOutlierLines = hasOutlierLines
        self.outlierColumnIndices = outlierColumnIndices
        self.missingSegments = missingSegments
        self.spectrumNoiseScale = spectrumNoiseScale
    }

    /// The truth of the spectra in `range` (for example the training or test set).
    public func rows(_ range: Range<Int>) -> ToyTruth {
        ToyTruth(
            coefficients: coefficients.rows(range),
            outlierPixels: outlierPixels.rows(range), outlierColumns: outlierColumns.rows(range),
            outlierLines: outlierLines.rows(range), outlierSpectra: outlierSpectra.rows(range),
            missing: missing.rows(range),
            isOutlierSpectrum: Array(isOutlierSpectrum[range]),
            hasOutlierLines: Array(hasOutlierLines[range]),
            outlierColumnIndices: outlierColumnIndices,
            missingSegments: Array(missingSegments[range]),
            spectrumNoiseScale: Array(spectrumNoiseScale[range]), anyOutlier: anyOutlier.rows(range)
        )
    }
}
