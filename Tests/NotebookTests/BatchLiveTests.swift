import Foundation
import Testing

@testable import Notebook
@testable import NotebookKernel

/// A live session edited several times shows what one batch run of the final notebook shows: the same printed
/// output and the same figure files, byte for byte.
@Suite(.serialized, .kitBuilt)
struct BatchLiveTests {
    static func notebook(width: String, scale: String) -> String {
        """
        ---
        parameters:
          rank: 3
        ---
        ```swift
        let toy = try ToySpectra(configuration: ToyConfiguration(nSpectra: 2000, nPixels: 300), seed: 3)
        let session = Session()
        let fit = try session.fit(toy.train.data, FitSettings(rank: rank, likelihood: .cauchy(q: 5)))
        print("fitted", fit.rank)
        ```

        ```swift
        var total = 0.0
        ```

        ```swift
        total += \(scale) * Array(fit.basis.column(0)).map(abs).reduce(0, +)
        ```

        ```swift
        let fig = Figure(width: 3, height: 2)
        let pixels = (0..<toy.nPixels).map(Double.init)
        fig.axes().plot(pixels, Array(fit.basis.column(0)), lineWidth: \(width))
        try fig.publish("basis")
        print(String(format: "%.6f", total))
        ```
        """
    }

    /// Each cell's output and the published figure of a run of `text` in `live`.
    static func run(_ live: LiveNotebook, _ project: Project, _ text: String) throws -> (
        stdout: [String], png: Data
    ) {
        try project.write("b.md", text)
        guard case .ran(let r, _, _) = try live.run() else {
            throw NotebookError.io(path: "b.md", message: "not run")
        }
        #expect(r.succeeded, "\(r.cells)")
        return (
            r.cells.map(\.stdout),
            try Data(contentsOf: URL(fileURLWithPath: "\(project.root)/figures/b/basis.png"))
        )
    }

    @Test func aLiveSessionAfterEditsShowsWhatABatchRunShows() throws {
        guard case .success(let toolchain) = Kit.toolchain else {
            throw Kit.toolchain.failureValue!
        }
        func runner(_ root: String) -> NotebookRunner {
            var o = NotebookRunner.Options()
            o.projectRoot = root
            return NotebookRunner(toolchain: toolchain, options: o)
        }
        let p = try Project()
        defer { p.remove() }
        let live = LiveNotebook(path: "Notebooks/b.md", runner: runner(p.root))
        defer { live.shutdown() }
        _ = try Self.run(live, p, Self.notebook(width: "1.0", scale: "1.0"))
        _ = try Self.run(live, p, Self.notebook(width: "2.0", scale: "1.0"))
        #expect(live.lastRound?.ran == [3])
        let edited = try Self.run(live, p, Self.notebook(width: "2.0", scale: "3.0"))
        #expect(live.lastRound?.ran == [2, 3])

        let fresh = try Project()
        defer { fresh.remove() }
        try fresh.write("b.md", Self.notebook(width: "2.0", scale: "3.0"))
        let batch = try #require(fresh.result(try runner(fresh.root).run("Notebooks/b.md")))
        #expect(batch.cells.map(\.stdout) == edited.stdout)
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: "\(fresh.root)/figures/b/basis.png"))
                == edited.png)
    }
}

/// `hmfbook kernel`'s protocol: open a notebook, run it, run an edited text; each run reports every cell and
/// which ran.
@Suite(.serialized, .kitBuilt)
struct SessionServerTests {
    @Test func openRunEditAndBadRequests() throws {
        guard case .success(let toolchain) = Kit.toolchain else {
            throw Kit.toolchain.failureValue!
        }
        let p = try Project()
        defer { p.remove() }
        let text =
            "```swift\nlet a = 20\n```\n\n```swift\nprint(a * 2)\n```\n\n```swift\nprint(\"other\")\n```\n"
        try p.write("s.md", text)
        var options = NotebookRunner.Options()
        options.projectRoot = p.root
        var responses: [SessionServer.Response] = []
        let server = SessionServer(toolchain: toolchain, options: options) { responses.append($0) }
        let edited = text.replacingOccurrences(of: "let a = 20", with: "let a = 21")
        func line(_ r: SessionServer.Request) throws -> String {
            String(decoding: try JSONEncoder().encode(r), as: UTF8.self)
        }
        server.serve([
            try line(.run(text: nil)), "{not json",
            try line(.open(notebook: "Notebooks/s.md", parameters: nil)),
            try line(.run(text: nil)), try line(.run(text: edited)), try line(.shutdown),
        ])
        let rounds = responses.compactMap { r -> SessionServer.RoundReport? in
            if case .round(let x) = r { return x } else { return nil }
        }
        let errors = responses.compactMap { r -> String? in
            if case .error(let e) = r { return e } else { return nil }
        }
        #expect(
            errors.count == 2 && errors[0].contains("open a notebook first")
                && errors[1].contains("not a request"), "\(errors)")
        #expect(rounds.count == 2)
        #expect(rounds.first?.cells.map(\.stdout) == ["", "40\n", "other\n"])
        #expect(rounds.last?.ran == [0, 1])
        #expect(rounds.last?.cells.map(\.stdout) == ["", "42\n", "other\n"])
        #expect(rounds.last?.cells[2].execution == .reused)
    }
}
