import Testing

@testable import Notebook

@Suite struct ParserTests {
    @Test func cellsAndProseWithLines() throws {
        let text =
            "# T\n\n```swift\nlet a = 1\n```\nprose\n```python\nx = 1\n```\n```swift\n//| echo: false\n//| timeout: 5\nprint(a)\n```\n"
        let doc = try MarkdownParser.parse(text, path: "N.md")
        #expect(doc.cells.count == 2)
        #expect(doc.cells[0].source == "let a = 1")
        #expect(doc.cells[0].firstLine == 4)
        #expect(doc.cells[1].firstLine == 13)
        #expect(doc.cells[1].options.echo == false)
        #expect(doc.cells[1].options.timeout == 5)
        #expect(doc.blocks.count == 4)
    }

    @Test func fencesInListItemsRunAndQuotedOrNestedFencesAreProse() throws {
        let text = """
            - item

              ```swift
              let inList = 1
              ```
            > ```swift
            > let quoted = 2
            > ```

            ````markdown
            ```swift
            let example = 3
            ```
            ````
            ```swift
            let real = 4
            ```
            """
        let doc = try MarkdownParser.parse(text, path: "N.md")
        // A fence in a list item is a cell (CommonMark); quoted fences and fences inside longer fences are prose.
        #expect(doc.cells.map(\.source) == ["let inList = 1", "let real = 4"])
        #expect(doc.cells[1].firstLine == 16)
    }

    @Test func unclosedFenceIsAnErrorAtItsLine() {
        #expect(
            throws: NotebookError.syntax(
                file: "N.md", line: 3,
                message: "code fence ``` opened here is never closed; add a line with ```")
        ) {
            try MarkdownParser.parse("a\n\n```swift\nlet x = 1\n", path: "N.md")
        }
    }

    @Test func crlfLineEndings() throws {
        let doc = try MarkdownParser.parse(
            "---\r\ntitle: X\r\n---\r\n```swift\r\nlet a = 1\r\nprint(a)\r\n```\r\n", path: "N.md")
        #expect(doc.frontMatter.title == "X")
        #expect(doc.cells[0].source == "let a = 1\nprint(a)")
        #expect(doc.cells[0].firstLine == 5)
    }

    @Test func frontMatterParametersAndErrors() throws {
        let doc = try MarkdownParser.parse(
            "---\ntitle: T\nparameters:\n  n: 3\n  x: 0.5\n  flag: true\n  name: toy\n  ranks: [3, 4]\nfigures: figures/t\n---\n",
            path: "N.md")
        #expect(doc.frontMatter.parameters.map(\.name) == ["n", "x", "flag", "name", "ranks"])
        #expect(
            doc.frontMatter.parameters.map(\.value) == [
                .int(3), .double(0.5), .bool(true), .string("toy"), .list([.int(3), .int(4)]),
            ])
        #expect(doc.frontMatter.figures == "figures/t")
        let error = #expect(throws: NotebookError.self) {
            try MarkdownParser.parse("---\ntitle: T\nparameters:\n  n: [1, 2\n---\n", path: "N.md")
        }
        if case .syntax(let file, let line, _)? = error {
            #expect(file == "N.md")
            #expect(line >= 4 && line <= 5, "line \(line)")
        } else {
            Issue.record("expected a syntax error, got \(String(describing: error))")
        }
        #expect(throws: NotebookError.self) {
            try MarkdownParser.parse("---\nparameters:\n  1bad: 3\n---\n", path: "N.md")
        }
        #expect(throws: NotebookError.self) {
            try MarkdownParser.parse("---\ntitle: T\n", path: "N.md")
        }
    }

    @Test func badCellOptionNamesItsLine() {
        let known = CellOptions.keys.joined(separator: ", ")
        #expect(
            throws: NotebookError.syntax(
                file: "N.md", line: 2,
                message: "unknown cell option \"bogus\"; known options: \(known)")
        ) {
            try MarkdownParser.parse("```swift\n//| bogus: 1\n```\n", path: "N.md")
        }
    }
}
