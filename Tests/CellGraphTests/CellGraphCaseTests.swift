import Testing

@testable import CellGraph

/// The cases of `shared/spec/cell-graph.md`, read as graphs: editing a cell re-runs exactly the cells that
/// depend on it. (The kernel tests run the same cases and check the values each cell shows.)
@Suite struct CellGraphCaseTests {
    /// The cells that depend on cell `edited` (0-based) of `cells`.
    static func rerun(_ cells: [String], editing edited: Int, parameters: [String] = []) -> [Int] {
        CellGraph(cells.map(CellAnalyzer.analyze), parameters: parameters).dependents(of: edited)
    }

    @Test func varMutatedInALaterCell() {
        #expect(Self.rerun(["var x = 0", "x += 1", "print(x)"], editing: 1) == [2])
        #expect(Self.rerun(["var x = 0", "x += 1", "print(x)"], editing: 0) == [1, 2])
    }

    /// A cell cannot change a value that only a later cell declares (in Jupyter, a cell run before the cell
    /// that declares its name fails; the declaring cell must not wait for it).
    @Test func aValueDeclaredLaterIsNotShared() {
        #expect(Self.rerun(["print(a)", "let a = 5\nprint(a)"], editing: 0) == [])
        #expect(Self.rerun(["var a = 1", "print(a)", "let b = 5\nprint(a, b)"], editing: 1) == [2])
    }

    @Test func aLetOfAClassIsMutableThroughItsMethods() {
        let cells = [
            "let fig = Figure(width: 3, height: 2)", "fig.axes().plot(a, b)", "display(fig)",
        ]
        #expect(Self.rerun(cells, editing: 1) == [2])
    }

    @Test func aMutatingMethodCallIsAWrite() {
        let cells = [
            "var rng = SeededGenerator(seed: 1)", "let a = rng.normal()", "let b = rng.normal()",
        ]
        #expect(Self.rerun(cells, editing: 1) == [2])
    }

    @Test func memberNamesComeFromExtensions() {
        #expect(
            Self.rerun(
                ["struct P {}", "extension P { func f() -> Int { 1 } }", "print(P().f())"],
                editing: 1) == [2])
    }

    @Test func aConformanceOrAMoreSpecificMemberChangesACall() {
        let cells = [
            "protocol D {}\nextension D { func d() -> String { \"a\" } }", "struct S: D {}",
            "extension S { func d() -> String { \"b\" } }", "print(S().d())",
        ]
        #expect(Self.rerun(cells, editing: 2) == [3])
        // A conformance whose members the later cell never names still reaches it.
        let implicit = [
            "struct T {}",
            "extension T: CustomStringConvertible { var description: String { \"t\" } }",
            "let t = T()", "print(t)",
        ]
        #expect(Self.rerun(implicit, editing: 1) == [2, 3])
        // An extension of a library type reaches every later cell.
        #expect(
            Self.rerun(
                ["extension Double { var twice: Double { 2 * self } }", "print(1)"], editing: 0)
                == [1])
    }

    @Test func overloadsDeclaredInTwoCells() {
        let cells = [
            "func g(_ x: Int) -> Int { 1 }", "func g(_ x: Double) -> Int { 2 }", "print(g(1.0))",
        ]
        #expect(Self.rerun(cells, editing: 1) == [2])
        #expect(Self.rerun(cells, editing: 0) == [2])
    }

    @Test func operatorsAreNamesToo() {
        let cells = [
            "infix operator ** : MultiplicationPrecedence\nfunc ** (a: Double, b: Double) -> Double { pow(a, b) }",
            "print(2 ** 3)", "print(2 * 3)",
        ]
        #expect(Self.rerun(cells, editing: 0) == [1])
    }

    @Test func libraryAndProcessStateReachEveryLaterCell() {
        for first in [
            "FileManager.default.changeCurrentDirectoryPath(\"/tmp\")", "setenv(\"X\", \"1\", 1)",
            "Style.defaultFontSize = 12",
        ] {
            #expect(
                Self.rerun(
                    [first, "let fig = Figure(width: 3, height: 2)\ndisplay(fig)"], editing: 0) == [
                        1
                    ])
        }
        // Writing a notebook value, a local or a member is not process state.
        let cells = [
            "var total = 0\nstruct C { var n = 0; mutating func up() { n += 1 } }",
            "total += 1\nfor i in 0..<3 { var s = i; s += 1 }", "print(\"independent\")",
        ]
        #expect(Self.rerun(cells, editing: 1) == [])
    }

    @Test func aFileOneCellWritesAndAnotherReadsIsAnEdge() {
        let cells = [
            "try publishCSV(\"x.csv\", header: [\"a\"], rows: [[1]])",
            "print(try String(contentsOfFile: p))",
        ]
        let graph = CellGraph(
            cells.map(CellAnalyzer.analyze), files: [(writer: 0, reader: 1, path: "build/x.csv")])
        #expect(graph.dependents(of: 0) == [1])
        #expect(graph.edges[1].first?.reasons == [.file("build/x.csv")])
    }

    @Test func closureParametersShadowTopLevelNames() {
        // Cell 3 only uses its closure's own `n`: no edge (other local shadowing is over-approximated).
        let cells = ["let n = 3", "let m = n * 2", "let f = { (n: Int) in n + 1 }; print(f(5))"]
        #expect(Self.rerun(cells, editing: 0) == [1])
        let shorthand = [
            "let n = 3", "let f: (Int) -> Int = { n in n + 1 }", "func h(n: Int) -> Int { n }",
        ]
        #expect(Self.rerun(shorthand, editing: 0) == [])
        // A capture list names the outer value.
        #expect(Self.rerun(["let n = 3", "let f = { [n] in n + 1 }"], editing: 0) == [1])
        // `if let n {` refers to the outer `n`.
        #expect(Self.rerun(["let n: Int? = 3", "if let n { print(n) }"], editing: 0) == [1])
    }

    @Test func parametersAreNodes() {
        let graph = CellGraph(
            ["print(nSpectra)", "print(1)"].map(CellAnalyzer.analyze),
            parameters: ["nSpectra", "seed"])
        #expect(graph.parameters(of: 0) == ["nSpectra"])
        #expect(graph.parameters(of: 1) == [])
    }

    @Test func twoCellsThatNameNothingOfEachOtherAreIndependent() {
        #expect(Self.rerun(["let a = 1\nprint(a)", "let b = 2\nprint(b)"], editing: 0) == [])
    }

    @Test func unreadableCellsDependOnEverything() {
        #expect(Self.rerun(["let a = 1", "let b = (", "print(2)"], editing: 0) == [1, 2])
        #expect(Self.rerun(["let a = 1", "let b = (", "print(2)"], editing: 1) == [2])
    }
}
