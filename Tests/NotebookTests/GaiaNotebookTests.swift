import DataIO
import Foundation
import NotebookKit
import Testing

@testable import Notebook
@testable import NotebookKernel

/// Runs the real Notebooks/gaia_rvs.md end to end on the CI survey (scale 0.02), three bins: 0 and 1 (where the
/// Be/shell stars are) and 13 (the reddest, smallest bin). About a minute with the release NotebookKit.
@Suite(.serialized, .enabled(if: ReleaseKit.toolchain != nil, "NotebookKit library not built"))
struct GaiaNotebookTests {
    static let runBins = [0, 1, 13]

}

extension GaiaNotebookTests {
    @Test func ciSurveyRunsEveryCellAndTheSummaryHoldsTheBins() throws {
        let toolchain = try #require(ReleaseKit.toolchain)
        let notebook = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Notebooks/gaia_rvs.md").path
        let p = try Project()
        defer { p.remove() }
        try p.write("gaia_rvs.md", try String(contentsOfFile: notebook, encoding: .utf8))
        var options = NotebookRunner.Options()
        options.projectRoot = p.root
        options.overrides = ["scale": "0.02", "bins": "[0, 1, 13]"]
        options.timeout = 600
        let outcome = try NotebookRunner(toolchain: toolchain, options: options).run(
            "Notebooks/gaia_rvs.md")
        let r = try #require(p.result(outcome))
        for cell in r.cells {
            guard case .ok = cell.status else {
                Issue.record("cell \(cell.index) did not succeed: \(cell.status)\n\(cell.stderr)")
                continue
            }
        }
        #expect(r.succeeded)

        // Non-default parameters: figures and records beside the executed document, never in figures/gaia.
        let fm = FileManager.default
        let out = "\(p.root)/build/Notebooks/gaia_rvs_figures"
        for name in ["hr_bins", "stacked_hist", "gaia_typical_star_bin01"] {
            for ext in ["pdf", "png"] {
                #expect(fm.fileExists(atPath: "\(out)/\(name).\(ext)"), "missing \(name).\(ext)")
            }
        }
        for name in ["values.tex", "summary.json", "outliers.csv", "dual_bin_scores.csv"] {
            #expect(fm.fileExists(atPath: "\(out)/\(name)"), "missing \(name)")
        }
        #expect(!fm.fileExists(atPath: "\(p.root)/figures/gaia"))

        // The survey the notebook generated, read here with the loader and the truth table directly.
        let folders = try fm.contentsOfDirectory(atPath: "\(p.root)/.hmfbook/gaia-survey")
        let folder =
            "\(p.root)/.hmfbook/gaia-survey/"
            + (try #require(folders.first { $0.hasPrefix("scale-0.02-") }))
        let catalog = try GaiaCatalog(folder: folder)
        let bins = HRBins(catalog: catalog)
        let truth = try CSVTable.read(
            path: folder + "/synthetic-truth.csv", columns: ["source_id", "class"])
        let classOf = Dictionary(
            uniqueKeysWithValues: zip(try truth.int64s("source_id"), try truth.strings("class"))
                .compactMap { id, c in id.map { ($0, c ?? "") } })

        let summary = try JSONDecoder().decode(
            GaiaSummary.self, from: Data(contentsOf: URL(fileURLWithPath: "\(out)/summary.json")))
        #expect(summary.scale == 0.02)
        #expect(summary.bins.map(\.bin) == Self.runBins)
        for b in summary.bins {
            #expect(b.nSpectra == bins[b.bin].count)
            #expect(b.nTrain == bins[b.bin].count / 2)
            #expect(b.cycles > 5 && b.cycles <= 1000)
            // A calibrated model of held-out stars: the weighted residuals are close to unit normal.
            #expect(abs(b.stdZ - 1) < 0.15, "bin \(b.bin) std_z \(b.stdZ)")
            #expect(
                b.reducedChiSquared > 0.7 && b.reducedChiSquared < 1.5,
                "bin \(b.bin) chi2_red \(b.reducedChiSquared)")
        }
        // The Be/shell stars of the run bins, counted from the truth table and the bins.
        let beMembers = Self.runBins.flatMap { bins[$0].ids }.filter { classOf[$0] == "be_shell" }
            .count
        #expect((summary.classes["be_shell"]?.count ?? 0) == beMembers)
        #expect(beMembers > 0)
        #expect((summary.fpr ?? 1) < 0.02)

        // outliers.csv: one row per flag, every score below 0.5, flagged Be/shell stars only in bins 0-2.
        let outliers = try CSVTable.read(path: "\(out)/outliers.csv")
        #expect(outliers.rowCount == summary.bins.map(\.nOutliers).reduce(0, +))
        let scores = try outliers.doubles("score")
        let ids = try outliers.int64s("source_id")
        let inBin = try outliers.int64s("bin")
        #expect(scores.allSatisfy { ($0 ?? 1) < 0.5 })
        for (id, bin) in zip(ids, inBin) where classOf[id ?? 0] == "be_shell" {
            #expect((bin ?? 99) <= 2)
        }
        let md = p.read("build/Notebooks/gaia_rvs.md")
        #expect(md.contains("bins in the store: [0, 1, 13]"))
        #expect(p.read("build/Notebooks/gaia_rvs.html").contains("data:image/png;base64"))
    }
}
