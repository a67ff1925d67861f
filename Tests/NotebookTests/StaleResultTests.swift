import Foundation
import Testing

@testable import Notebook
@testable import NotebookKernel

/// A stored value depends on the code that computes it: the calling cell, the cells it depends on and the
/// parameters they use, with comments and spacing normalised away.
@Suite(.enabled(if: Kit.available, "NotebookKit not built")) struct StaleResultTests {
    static func notebook(
        helper: String = "3.0 * 2", closure: String = "f()", later: String = "print(\"later\")",
        comment: String = "", cacheKey: String? = nil, n: Int = 1
    ) -> String {
        """
        ---
        parameters:
          n: \(n)
        ---
        Prose that may change.

        ```swift
        func f() -> Double { \(helper) }\(comment)
        ```

        ```swift
        \(cacheKey.map { "//| cache-key: \($0)\n" } ?? "")let v = try Session().cached("k", 1) { \(closure) }
        print("value", v)
        ```

        ```swift
        \(later)
        ```
        """
    }

    /// Runs `text` and returns the printed value and whether the lookup was a hit.
    static func run(_ project: Project, _ text: String) throws -> (value: String, hit: Bool) {
        try project.write("s.md", text)
        let r = try #require(project.result(try project.run("s.md", force: true)))
        #expect(r.succeeded)
        let out = r.cells[1].stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        return (out, r.cells[1].cacheHits == 1)
    }

    @Test func codeEditsRecomputeAndEverythingElseDoesNot() throws {
        let p = try Project()
        defer { p.remove() }
        #expect(try Self.run(p, Self.notebook()) == ("value 6.0", false))
        #expect(try Self.run(p, Self.notebook()).hit)
        // Comments, spacing, prose and later cells do not count.
        #expect(try Self.run(p, Self.notebook(comment: "   // the helper")) == ("value 6.0", true))
        #expect(try Self.run(p, Self.notebook(helper: "3.0  *  2")) == ("value 6.0", true))
        #expect(
            try Self.run(p, Self.notebook(later: "print(\"edited later cell\")")) == (
                "value 6.0", true
            ))
        #expect(
            try Self.run(
                p,
                Self.notebook().replacingOccurrences(
                    of: "Prose that may change.", with: "New prose.")
            ).hit)
        // The closure, an earlier helper and a parameter do.
        #expect(try Self.run(p, Self.notebook(closure: "f() * 50")) == ("value 300.0", false))
        #expect(try Self.run(p, Self.notebook(helper: "3.0 * 100")) == ("value 300.0", false))
        // A parameter no cell of the chain uses does not count; one the helper uses does.
        #expect(try Self.run(p, Self.notebook(helper: "3.0 * 100", n: 2)) == ("value 300.0", true))
        #expect(
            try Self.run(p, Self.notebook(helper: "3.0 * Double(n)", n: 2)) == ("value 6.0", false))
        #expect(
            try Self.run(p, Self.notebook(helper: "3.0 * Double(n)", n: 3)) == ("value 9.0", false))
    }

    @Test func cacheKeyInputsIgnoresTheCode() throws {
        let p = try Project()
        defer { p.remove() }
        #expect(try Self.run(p, Self.notebook(cacheKey: "inputs")) == ("value 6.0", false))
        // The author asserted the code cannot matter: an edited closure reads the stored value back.
        #expect(
            try Self.run(p, Self.notebook(closure: "f() * 50", cacheKey: "inputs")) == (
                "value 6.0", true
            ))
    }

    @Test func allowedErrorCellsKeepTheirDeclarations() throws {
        let p = try Project()
        defer { p.remove() }
        try p.write(
            "e.md",
            """
            ```swift
            //| error: allow
            let bad = try? Matrix(rows: 1, cols: 2, elements: [1])
            let known = 41
            ```

            ```swift
            print(known + 1, bad == nil)
            ```

            ```swift
            //| error: allow
            struct Boom: Error {}
            throw Boom()
            ```

            ```swift
            print("after")
            ```
            """)
        let r = try #require(p.result(try p.run("e.md")))
        #expect(r.cells[1].stdout == "42 true\n")
        #expect(
            r.cells[2].outputs.contains {
                if case .error(let e) = $0 { return e.contains("Boom") } else { return false }
            })
        // The last cell uses nothing of the cell that threw, so it runs.
        #expect(r.cells[3].stdout == "after\n")
    }

    @Test func cellsInsideListItemsRun() throws {
        let p = try Project()
        defer { p.remove() }
        try p.write(
            "l.md",
            """
            Steps:

            1. Make a number:

               ```swift
               let x = 20
               ```

            2. Double it:

               ```swift
               print(x * 2)
               ```

            After the list, four spaces make indented code, not a cell:

                ```swift
                print("indented code, not a cell")
                ```
            """)
        let r = try #require(p.result(try p.run("l.md")))
        #expect(r.cells.count == 2)
        #expect(r.cells[1].stdout == "40\n")
    }
}
