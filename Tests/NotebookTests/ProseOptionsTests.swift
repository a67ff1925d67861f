import Testing

@testable import Notebook

/// Figure labels, captions and code folding as cell options; inline `{swift}` expressions and `@fig-`
/// references found in prose with their notebook lines.
@Suite struct ProseOptionsTests {
    @Test func figureAndFoldOptions() throws {
        let text = """
            ```swift
            //| label: fig-scores
            //| fig-cap: "Test-set \\"scores\\" by rank"
            //| code-fold: true
            let a = 1
            ```
            ```swift
            //| fig-cap: Bare caption: with a colon
            //| code-fold: show
            let b = 2
            ```
            ```swift
            //| fig-cap: 'It''s quoted'
            ```
            """
        let doc = try MarkdownParser.parse(text, path: "N.md")
        #expect(doc.cells[0].options.label == "fig-scores")
        #expect(doc.cells[0].options.figureCaption == "Test-set \"scores\" by rank")
        #expect(doc.cells[0].options.codeFold == .folded)
        #expect(doc.cells[0].source == "let a = 1")
        #expect(doc.cells[1].options.figureCaption == "Bare caption: with a colon")
        #expect(doc.cells[1].options.codeFold == .shown)
        #expect(doc.cells[2].options.figureCaption == "It's quoted")
        #expect(doc.figureNumbers == ["fig-scores": 1])
    }

    @Test func badFigureOptionsNameTheirLine() {
        #expect(
            throws: NotebookError.syntax(
                file: "N.md", line: 3,
                message:
                    "option label must be fig- followed by letters, digits, - or _ (such as fig-scores), got \"scores\""
            )
        ) {
            try MarkdownParser.parse("text\n```swift\n//| label: scores\n```\n", path: "N.md")
        }
        #expect(throws: NotebookError.self) {
            try MarkdownParser.parse("```swift\n//| fig-cap: \"open\n```\n", path: "N.md")
        }
        #expect(throws: NotebookError.self) {
            try MarkdownParser.parse("```swift\n//| fig-cap: \"\"\n```\n", path: "N.md")
        }
        #expect(throws: NotebookError.self) {
            try MarkdownParser.parse("```swift\n//| code-fold: maybe\n```\n", path: "N.md")
        }
        #expect(
            throws: NotebookError.syntax(
                file: "N.md", line: 4,
                message: "label fig-a is already used by the cell at line 1; labels must be unique")
        ) {
            try MarkdownParser.parse(
                "```swift\n//| label: fig-a\n```\n```swift\n//| label: fig-a\n```\n", path: "N.md")
        }
    }

    @Test func inlineExpressionsAndReferencesWithLines() throws {
        let text = """
            ---
            parameters:
              n: 3
            ---
            Before any cell: `{swift} n * 2`, see @fig-a.

            ```swift
            //| label: fig-a
            let best = (rank: 4, loss: 0.5)
            ```
            Best rank `{swift} best.rank`, loss ``{swift} "`\\(best.loss)`"``; plain `code`, mail a@fig-a.com.
            ```text
            `{swift} notCode` and @fig-b inside a fence
            ```
            Unknown @fig-b-.
            """
        let doc = try MarkdownParser.parse(text, path: "N.md")
        #expect(doc.inlineExpressions.map(\.code) == ["n * 2", "best.rank", "\"`\\(best.loss)`\""])
        #expect(doc.inlineExpressions.map(\.line) == [5, 11, 11])
        #expect(doc.inlineExpressions.map(\.afterCell) == [nil, 0, 0])
        #expect(doc.inlineExpressions[0].column == 27)
        #expect(doc.inlineExpressions[1].column == 20)
        #expect(
            doc.references == [
                FigureReference(label: "fig-a", line: 5), FigureReference(label: "fig-b", line: 15),
            ])
        #expect(doc.unresolvedReferences == [FigureReference(label: "fig-b", line: 15)])
        #expect(throws: NotebookError.self) {
            try MarkdownParser.parse("empty `{swift}` here\n", path: "N.md")
        }
    }

    @Test func scannerKeepsTheTextItDoesNotReplace() {
        let prose = "a `x` ``{swift} y`` `{swiftly} z` \\`{swift} no` @fig-q, end\n```\n@fig-r\n```"
        let segments = ProseScanner.segments(prose)
        #expect(segments.contains(.inline(code: "y", line: 0, column: 17)))
        #expect(segments.contains(.reference(label: "fig-q", line: 0)))
        #expect(!segments.contains(.reference(label: "fig-r", line: 2)))
        let rebuilt = segments.map { s -> String in
            switch s {
            case .text(let t): return t
            case .inline(let code, _, _): return "``{swift} \(code)``"
            case .reference(let label, _): return "@" + label
            }
        }.joined()
        #expect(rebuilt == prose)
    }
}
