import Datasets
import Foundation

/// What the Gaia notebook publishes in `summary.json`: per bin, the sizes, cycles, scores and flags, and on a
/// synthetic survey the recovery of each injected class. The JSON keys are the published file's (snake case).
public struct GaiaSummary: Codable, Sendable, Equatable {
    /// The recovery of one injected class.
    public struct ClassSummary: Codable, Sendable, Equatable {
        public let count: Int
        public let recall: Double
        /// The false-positive rate among normal stars, at the same threshold.
        public let fpr: Double
        public let auc: Double
        public let averagePrecision: Double

        enum CodingKeys: String, CodingKey {
            case count, recall, fpr, auc
            case averagePrecision = "average_precision"
        }

        /// Every class of `recovery`, by label.
        public static func classes(of recovery: InjectionRecovery) -> [String: ClassSummary] {
            Dictionary(
                uniqueKeysWithValues: recovery.classes.map { c in
                    (
                        c.label,
                        ClassSummary(
                            count: c.count, recall: c.recall, fpr: recovery.falsePositiveRate,
                            auc: c.rocAUC, averagePrecision: c.averagePrecision)
                    )
                })
        }
    }

    /// One bin.
    public struct BinSummary: Codable, Sendable, Equatable {
        public let bin: Int
        public let nSpectra: Int
        public let nTrain: Int
        public let cycles: Int
        public let converged: Bool
        public let nOutliers: Int
        public let stdZ: Double
        public let reducedChiSquared: Double
        public let rmse: Double
        public let medianAbsZ: Double
        /// The cross-validation score (KL divergence of the test z's from a unit normal).
        public let kl: Double
        /// The score below which 1% of the bin's normal stars fall (synthetic surveys only).
        public let thresholdAt1PercentFPR: Double?
        public let classes: [String: ClassSummary]

        enum CodingKeys: String, CodingKey {
            case bin, cycles, converged, rmse, kl, classes
            case nSpectra = "n_spectra"
            case nTrain = "n_train"
            case nOutliers = "n_outliers"
            case stdZ = "std_z"
            case reducedChiSquared = "chi2_red"
            case medianAbsZ = "mad_z"
            case thresholdAt1PercentFPR = "threshold_1pct_fpr"
        }

        /// The summary of `result`, with its calibrated threshold and class recovery when the truth is known.
        public init(
            _ result: GaiaBinResult, thresholdAt1PercentFPR: Double? = nil,
            recovery: InjectionRecovery? = nil
        ) {
            bin = result.bin
            nSpectra = result.nSpectra
            nTrain = result.nTrain
            cycles = result.cycles
            converged = result.converged
            nOutliers = result.nOutliers
            stdZ = result.testScore.stdZ
            reducedChiSquared = result.testScore.reducedChiSquared
            rmse = result.testScore.weightedRMSE
            medianAbsZ = result.testScore.medianAbsZ
            kl = result.testScore.score
            self.thresholdAt1PercentFPR = thresholdAt1PercentFPR
            classes = recovery.map(ClassSummary.classes(of:)) ?? [:]
        }
    }

    /// Whether the spectra are a synthetic survey (with a known truth).
    public let synthetic: Bool
    public let scale: Double?
    public let seed: Int?
    public let rank: Int
    public let q: Double
    public let threshold: Double
    public let bins: [BinSummary]
    /// The recovery of each class over every bin (synthetic surveys only).
    public let classes: [String: ClassSummary]
    /// The false-positive rate over every bin (synthetic surveys only).
    public let fpr: Double?

    /// The summary of a run of every bin in `bins`; `scale`, `seed` and `overall` are those of a synthetic
    /// survey (nil for real data).
    public init(
        bins: [BinSummary], rank: Int, q: Double, threshold: Double, scale: Double? = nil,
        seed: Int? = nil,
        overall: InjectionRecovery? = nil
    ) {
        synthetic = overall != nil
        self.scale = scale
        self.seed = seed
        self.rank = rank
        self.q = q
        self.threshold = threshold
        self.bins = bins
        classes = overall.map(ClassSummary.classes(of:)) ?? [:]
        fpr = overall?.falsePositiveRate
    }
}
