import Foundation
import Testing

@testable import Notebook
@testable import NotebookKernel

/// Runs the real Notebooks/toy.md end to end on a small configuration (as `hmfbook run -p ...` would).
@Suite(.serialized, .kitBuilt)
struct ToyNotebookTests {
    static let figureNames = [
        "absorption_line_residuals", "normal_vs_outlier_spectra_reconstructions",
        "weights_per_object_clean_vs_outlier", "test_set_score_heatmap", "basis_functions",
        "robust_weights_histogram", "spectra_and_reconstructions",
        "weird_outlier_spectra_and_reconstructions",
    ]

    @Test func quickRunWritesEveryFigureAndNoError() throws {
        let notebook = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Notebooks/toy.md").path
        let p = try Project()
        defer { p.remove() }
        try p.write("toy.md", try String(contentsOfFile: notebook, encoding: .utf8))
        let overrides = [
            "nSpectra": "1000", "nPixels": "300", "ranks": "[4, 5]", "scales": "[2.0, 5.0]",
        ]
        let r = try #require(p.result(try p.run("toy.md", overrides: overrides, timeout: 900)))
        for cell in r.cells {
            guard case .ok = cell.status else {
                Issue.record("cell \(cell.index) did not succeed: \(cell.status)\n\(cell.stderr)")
                continue
            }
        }
        #expect(r.succeeded)
        let md = p.read("build/Notebooks/toy.md")
        #expect(md.contains("The cross-validation score is lowest at K = "))
        #expect(md.contains("fitted and scored 4 models"))
        // Non-default parameters: the figures go beside the executed document, never into the paper's folder.
        let fm = FileManager.default
        for name in Self.figureNames {
            for ext in ["pdf", "png"] {
                #expect(
                    fm.fileExists(atPath: "\(p.root)/build/Notebooks/toy_figures/\(name).\(ext)"),
                    "missing \(name).\(ext)")
            }
        }
        #expect(!fm.fileExists(atPath: "\(p.root)/figures/toy"))
        #expect(p.read("build/Notebooks/toy.html").contains("data:image/png;base64"))
    }
}
