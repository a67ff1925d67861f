import Testing
@testable import Notebook

@Suite struct TangleTests {
    @Test func parametersFirstThenCellsWithSourceLocations() throws {
        let doc = try MarkdownParser.parse("---\nparameters:\n  n: 2\n---\n```swift\nlet a = n\n```\n```swift\n//| error: allow\ntry f()\n```\n", path: "Notebooks/x.md")
        let params = try NotebookRunner.resolveParameters(doc.frontMatter, overrides: ["n": "7"])
        let program = Tangler.tangle(doc, parameters: params, sourcePath: "Notebooks/x.md")
        #expect(program.contains("let n: Int = 7"))
        #expect(program.contains("#sourceLocation(file: \"Notebooks/x.md\", line: 6)\nlet a = n\n#sourceLocation()"))
        #expect(program.contains("do {\n#sourceLocation(file: \"Notebooks/x.md\", line: 10)\ntry f()"))
        #expect(program.range(of: "let n")!.lowerBound < program.range(of: "beginCell(0")!.lowerBound)
    }

    @Test func overridesAreTypedAndNeverCode() throws {
        let doc = try MarkdownParser.parse("---\nparameters:\n  n: 1\n  s: a\n  xs: [1.5, 2]\n---\n", path: "x.md")
        #expect(throws: NotebookError.self) { try NotebookRunner.resolveParameters(doc.frontMatter, overrides: ["n": "1; print(\"x\")"]) }
        #expect(throws: NotebookError.self) { try NotebookRunner.resolveParameters(doc.frontMatter, overrides: ["nope": "1"]) }
        let p = try NotebookRunner.resolveParameters(doc.frontMatter, overrides: ["s": "\"); print(\"pwned\") //\\(x)", "xs": "3,4.5"])
        #expect(p[1].value.swiftLiteral == "\"\\\"); print(\\\"pwned\\\") //\\\\(x)\"")
        #expect(p[2].value == .list([.double(3), .double(4.5)]))
        #expect(p[2].value.swiftType == "[Double]")
    }
}
