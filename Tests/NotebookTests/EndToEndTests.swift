import Foundation
import NotebookKit
import Testing

@testable import Notebook
@testable import NotebookKernel

@Suite(.serialized, .kitBuilt)
struct EndToEndTests {
    @Test func stateAcrossCellsAndOutputs() throws {
        let p = try Project()
        defer { p.remove() }
        try p.write(
            "a.md",
            "---\ntitle: A\nparameters:\n  n: 3\n---\n# A\n\n```swift\nfunc sq(_ x: Int) -> Int { x * x }\nstruct P { var v: Int }\nlet xs = (1...n).map(sq)\n```\n\n```swift\nprint(xs, P(v: xs.count).v)\ndisplay(try Matrix([[1, 2], [3, 4]]))\n```\n"
        )
        let r = try #require(p.result(try p.run("a.md")))
        #expect(r.succeeded)
        #expect(r.cells[1].stdout == "[1, 4, 9] 3\n")
        let md = p.read("build/Notebooks/a.md")
        #expect(md.contains("[1, 4, 9] 3"))
        #expect(md.contains("Matrix 2 x 2"))
        #expect(p.read("build/Notebooks/a.html").contains("<h1>A</h1>"))
        // Unchanged: frozen. Override: runs again with the new value.
        guard case .upToDate = try p.run("a.md") else {
            Issue.record("expected up to date")
            return
        }
        let r2 = try #require(p.result(try p.run("a.md", overrides: ["n": "4"])))
        #expect(r2.cells[1].stdout == "[1, 4, 9, 16] 4\n")
    }

    @Test func compileErrorAtNotebookLine() throws {
        let p = try Project()
        defer { p.remove() }
        try p.write(
            "c.md",
            "```swift\nlet a = 1\n```\n\ntext\n\n```swift\nlet b = a +\n  undefinedThing\n```\n")
        let r = try #require(p.result(try p.run("c.md")))
        guard case .failed(.compile, _, let line) = r.cells[1].status else {
            Issue.record("expected compile failure in cell 2: \(r.cells)")
            return
        }
        #expect(line == 9)
        #expect(p.read("build/Notebooks/c.md").contains("Notebooks/c.md:9"))
    }

    @Test func trapAtRightLineKeepsEarlierOutput() throws {
        let p = try Project()
        defer { p.remove() }
        try p.write(
            "t.md",
            "```swift\nlet first = \"first\"\nprint(first)\n```\n```swift\nlet xs = [1, 2, 3]\nprint(\"before\")\nlet i = xs.count + Int(\"0\")!\nprint(xs[i])\nprint(\"after\")\n```\n```swift\nprint(xs)\n```\n```swift\nprint(first + \" again\")\n```\n"
        )
        let r = try #require(p.result(try p.run("t.md")))
        #expect(r.cells[0].stdout == "first\n")
        #expect(r.cells[1].stdout == "before\n")
        guard case .failed(.trap, let message, let line) = r.cells[1].status else {
            Issue.record("expected trap: \(r.cells[1])")
            return
        }
        #expect(line == 9)
        #expect(message.contains("Index out of range"))
        // The cell that uses the crashed cell's values does not run; the kernel restarts, restores the first
        // cell's values and runs the last cell.
        #expect(r.cells[2].status == .notRun)
        #expect(r.cells[3].stdout == "first again\n")
        #expect(r.notes.contains { $0.contains("restarted") })
        let md = p.read("build/Notebooks/t.md")
        #expect(md.contains("first") && md.contains("Notebooks/t.md:9"))
    }

    @Test func thrownErrorStopsAndAllowedErrorContinues() throws {
        let p = try Project()
        defer { p.remove() }
        try p.write(
            "e.md",
            "```swift\nstruct Oops: Error {}\n```\n```swift\n//| error: allow\nthrow Oops()\n```\n```swift\nprint(\"still here\")\nthrow Oops()\n```\n"
        )
        let r = try #require(p.result(try p.run("e.md")))
        #expect(r.cells[1].status == .ok)
        #expect(r.cells[1].outputs.contains(.error("Oops()")))
        #expect(r.cells[2].stdout == "still here\n")
        guard case .failed(.thrown, let message, _) = r.cells[2].status else {
            Issue.record("expected thrown: \(r.cells[2])")
            return
        }
        #expect(message.contains("Oops()"))
    }

