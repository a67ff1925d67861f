import Foundation
import Testing

@testable import Notebook

/// The repository's notebooks read like analyses: every cell is at most 40 lines of at most 100 columns
/// (`//|` option lines included); code longer than that belongs in the library, with tests.
@Suite struct NotebookStyleTests {
    static let notebooks = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Notebooks").path

    @Test func cellsStayShortAndNarrow() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.notebooks).filter {
            $0.hasSuffix(".md")
        }
        #expect(names.count >= 5)
        for name in names.sorted() {
            let text = try String(contentsOfFile: "\(Self.notebooks)/\(name)", encoding: .utf8)
            let document = try MarkdownParser.parse(text, path: "Notebooks/\(name)")
            for cell in document.cells {
                let lines = cell.source.split(separator: "\n", omittingEmptySubsequences: false)
                    .dropLast(cell.source.hasSuffix("\n") ? 1 : 0)
                #expect(
                    lines.count <= 40,
                    "\(name): the cell at line \(cell.fenceLine) has \(lines.count) lines")
                for (k, line) in lines.enumerated() where line.count > 100 {
                    Issue.record("\(name):\(cell.firstLine + k): \(line.count) columns")
                }
            }
        }
    }
}
