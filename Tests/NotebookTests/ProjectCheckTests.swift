import Foundation
import HMFCore
import KitVersion
import NumericsVersion
import Testing

@testable import Notebook
@testable import NotebookKernel

/// `hmfbook check`: figures declared by notebooks and included by the paper, without executing anything.
@Suite(.serialized, .kitBuilt)
struct ProjectCheckTests {
    @Test func parsesIncludesAndSaves() {
        #expect(
            ProjectCheck.includes(
                "a \\includegraphics[width=3in]{figures/x/b} c \\includegraphics{y.png}") == [
                    "figures/x/b", "y.png",
                ])
        #expect(
            ProjectCheck.includes("\\input{../figures/toy/values}", command: "\\input") == [
                "../figures/toy/values"
            ])
        #expect(
            ProjectCheck.publishedNames(
                "try fig.publish(\"basis\")\nfig.publish(\"r\\(k)\")\ntry f.publish(\"a.png\")")
                == ["basis", "a.png"])
    }

    @Test func freshThenStaleThenMissing() throws {
        let p = try Project()
        defer { p.remove() }
        let nb =
            "---\nfigures: figures/c\n---\n```swift\nlet fig = Figure(width: 3, height: 2)\nfig.axes().plot([0, 1], [1, 0], label: \"l\")\ntry fig.publish(\"line\")\n```\n"
        try p.write("c.md", nb)
        try FileManager.default.createDirectory(
            atPath: "\(p.root)/paper", withIntermediateDirectories: true)
        try
            "\\includegraphics[width=\\linewidth]{../figures/c/line}\n% \\includegraphics{commented.pdf}\n"
            .write(toFile: "\(p.root)/paper/p.tex", atomically: true, encoding: .utf8)
        let check = ProjectCheck(root: p.root, versions: try Kit.versions())
        let never = check.run().problems
        #expect(
            never.map(\.path) == ["figures/c/line.pdf", "figures/c/line.png", "../figures/c/line"])
        #expect(never[0].reason.contains("missing") && never[2].reason.contains("paper/p.tex:1"))
        _ = try p.run("c.md")
        let fresh = check.run()
        #expect(fresh.problems.isEmpty, "\(fresh.problems)")
        #expect(fresh.figures.contains("figures/c/line.pdf"))
        // A fresh clone has no build folder and no store: the committed freeze stamp is the evidence.
        try FileManager.default.removeItem(atPath: "\(p.root)/build")
        try FileManager.default.removeItem(atPath: "\(p.root)/.hmfbook")
        #expect(check.run().problems.isEmpty)
        #expect(FileManager.default.fileExists(atPath: "\(p.root)/figures/c/freeze.json"))
        // Prose does not make figures stale; code does.
        try p.write("c.md", nb + "\nMore prose.\n")
        #expect(check.run().problems.isEmpty)
        try p.write("c.md", nb.replacingOccurrences(of: "[1, 0]", with: "[1, 2]"))
        let stale = check.run()
        #expect(
            stale.problems.contains {
                $0.path == "figures/c/line.pdf" && $0.reason.contains("stale")
            })
        #expect(stale.problems.contains { $0.reason.contains("paper/p.tex:1") })
        try FileManager.default.removeItem(atPath: "\(p.root)/figures/c/line.png")
        #expect(
            check.run().problems.contains {
                $0.path == "figures/c/line.png" && $0.reason.contains("missing")
            })
    }

    @Test func valuesArePublishedAndThePaperUsesOnlyNotebookOutputs() throws {
        let p = try Project()
        defer { p.remove() }
        let nb =
            "---\nfigures: figures/v\n---\n```swift\nvar values = PaperValues(prefix: \"v\")\n"
            + "values.set(\"Count\", 2 + 3)\ntry values.publish()\ntry publishJSON([\"n\": 5])\n```\n"
        try p.write("v.md", nb)
        _ = try p.run("v.md")
        #expect(p.read("figures/v/values.tex").contains("\\newcommand{\\vCount}{5}"))
        let stamp = try #require(FreezeStamp.read("\(p.root)/figures/v/freeze.json"))
        #expect(
            Set(stamp.outputs.map(\.path)) == ["figures/v/values.tex", "figures/v/summary.json"])
        try FileManager.default.createDirectory(
            atPath: "\(p.root)/paper", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            atPath: "\(p.root)/paper/extra", withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: "\(p.root)/paper/extra/outside.png"))
        try Data("x".utf8).write(to: URL(fileURLWithPath: "\(p.root)/figures/v/stray.png"))
        try
            "\\input{../figures/v/values}\n\\includegraphics{extra/outside.png}\n\\includegraphics{../figures/v/stray}\n"
            .write(toFile: "\(p.root)/paper/main.tex", atomically: true, encoding: .utf8)
        let problems = ProjectCheck(root: p.root, versions: try Kit.versions()).run().problems
        #expect(!problems.contains { $0.path == "figures/v/values.tex" }, "\(problems)")
        #expect(
            problems.contains {
                $0.path == "paper/extra/outside.png" && $0.reason.contains("outside figures/")
            })
        #expect(
            problems.contains {
                $0.path == "figures/v/stray.png" && $0.reason.contains("written by no notebook")
            })
        // Editing the code that computes a value makes the value file stale.
        try p.write("v.md", nb.replacingOccurrences(of: "2 + 3", with: "2 + 4"))
        #expect(
            ProjectCheck(root: p.root, versions: try Kit.versions()).run().problems.contains {
                $0.path == "figures/v/values.tex" && $0.reason.contains("stale")
            })
    }

    /// A stamp goes stale when the library the cells call changes, not only the engine or the notebook; stamps
    /// written before the kit version was recorded count as stale.
    @Test func aChangedLibraryMakesTheStampStale() {
        let now = FreezeStamp.Source(
            notebook: "n.md", code: "c", parameters: [], inputs: [],
            numericsVersion: numericsVersion, kitVersion: kitVersion)
        #expect(FreezeStamp(source: now, outputs: []).staleness(against: now) == nil)
        #expect(kitVersion.hasPrefix("kit-") && kitVersion != numericsVersion)
        var plotting = now
        plotting.kitVersion = "kit-0123456789abcdef"
        let reason = FreezeStamp(source: plotting, outputs: []).staleness(against: now)
        #expect(reason?.contains("notebook library changed") == true, "\(reason ?? "nil")")
        var old = now
        old.kitVersion = nil
        #expect(
            FreezeStamp(source: old, outputs: []).staleness(against: now)?.contains("not recorded")
                == true)
        var engine = now
        engine.numericsVersion = "rhmf-0"
        #expect(
            FreezeStamp(source: engine, outputs: []).staleness(against: now)?.contains(
                "engine changed") == true)
    }
}
