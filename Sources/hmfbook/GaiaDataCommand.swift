import ArgumentParser
import Datasets
import Foundation
import HMFCore

/// `hmfbook gaia-data`: writes a synthetic Gaia DR3 RVS survey in the reference pipeline's file format.
struct GaiaDataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gaia-data",
        abstract:
            "Write a synthetic Gaia DR3 RVS survey (dr3-rvs-all.hdf5, dr3-source-meta.csv, synthetic-truth.csv).",
        discussion: """
            --scale multiplies the paper's bin counts: 0.02 is about 10,000 spectra (CI), 0.1 about 50,000 (1 GB), \
            1 the paper's size (about 500,000 spectra, 9.7 GB). Deterministic: the same --scale and --seed write \
            byte-identical files. Prints the bin table: the paper's members, the calibration target, the members \
            expected from the population model and the members generated (what the loader will find).
            """
    )

    @Option(help: "Size relative to the paper (1 = about 500,000 spectra).")
    var scale: Double = 0.02
    @Option(help: "Random seed.")
    var seed: UInt64 = GaiaSurveyConfiguration.defaultSeed
    @Option(help: "Output folder (created when needed).")
    var out: String

    func run() throws {
        let start = Date()
        let generator = try GaiaSurveyGenerator(
            configuration: GaiaSurveyConfiguration(scale: scale, seed: seed))
        let summary = generator.summary
        let line = TerminalLine()
        print(
            "drawing done in \(String(format: "%.1f", Date().timeIntervalSince(start))) s: \(summary.joinCounts)"
        )
        try generator.write(to: out) { p in
            let seconds = Date().timeIntervalSince(start)
            line.update(
                "spectra \(NumberFormat.grouped(p.spectraWritten)) / \(NumberFormat.grouped(p.spectraTotal))  "
                    + "\(String(format: "%.1f", seconds)) s",
                milestone: p.spectraWritten == p.spectraTotal)
        }
        line.finish()
        print(summary.binTable.plainText)
        print(summary.anomalyTable.plainText)
        print(
            "wrote \(out) in \(String(format: "%.1f", Date().timeIntervalSince(start))) s (scale \(scale), seed \(seed))"
        )
    }
}
