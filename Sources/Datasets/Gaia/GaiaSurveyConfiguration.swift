/// The size, seed and rates of a synthetic Gaia DR3 RVS survey (`spec/gaia-rvs.md` section 5).
///
/// `scale` multiplies the paper's bin counts (and the 100,000 giants): 1 gives a survey of the paper's size
/// (about 500,000 spectra, 9.7 GB), 0.1 about 50,000 spectra, 0.02 about 10,000 (every bin keeps at least
/// `minimumPerBin` expected members, so small scales are not proportionally smaller). Everything is fixed by
/// `(configuration, seed)`: the same pair writes byte-identical files on any number of threads.
public struct GaiaSurveyConfiguration: Sendable, Equatable {
    /// The seed used when none is given.
    public static let defaultSeed: UInt64 = 42
    /// The paper's size.
    public static let paper = GaiaSurveyConfiguration(scale: 1)
    /// About 50,000 spectra (about 1 GB).
    public static let tenth = GaiaSurveyConfiguration(scale: 0.1)
    /// About 10,000 spectra: the continuous-integration size.
    public static let ci = GaiaSurveyConfiguration(scale: 0.02)

    /// Multiplies the paper's bin counts and the number of giants (> 0).
    public var scale: Double
    /// Fixes every random draw.
    public var seed: UInt64
    /// Every bin is given at least this many expected members after the loader's cuts (the spec: 150, so that
    /// a rank-10 model stays meaningful).
    public var minimumPerBin: Double = 150
    /// Giants (red clump, red-giant branch, subgiants) at scale 1; mostly outside the bins.
    public var giantsAtScaleOne: Double = 100_000
    /// Multiplies the rate of every injected anomaly class (1: the spec's rates). Larger values give tests and
    /// figures more anomalous spectra; the total anomaly probability of a star is capped at 1.
    public var anomalyRateFactor: Double = 1

    /// A survey at `scale` with `seed`.
    public init(scale: Double, seed: UInt64 = GaiaSurveyConfiguration.defaultSeed) {
        self.scale = scale
        self.seed = seed
    }

    /// Checks every value.
    /// - Throws: `DatasetError.invalidConfiguration` naming the field and its allowed range.
    public func validate() throws(DatasetError) {
        guard scale.isFinite, scale > 0, scale <= 20 else {
            throw .invalidConfiguration(
                "scale must be in (0, 20] (1 is the paper's size), got \(scale)")
        }
        guard minimumPerBin.isFinite, minimumPerBin >= 0, minimumPerBin <= 1e6 else {
            throw .invalidConfiguration("minimumPerBin must be in [0, 1e6], got \(minimumPerBin)")
        }
        guard giantsAtScaleOne.isFinite, giantsAtScaleOne >= 0, giantsAtScaleOne <= 1e7 else {
            throw .invalidConfiguration(
                "giantsAtScaleOne must be in [0, 1e7], got \(giantsAtScaleOne)")
        }
        guard anomalyRateFactor.isFinite, anomalyRateFactor >= 0, anomalyRateFactor <= 1000 else {
            throw .invalidConfiguration(
                "anomalyRateFactor must be in [0, 1000], got \(anomalyRateFactor)")
        }
    }
}
