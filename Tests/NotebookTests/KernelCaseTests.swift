import Foundation
import Testing

@testable import Notebook
@testable import NotebookKernel

/// The cases of `shared/spec/cell-graph.md`, run in a live session: edit a cell, and exactly the cells that
/// depend on it run again and show what a fresh run of the edited notebook shows. Cells run only to restore a
/// value (marked `.restored`) are named where the rule needs them.
@Suite(.serialized, .kitBuilt)
struct KernelCaseTests {
    /// Runs `before`, then `after`; checks that the cells `ran` ran (0-based) and that every cell shows what a
    /// fresh run of `after` shows.
    static func edit(
        _ before: [String], _ after: [String], ran: [Int], restored: [Int] = [],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let k = try KernelHarness()
        let first = try k.run(before)
        #expect(first.result.succeeded, "\(first.result.cells)", sourceLocation: sourceLocation)
        let second = try k.run(after)
        #expect(second.result.succeeded, "\(second.result.cells)", sourceLocation: sourceLocation)
        #expect(second.changedRan == ran, sourceLocation: sourceLocation)
        #expect(
            second.result.cells.filter { $0.execution == .restored }.map(\.index) == restored,
            sourceLocation: sourceLocation)
        #expect(second.stdout == (try k.batch(after)), sourceLocation: sourceLocation)
    }

    @Test func aVarMutatedInALaterCellIsPutBackNotRemade() throws {
        try Self.edit(
            ["var x = 0", "x += 1", "print(x)"], ["var x = 0", "x += 2", "print(x)"], ran: [1, 2])
    }

    @Test func aFigureChangedThroughItsMethodsIsMadeAgain() throws {
        // A `let` of a class can be changed by any cell that uses it: the cell that made it runs again.
        let before = [
            "let fig = Figure(width: 3, height: 2)", "fig.axes().plot([1, 2], [1, 2])",
            "display(fig)\nprint(try fig.renderPNG().count)",
        ]
        var after = before
        after[1] = "fig.axes().plot([1, 2], [2, 1])"
        try Self.edit(before, after, ran: [1, 2], restored: [0])
    }

    @Test func aMutatingMethodCallIsAWrite() throws {
        let before = [
            "var rng = SeededGenerator(seed: 1)", "let a = rng.normal()",
            "let b = rng.normal()\nprint(b)",
        ]
        var after = before
        after[1] = "let a = rng.normal() + rng.normal()"
        try Self.edit(before, after, ran: [1, 2])
    }

    @Test func membersComeFromExtensions() throws {
        try Self.edit(
            ["struct P {}", "extension P { func f() -> Int { 1 } }", "print(P().f())"],
            ["struct P {}", "extension P { func f() -> Int { 2 } }", "print(P().f())"], ran: [1, 2])
    }

    @Test func aMoreSpecificMemberChangesACall() throws {
        let before = [
            "protocol D {}\nextension D { func d() -> String { \"a\" } }", "struct S: D {}",
            "extension S { func d() -> String { \"b\" } }", "print(S().d())",
        ]
        var after = before
        after[2] = "extension S { func d() -> String { \"c\" } }"
        try Self.edit(before, after, ran: [2, 3])
    }

    @Test func anEditedConformanceReachesCellsThatNeverNameIt() throws {
        let before = [
            "struct T {}",
            "extension T: CustomStringConvertible { var description: String { \"one\" } }",
            "let t = T()", "print(t)",
        ]
        var after = before
        after[1] = "extension T: CustomStringConvertible { var description: String { \"two\" } }"
        // Swift cannot unload a conformance: the kernel restarts, and the cells the edit needs are restored.
        try Self.edit(before, after, ran: [1, 2, 3], restored: [0])
    }

    @Test func overloadsInTwoCells() throws {
        try Self.edit(
            ["func g(_ x: Int) -> Int { 1 }", "func g(_ x: Double) -> Int { 2 }", "print(g(1.0))"],
            ["func g(_ x: Int) -> Int { 1 }", "func g(_ x: Double) -> Int { 3 }", "print(g(1.0))"],
            ran: [1, 2])
    }

    @Test func operators() throws {
        let op = "infix operator ** : MultiplicationPrecedence\n"
        try Self.edit(
            [
                op + "func ** (a: Double, b: Double) -> Double { pow(a, b) }", "print(2.0 ** 3.0)",
                "print(1)",
            ],
            [
                op + "func ** (a: Double, b: Double) -> Double { a * b }", "print(2.0 ** 3.0)",
                "print(1)",
            ], ran: [0, 1])
    }

    @Test func processStateReachesEveryLaterCell() throws {
        try Self.edit(
            ["setenv(\"HMF_CASE\", \"one\", 1)", "print(String(cString: getenv(\"HMF_CASE\")))"],
            ["setenv(\"HMF_CASE\", \"two\", 1)", "print(String(cString: getenv(\"HMF_CASE\")))"],
            ran: [0, 1])
    }

    @Test func aFileOneCellWritesAndAnotherReads() throws {
        let read =
            "let t = try CSVTable.read(path: NotebookRuntime.figuresDirectory + \"/x.csv\")\nprint(try t.int64s(\"a\"))"
        try Self.edit(
            ["try publishCSV(\"x.csv\", header: [\"a\"], rows: [[1]])", read, "print(0)"],
            ["try publishCSV(\"x.csv\", header: [\"a\"], rows: [[2]])", read, "print(0)"],
            ran: [0, 1])
    }

    @Test func aFileReadAnotherWayIsFoundByItsName() throws {
        // Foundation's reads are not recorded; the file's name in the reading cell joins the two.
        let read =
            "print(try String(contentsOfFile: NotebookRuntime.figuresDirectory + \"/y.csv\", encoding: .utf8))"
        try Self.edit(
            ["try publishCSV(\"y.csv\", header: [\"a\"], rows: [[1]])", read, "print(0)"],
            ["try publishCSV(\"y.csv\", header: [\"a\"], rows: [[2]])", read, "print(0)"],
            ran: [0, 1])
    }

    @Test func closureParametersShadow() throws {
        try Self.edit(
            ["let n = 3", "let m = n * 2\nprint(m)", "let f = { (n: Int) in n + 1 }\nprint(f(5))"],
            ["let n = 4", "let m = n * 2\nprint(m)", "let f = { (n: Int) in n + 1 }\nprint(f(5))"],
            ran: [0, 1])
    }

    @Test func parametersAreNodes() throws {
        let k = try KernelHarness(parameters: [("nSpectra", .int(10))])
        let cells = ["print(nSpectra)", "print(\"other\")"]
        _ = try k.run(cells)
        let second = try k.run(cells, parameters: [("nSpectra", .int(20))])
        #expect(second.changedRan == [0])
        #expect(second.stdout == ["20\n", "other\n"])
    }

    @Test func allowedErrorCellsBlockOnlyTheirUsers() throws {
        let throwing =
            "//| error: allow\nlet known = 41\nstruct Boom: Error {}\nif known > 0 { throw Boom() }"
        let k = try KernelHarness()
        let first = try k.run([throwing, "print(known + 1)", "print(\"independent\")"])
        #expect(
            first.result.cells[0].outputs.contains {
                if case .error(let e) = $0 { return e.contains("Boom") } else { return false }
            })
        #expect(first.result.cells[1].status == .notRun)
        #expect(first.stdout[2] == "independent\n")
        let fixed =
            "//| error: allow\nlet known = 41\nstruct Boom: Error {}\nif known < 0 { throw Boom() }"
        let second = try k.run([fixed, "print(known + 1)", "print(\"independent\")"])
        #expect(second.changedRan == [0, 1])
        #expect(second.stdout == ["", "42\n", "independent\n"])
    }

    @Test func independentCellsDoNotRunAgain() throws {
        let k = try KernelHarness()
        let cached =
            "let s = Session()\nlet v: Int = try s.cached(\"v\", 1) { 7 }\nprint(v, s.misses)"
        _ = try k.run(["let a = 1\nprint(a)", cached])
        let second = try k.run(["let a = 2\nprint(a)", cached])
        #expect(second.changedRan == [0])
        #expect(second.result.cells[1].execution == .reused)
        #expect(
            second.result.cells.filter { $0.execution != .reused }.map(\.cacheMisses).reduce(0, +)
                == 0)
        #expect(second.stdout == ["2\n", "7 1\n"])
    }
}
