import Foundation
import Testing

@testable import Notebook
@testable import NotebookKernel

/// Runs of one notebook into different output folders (bins as separate jobs) proceed at the same time
/// without touching each other's events or documents, and share the session store.
@Suite(.serialized, .kitBuilt)
struct ConcurrentRunTests {
    @Test func runsIntoDifferentFoldersOverlapAndStayApart() throws {
        let p = try Project()
        defer { p.remove() }
        // Each run sleeps long enough that the two overlap, then stores and prints a value of its parameter.
        try p.write(
            "j.md",
            "---\nparameters:\n  part: 0\n---\n```swift\nusleep(1_500_000)\n"
                + "let v = try Session().cached(\"square\", part) { part * part }\nprint(\"part \\(part) -> \\(v)\")\n```\n"
        )
        let outcomes = LockedResults()
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            let outcome = Result {
                try p.run(
                    "j.md", overrides: ["part": "\(i + 2)"], outputDirectory: "build/jobs/\(i)")
            }
            outcomes.set(i, outcome)
        }
        for i in 0..<2 {
            let outcome = try #require(outcomes.get(i)).get()
            let result = try #require(p.result(outcome))
            #expect(result.succeeded, "run \(i): \(result.cells.map(\.status))")
            let part = i + 2
            #expect(p.read("build/jobs/\(i)/j.md").contains("part \(part) -> \(part * part)"))
        }
        // Both ran into their own folders at once: the runs' wall times overlap.
        let records = (0..<2).compactMap { RunRecord.read("\(p.root)/build/jobs/\($0)/j.run.json") }
        try #require(records.count == 2)
        let iso = ISO8601DateFormatter()
        let spans = try records.map { r in
            let start = try #require(iso.date(from: r.startedAt))
            return (start, start.addingTimeInterval(r.seconds))
        }
        // Start times have whole-second resolution; each run lasts well over a second.
        #expect(
            spans[0].0 < spans[1].1.addingTimeInterval(1)
                && spans[1].0 < spans[0].1.addingTimeInterval(1),
            "the two runs did not overlap: \(spans)")
        // A third run with one of the parameters reads the stored value back.
        let again = try #require(
            p.result(try p.run("j.md", overrides: ["part": "2"], outputDirectory: "build/jobs/x")))
        #expect(again.cells.first?.cacheHits == 1)
    }
}

/// Results written from concurrent iterations.
private final class LockedResults: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Int: Result<NotebookRunner.Outcome, any Error>] = [:]
    func set(_ i: Int, _ r: Result<NotebookRunner.Outcome, any Error>) {
        lock.lock()
        values[i] = r
        lock.unlock()
    }
    func get(_ i: Int) -> Result<NotebookRunner.Outcome, any Error>? {
        lock.lock()
        defer { lock.unlock() }
        return values[i]
    }
}
