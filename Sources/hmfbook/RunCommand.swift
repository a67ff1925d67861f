import ArgumentParser
import Foundation
import HMFCore
import Notebook
import NotebookKernel
import NotebookProtocol

/// `hmfbook run`: executes notebooks and writes build/Notebooks/NAME.md and .html.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run Markdown notebooks and write the executed documents to build/Notebooks/."
    )

    @Argument(help: "Notebook files (Notebooks/NAME.md).")
    var notebooks: [String]

    @OptionGroup var parameters: ParameterOptions

    @Flag(help: "Run even if the notebook is up to date.")
    var force = false

    @Option(help: "Default per-cell timeout in seconds.")
    var timeout: Double = 3600

    @Flag(help: "Go on with the next notebook when one fails.")
    var keepGoing = false

    @Option(
        help:
            "Folder for the executed documents (and, for non-default parameters, their figures); runs into different folders can proceed at the same time, sharing the session store."
    )
    var outputDir: String = ProjectLayout.outputDirectory

    func run() throws {
        let overrides = try parameters.overrides()
        let toolchain = try Toolchain.locate()
        var options = NotebookRunner.Options()
        options.overrides = overrides
        options.force = force
        options.timeout = timeout
        options.outputDirectory = outputDir
        let runner = NotebookRunner(toolchain: toolchain, options: options)
        var failed = false
        for path in notebooks {
            let status = StatusLine(name: path)
            switch try runner.run(path, onStatus: status.update) {
            case .upToDate(let md):
                print("\(path): up to date (\(md)); use --force to run anyway")
            case .ran(let result, let md, let html):
                status.finish()
                print(RunSummary.describe(result, markdown: md, html: html))
                if !result.succeeded {
                    failed = true
                    if !keepGoing { throw ExitCode(1) }
                }
            }
        }
        if failed { throw ExitCode(1) }
    }
}

/// The live line on standard error: cell, elapsed time and the latest progress report. In a log (standard
/// error not a terminal) each cell that reported gets one line when it ends, with its time.
final class StatusLine {
    let name: String
    private let line = TerminalLine()
    private var last: NotebookSession.Status?

    init(name: String) { self.name = name }

    func update(_ s: NotebookSession.Status) {
        if let previous = last, previous.cell != s.cell {
            line.update(done(previous), milestone: true)
        }
        var text = "\(name): cell \(s.cell + 1)  \(String(format: "%.1f", s.elapsed)) s"
        if let p = s.progress { text += String(format: "  %3.0f%%", p * 100) }
        if let l = s.label, !l.isEmpty { text += "  \(l)" }
        line.update(text, milestone: false)
        last = s
    }

    func finish() {
        if let previous = last { line.update(done(previous), milestone: true) }
        last = nil
        line.finish()
    }

    /// The log line of a cell that has ended: its time, to the last report (about a tenth of a second).
    private func done(_ s: NotebookSession.Status) -> String {
        "\(name): cell \(s.cell + 1)  \(String(format: "%.1f", s.elapsed)) s"
    }
}

/// The text printed after a run: outcome, failure location with source context, timings, files.
enum RunSummary {
    static func describe(_ r: RunResult, markdown: String, html: String) -> String {
        var lines: [String] = []
        let ok = r.cells.filter { $0.status == .ok }.count
        let ranNow = r.cells.filter { $0.execution != .reused }
        let hits = ranNow.map(\.cacheHits).reduce(0, +)
        let misses = ranNow.map(\.cacheMisses).reduce(0, +)
        if let f = r.failure {
            lines.append(f.summary)
            lines += context(r.document.cells[f.cell], line: f.line)
        }
        for ref in r.document.unresolvedReferences {
            lines.append(
                "\(r.document.path):\(ref.line): warning: unknown figure reference @\(ref.label) (no cell has //| label: \(ref.label))"
            )
        }
        let values = r.inlineValues
        for e in r.document.inlineExpressions {
            if case .error(let message)? = values[e.index] {
                lines.append(
                    "\(r.document.path):\(e.line): warning: inline `{swift} \(e.code)` threw: \(message)"
                )
            }
        }
        let ran = r.cells.filter { $0.execution == .ran }.count
        let restored = r.cells.filter { $0.execution == .restored }.count
        let kept = r.cells.filter { $0.execution == .reused }.count
        lines.append(
            String(
                format:
                    "%@: %d/%d cells ok (%d ran, %d restored, %d kept), compile %.2f s, total %.2f s, session %d hit(s) %d miss(es)",
                r.document.path, ok, r.cells.count, ran, restored, kept, r.compileSeconds,
                r.totalSeconds, hits, misses))
        lines.append("wrote \(markdown) and \(html)")
        return lines.joined(separator: "\n")
    }

    /// The cell's source around `line`, with a marker on it.
    static func context(_ cell: Cell, line: Int?) -> [String] {
        let src = cell.source.split(separator: "\n", omittingEmptySubsequences: false)
        guard let line, line >= cell.firstLine, line < cell.firstLine + src.count else { return [] }
        let i = line - cell.firstLine
        return (max(0, i - 2)...min(src.count - 1, i + 2)).map { j in
            "\(j == i ? ">" : " ") \(String(format: "%4d", cell.firstLine + j)) | \(src[j])"
        }
    }
}
