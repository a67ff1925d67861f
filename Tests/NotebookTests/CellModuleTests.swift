import CellGraph
import Testing

@testable import Notebook
@testable import NotebookKernel

/// What a cell compiles to: its declarations at the module's top level, its statements in a body function, the
/// values later cells use as properties over optional storage, every piece at its cell line and column.
@Suite struct CellModuleTests {
    static func module(
        _ cell: String, exports: [CellModuleSource.Export], parameters: [String] = []
    ) -> String {
        CellModuleSource(
            module: "Cabc", source: cell, analysis: CellAnalyzer.analyze(cell), exports: exports,
            parameters: parameters, imports: ["import Glibc"], ancestors: ["Cdef"]
        ).text
    }

    @Test func declarationsStatementsAndKeptValues() {
        let cell =
            "func sq(_ x: Int) -> Int { x * x }\nlet xs = (1...n).map(sq), unused = 2\nvar total = 0\nprint(xs)"
        let text = Self.module(
            cell,
            exports: [
                .init(name: "xs", type: "[Int]", isVariable: false),
                .init(name: "unused", type: "Int", isVariable: false),
                .init(name: "total", type: "Int", isVariable: true),
            ],
            parameters: ["let n: Int = 3"])
        #expect(
            text.contains(
                "import NotebookKit\nimport Glibc\n@testable import Cdef\nfileprivate let n: Int = 3"
            ))
        #expect(
            text.contains(
                "#sourceLocation(file: \"Cabc\", line: 1)\nfunc sq(_ x: Int) -> Int { x * x }\n#sourceLocation()"
            ))
        #expect(
            text.contains(
                "do {\n#sourceLocation(file: \"Cabc\", line: 2)\nlet xs = (1...n).map(sq), unused = 2\n#sourceLocation()\n__hmf_xs = xs\n__hmf_unused = unused\n}"
            ))
        #expect(text.contains("fileprivate(set) var xs: [Int] {"))
        #expect(text.contains("var total: Int {\n    get {"))
        #expect(text.contains("_modify { if __hmf_total == nil"))
        let body = text[text.range(of: "private func __hmf_body() throws {")!.upperBound...]
        #expect(body.contains("#sourceLocation(file: \"Cabc\", line: 4)\nprint(xs)"))
        #expect(text.contains("@_cdecl(\"hmf_unit_Cabc\")"))
    }

    @Test func valuesNoLaterCellUsesStayLocal() {
        let text = Self.module("let a = 1\nlet b = a + 1\nprint(b)", exports: [])
        #expect(
            text.contains("#sourceLocation(file: \"Cabc\", line: 1)\nlet a = 1\n#sourceLocation()"))
        #expect(!text.contains("__hmf_a"))
    }

    @Test func columnsAndTopLevelAccessAreKept() {
        let text = Self.module("let a = 1; print(a)\nprivate func f() {}", exports: [])
        #expect(text.contains("line: 1)\n           print(a)"))
        #expect(text.contains("line: 2)\n        func f() {}"))
    }

    @Test func inlineExpressionsAtTheirProseColumns() throws {
        let doc = try MarkdownParser.parse(
            "Start `{swift} n`.\n```swift\nlet a = n\n```\nThen `{swift} a + 1`.\n", path: "x.md")
        let text = InlineModuleSource(
            module: "Cinl", expressions: doc.inlineExpressions, parameters: [], imports: [],
            ancestors: []
        ).text
        #expect(
            text.contains(
                "NotebookRuntime.inline(0) {\n#sourceLocation(file: \"Cinl\", line: 1)\n               n\n#sourceLocation()\n}"
            ))
        #expect(
            text.contains(
                "NotebookRuntime.inline(1) {\n#sourceLocation(file: \"Cinl\", line: 2)\n              a + 1\n#sourceLocation()\n}"
            ))
    }

    @Test func overridesAreTypedAndNeverCode() throws {
        let doc = try MarkdownParser.parse(
            "---\nparameters:\n  n: 1\n  s: a\n  xs: [1.5, 2]\n---\n", path: "x.md")
        #expect(throws: NotebookError.self) {
            try doc.frontMatter.resolve(overrides: ["n": "1; print(\"x\")"])
        }
        #expect(throws: NotebookError.self) {
            try doc.frontMatter.resolve(overrides: ["nope": "1"])
        }
        let p = try doc.frontMatter.resolve(overrides: [
            "s": "\"); print(\"pwned\") //\\(x)", "xs": "3,4.5",
        ])
        #expect(p[1].value.swiftLiteral == "\"\\\"); print(\\\"pwned\\\") //\\\\(x)\"")
        #expect(p[2].value == .list([.double(3), .double(4.5)]))
        #expect(p[2].value.swiftType == "[Double]")
    }
}
