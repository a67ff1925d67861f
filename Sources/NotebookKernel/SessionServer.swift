import Foundation
import Notebook

/// `hmfbook kernel`: a live notebook driven by another program over its standard input and output, one JSON
/// object per line. The notebook's cells keep their values between requests; each `run` re-reads the notebook
/// (or takes its text) and runs only what changed and what depends on it.
///
/// Requests (one of):
///
///     {"open": {"notebook": "Notebooks/toy.md", "parameters": {"nSpectra": "2000"}}}
///     {"run": {}}                       re-read the notebook file and run what changed
///     {"run": {"text": "..."}}          run this text as the notebook (an editor's unsaved buffer)
///     {"shutdown": {}}
///
/// Responses: `{"opened": {...}}` after `open`; while a run goes on, `{"status": {...}}` about ten times a
/// second; after it, `{"round": {...}}` with every cell's result (status, execution, output), the cells that
/// ran, notes and the paths of the executed documents; `{"error": "..."}` for a request that failed.
package final class SessionServer {
    /// A request.
    package enum Request: Codable, Sendable, Equatable {
        case open(notebook: String, parameters: [String: String]?)
        case run(text: String?)
        case shutdown
    }

    /// A response.
    package enum Response: Codable, Sendable {
        case opened(Opened)
        case status(Progress)
        case round(RoundReport)
        case error(String)
    }

    package struct Opened: Codable, Sendable { package var notebook: String }
    package struct Progress: Codable, Sendable {
        package var cell: Int
        package var elapsed: Double
        package var progress: Double?
        package var label: String?
    }
    /// The outcome of a run.
    package struct RoundReport: Codable, Sendable {
        /// Every cell's result.
        package var cells: [CellResult]
        /// Cells that ran (0-based), in order.
        package var ran: [Int]
        package var succeeded: Bool
        package var notes: [String]
        package var markdown: String?
        package var html: String?
        package var seconds: Double
    }

    private let toolchain: Toolchain
    private var options: NotebookRunner.Options
    private var live: LiveNotebook?
    private let send: (Response) -> Void

    /// A server whose responses go to `send`.
    package init(
        toolchain: Toolchain, options: NotebookRunner.Options, send: @escaping (Response) -> Void
    ) {
        self.toolchain = toolchain
        self.options = options
        self.send = send
    }

    /// Serves `lines` until `shutdown` or their end.
    package func serve(_ lines: some Sequence<String>) {
        for line in lines {
            guard let request = try? JSONDecoder().decode(Request.self, from: Data(line.utf8))
            else {
                send(.error("not a request: \(line.prefix(200))"))
                continue
            }
            if request == .shutdown { break }
            handle(request)
        }
        live?.shutdown()
    }

    func handle(_ request: Request) {
        switch request {
        case .open(let notebook, let parameters):
            live?.shutdown()
            options.overrides = parameters ?? [:]
            live = LiveNotebook(
                path: notebook, runner: NotebookRunner(toolchain: toolchain, options: options))
            send(.opened(Opened(notebook: notebook)))
        case .run(let text):
            guard let live else {
                send(.error("open a notebook first"))
                return
            }
            let started = Date()
            do {
                let outcome = try live.run(text: text, restoringValues: true) { s in
                    self.send(
                        .status(
                            Progress(
                                cell: s.cell, elapsed: s.elapsed, progress: s.progress,
                                label: s.label)))
                }
                guard case .ran(let result, let md, let html) = outcome, let round = live.lastRound
                else {
                    send(.error("the notebook was not run"))
                    return
                }
                send(
                    .round(
                        RoundReport(
                            cells: result.cells, ran: round.ran, succeeded: result.succeeded,
                            notes: result.notes,
                            markdown: md, html: html, seconds: Date().timeIntervalSince(started))))
            } catch {
                send(.error(error.description))
            }
        case .shutdown:
            live?.shutdown()
        }
    }
}
