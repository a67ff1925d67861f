import DataIO
import HMFCore

/// What a synthetic survey holds: the bin table (paper, target, expected, generated), the counts the loader
/// will report, and the number of spectra of each anomaly class.
public struct GaiaSurveySummary: Sendable, Equatable {
    /// One row of the bin table.
    public struct Bin: Sendable, Equatable {
        /// Bin number.
        public let index: Int
        /// Members in the paper.
        public let paper: Int
        /// Calibration target: max(paper x scale, minimumPerBin).
        public let target: Double
        /// Expected members from the population model alone (no sampling).
        public let expected: Double
        /// Members of the generated survey, as the loader will find them.
        public let generated: Int
    }

    /// The configuration.
    public let configuration: GaiaSurveyConfiguration
    /// The bins.
    public let bins: [Bin]
    /// Stars drawn (with a spectrum, a metadata row, or both).
    public let stars: Int
    /// What `GaiaCatalog` reports for the files.
    public let joinCounts: GaiaJoinCounts
    /// Spectra per anomaly class, in `GaiaAnomalyClass.allCases` order.
    public let anomalyCounts: [Int]

    /// The summary of a drawn survey.
    package init(plan: GaiaSurveyPlan) {
        configuration = plan.configuration
        let generated = plan.binCounts
        let cal = plan.calibration
        bins = (0..<HRBins.count).map {
            Bin(
                index: $0, paper: GaiaPaper.binCounts[$0], target: cal.targets[$0],
                expected: cal.expectedMembers[$0],
                generated: generated[$0])
        }
        stars = plan.stars.count
        joinCounts = plan.expectedJoinCounts
        var counts = [Int](repeating: 0, count: GaiaAnomalyClass.allCases.count)
        for i in plan.spectrumStars {
            if let k = GaiaAnomalyClass.allCases.firstIndex(of: plan.stars[i].spectrum.anomaly) {
                counts[k] += 1
            }
        }
        anomalyCounts = counts
    }

    /// The bin table: bin, paper, target, expected, generated (plus a totals row).
    public var binTable: TextTable {
        var rows = bins.map {
            [
                String($0.index), NumberFormat.grouped($0.paper),
                NumberFormat.grouped(Int($0.target.rounded())),
                NumberFormat.grouped(Int($0.expected.rounded())),
                NumberFormat.grouped($0.generated),
            ]
        }
        rows.append([
            "all", NumberFormat.grouped(bins.reduce(0) { $0 + $1.paper }),
            NumberFormat.grouped(Int(bins.reduce(0) { $0 + $1.target }.rounded())),
            NumberFormat.grouped(Int(bins.reduce(0) { $0 + $1.expected }.rounded())),
            NumberFormat.grouped(bins.reduce(0) { $0 + $1.generated }),
        ])
        return TextTable(header: ["bin", "paper", "target", "expected", "generated"], rows: rows)
    }

    /// Spectra per anomaly class, as a table.
    public var anomalyTable: TextTable {
        TextTable(
            header: ["class", "spectra"],
            rows: zip(GaiaAnomalyClass.allCases, anomalyCounts).map {
                [$0.rawValue, NumberFormat.grouped($1)]
            })
    }
}
