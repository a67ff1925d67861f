import Foundation
import Testing

@testable import Notebook
@testable import NotebookKernel

/// Runs the real Notebooks/basis_robustness.md end to end on a small configuration (as `hmfbook run -p ...`
/// would), and checks a result that can fail: at the largest number of outlier columns PCA's basis is further
/// from the truth than RHMF's.
@Suite(.serialized, .kitBuilt)
struct BasisNotebookTests {
    static let figureNames = [
        "angle_vs_contamination", "heldout_error_vs_contamination", "basis_vectors",
        "column_damage", "start_study",
    ]

    @Test func quickRunWritesEveryFigureAndPCASuffersFromColumns() throws {
        let notebook = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Notebooks/basis_robustness.md")
            .path
        let p = try Project()
        defer { p.remove() }
        try p.write("basis_robustness.md", try String(contentsOfFile: notebook, encoding: .utf8))
        let overrides = [
            "nTrain": "240", "nTest": "80", "nPixels": "150", "rvsBinning": "16", "rvsStars": "200",
            "seeds": "2", "pixelLevels": "[0.0, 0.02]", "spectrumLevels": "[0.0, 0.05]",
            "columnLevels": "[0, 10]", "spreadLevels": "[0.0, 1.0]", "scales": "[5.0]",
            "tolerance": "0.001", "startSeeds": "2", "startSpectra": "600", "startPixels": "300",
            "longCycles": "150",
        ]
        let r = try #require(
            p.result(try p.run("basis_robustness.md", overrides: overrides, timeout: 600)))
        for cell in r.cells {
            guard case .ok = cell.status else {
                Issue.record("cell \(cell.index) did not succeed: \(cell.status)\n\(cell.stderr)")
                continue
            }
        }
        #expect(r.succeeded)
        let md = p.read("build/Notebooks/basis_robustness.md")
        #expect(md.contains("bad optimum"))
        // "At 10 outlier columns PCA's basis is X degrees from the truth and RHMF's (Q = 5) Y; ..."
        let pattern = try Regex(
            #"At 10 outlier columns PCA's basis is ([0-9.]+) degrees from the truth and RHMF's \(Q = 5\) ([0-9.]+)"#
        )
        let match = try #require(md.firstMatch(of: pattern), "the column statement")
        let pca = try #require(Double(String(match.output[1].substring ?? "")))
        let rhmf = try #require(Double(String(match.output[2].substring ?? "")))
        #expect(pca > rhmf, "PCA \(pca) deg against RHMF \(rhmf) deg at 10 outlier columns")
        // Non-default parameters: the figures go beside the executed document, never into the paper's folder.
        let fm = FileManager.default
        for name in Self.figureNames {
            for ext in ["pdf", "png"] {
                #expect(
                    fm.fileExists(
                        atPath: "\(p.root)/build/Notebooks/basis_robustness_figures/\(name).\(ext)"),
                    "missing \(name).\(ext)")
            }
        }
        #expect(
            fm.fileExists(atPath: "\(p.root)/build/Notebooks/basis_robustness_figures/values.tex"))
        #expect(!fm.fileExists(atPath: "\(p.root)/figures/basis"))
    }
}
