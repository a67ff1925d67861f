import Foundation
import Testing

@testable import Notebook
@testable import NotebookKernel

/// The DocC getting-started article's notebook, put together from the article's own front matter and cells,
/// runs as written: what the documentation teaches works.
@Suite(.serialized, .kitBuilt)
struct GettingStartedTests {
    static let article = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Sources/NotebookKit/NotebookKit.docc/GettingStarted.md").path

    /// The article's front matter (the first block of its Markdown example) and every Swift cell after it.
    static func notebook(from text: String) throws -> String {
        let frontMatter = try #require(
            text.firstMatch(of: /````markdown\n(---\n[\s\S]*?\n---\n)/)?.1)
        let cells = text.matches(of: /```swift\n([\s\S]*?)```/).map { String($0.1) }
            .filter { $0.trimmingCharacters(in: .whitespacesAndNewlines) != "// a cell" }
        #expect(cells.count >= 4)
        return String(frontMatter) + "# First\n\n"
            + cells.map { "```swift\n\($0)```\n" }.joined(separator: "\n")
    }

    @Test func theArticlesNotebookRuns() throws {
        let p = try Project()
        defer { p.remove() }
        try p.write(
            "first.md",
            try Self.notebook(from: String(contentsOfFile: Self.article, encoding: .utf8)))
        let r = try #require(p.result(try p.run("first.md", timeout: 300)))
        #expect(r.succeeded, "\(r.cells.map(\.stderr))")
        let page = p.read("build/Notebooks/first.md")
        #expect(page.contains("largest principal angle to the true basis"))
        #expect(page.contains("| cycles | loss | converged |"))
        // The figure the article publishes, and the one it saves where it says.
        #expect(FileManager.default.fileExists(atPath: p.root + "/figures/first/basis.pdf"))
        #expect(FileManager.default.fileExists(atPath: p.root + "/build/scratch/basis.svg"))
    }
}