    @Test func timeoutStopsTheCell() throws {
        let p = try Project()
        defer { p.remove() }
        try p.write(
            "s.md",
            "```swift\nprint(\"ok\")\n```\n```swift\n//| timeout: 1\nwhile true { usleep(10_000) }\n```\n"
        )
        let t0 = Date()
        let r = try #require(p.result(try p.run("s.md")))
        #expect(Date().timeIntervalSince(t0) < 30)
        #expect(r.cells[0].stdout == "ok\n")
        guard case .failed(.timeout, _, _) = r.cells[1].status else {
            Issue.record("expected timeout: \(r.cells[1])")
            return
        }
    }

    @Test func maliciousOverrideRejected() throws {
        let p = try Project()
        defer { p.remove() }
        try p.write("m.md", "---\nparameters:\n  n: 1\n---\n```swift\nprint(n)\n```\n")
        #expect(throws: NotebookError.self) {
            try p.run("m.md", overrides: ["n": "1; print(\"x\")"])
        }
    }

    @Test func sessionCacheHitMissInvalidationAndCorruption() throws {
        let p = try Project()
        defer { p.remove() }
        let nb =
            "---\nparameters:\n  k: 2\n---\n```swift\nlet s = Session()\nlet v: [Double] = try s.cached(\"work\", k) { print(\"computing\"); return [Double(k), 1] }\nprint(v)\n```\n"
        try p.write("k.md", nb)
        let r1 = try #require(p.result(try p.run("k.md")))
        #expect(r1.cells[0].cacheMisses == 1 && r1.cells[0].stdout.contains("computing"))
        let r2 = try #require(p.result(try p.run("k.md", force: true)))
        #expect(r2.cells[0].cacheHits == 1 && !r2.cells[0].stdout.contains("computing"))
        let r3 = try #require(p.result(try p.run("k.md", overrides: ["k": "3"])))
        #expect(r3.cells[0].cacheMisses == 1 && r3.cells[0].stdout.contains("[3.0, 1.0]"))
        // Corrupt every entry: detected, reported, recomputed.
        let store = "\(p.root)/.hmfbook/store"
        for f in FileManager.default.enumerator(atPath: store)?.compactMap({ $0 as? String }) ?? []
        where f.hasSuffix(".entry") {
            let path = "\(store)/\(f)"
            var d = try Data(contentsOf: URL(fileURLWithPath: path))
            d[d.count - 1] ^= 0xFF
            try d.write(to: URL(fileURLWithPath: path))
        }
        let r4 = try #require(p.result(try p.run("k.md", force: true)))
        #expect(r4.succeeded)
        #expect(r4.cells[0].cacheMisses == 1)
        #expect(
            r4.cells[0].outputs.contains {
                if case .warning(let w) = $0 {
                    return w.contains("corrupted")
                } else {
                    return false
                }
            })
        let r5 = try #require(p.result(try p.run("k.md", force: true)))
        #expect(r5.cells[0].cacheHits == 1)
    }

    /// A 30-cell notebook compiles quickly once the module cache is warm (reported, loosely bounded).
    @Test func warmCompileOfThirtyCells() throws {
        let p = try Project()
        defer { p.remove() }
        let cells = (0..<30).map { "```swift\nlet v\($0) = \($0) * 2\nprint(v\($0))\n```\n" }
            .joined(separator: "\nprose\n\n")
        try p.write("w.md", cells)
        _ = try p.run("w.md")
        try p.write("w.md", cells + "\n```swift\nprint(\"changed\")\n```\n")
        let r = try #require(p.result(try p.run("w.md")))
        #expect(r.succeeded)
        print("warm compile of a 31-cell notebook: \(String(format: "%.2f", r.compileSeconds)) s")
        #expect(r.compileSeconds < 10)
    }
}
