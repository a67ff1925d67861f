import Foundation
import Notebook
import NotebookKernel
import Synchronization

/// The watch-and-run loop of a preview, on a thread of its own (a run blocks for as long as the notebook
/// takes): runs the notebook in a live session, publishes the page, then polls the notebook and its declared
/// inputs and, after every change, runs what the change touched (the session's kernel keeps every other cell's
/// values). A notebook that cannot be run at all (a syntax error, a missing toolchain) gives an error page; the
/// loop goes on either way.
final class PreviewLoop: Sendable {
    let notebook: String
    let toolchain: Toolchain
    let options: NotebookRunner.Options
    let state: PreviewState
    let interval: Double
    let log: @Sendable (String) -> Void
    private let stopped = Atomic(false)
    private let finished = Atomic(false)
    private let live: LiveNotebook

    init(
        notebook: String, toolchain: Toolchain, options: NotebookRunner.Options,
        state: PreviewState,
        interval: Double, log: @escaping @Sendable (String) -> Void
    ) {
        self.notebook = notebook
        self.toolchain = toolchain
        self.options = options
        self.state = state
        self.interval = interval
        self.log = log
        live = LiveNotebook(
            path: notebook, runner: NotebookRunner(toolchain: toolchain, options: options))
    }

    /// Starts the loop on a new thread.
    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "hmfbook-preview"
        thread.start()
    }

    /// Asks the loop to end after the current run, and waits up to `seconds` for it.
    func stop(waiting seconds: Double = 10) {
        stopped.store(true, ordering: .sequentiallyConsistent)
        let deadline = Date().addingTimeInterval(seconds)
        while !finished.load(ordering: .sequentiallyConsistent), Date() < deadline {
            usleep(20_000)
        }
    }

    private var isStopped: Bool { stopped.load(ordering: .sequentiallyConsistent) }

    private func run() {
        defer {
            live.shutdown()
            finished.store(true, ordering: .sequentiallyConsistent)
        }
        var watcher = FileWatcher(watchedFiles())
        var lastKeepAlive = Date()
        var first = true
        var pending = true
        while !isStopped {
            if pending || watcher.changed() {
                pending = false
                if !first {
                    // Editors may save in steps (truncate, write, rename): let the file settle first.
                    usleep(30_000)
                    _ = watcher.changed()
                }
                state.runStarted()
                let page = runOnce()
                watcher.watch(watchedFiles())
                state.publish(page)
                if first, !isStopped {
                    // The first page shows the last run's results at once; then the kernel loads every cell's
                    // values, so that each later edit runs only what it touches.
                    if watcher.changed() {
                        pending = true
                    } else {
                        state.publish(runOnce(restoringValues: true))
                    }
                }
                first = false
            }
            if Date().timeIntervalSince(lastKeepAlive) > 10 {
                state.keepAlive()
                lastKeepAlive = Date()
            }
            usleep(UInt32(interval * 1_000_000))
        }
    }

    /// Runs the notebook and returns the page to serve.
    private func runOnce(restoringValues: Bool = false) -> String {
        let t0 = Date()
        do {
            switch try live.run(restoringValues: restoringValues) {
            case .upToDate(let markdown):
                log("\(notebook): up to date")
                return readPage(String(markdown.dropLast(3)) + ".html")
            case .ran(let result, _, let html):
                let cells =
                    "\(result.cells.filter { $0.status == .ok }.count)/\(result.cells.count) cells ok"
                let ran = result.cells.filter { $0.execution != .reused }.count
                log(
                    "\(notebook): \(result.failure?.summary ?? cells), \(ran) ran "
                        + "(\(String(format: "%.2f", Date().timeIntervalSince(t0))) s)")
                return readPage(html)
            }
        } catch {
            log("\(notebook): \(error)")
            return HTMLRenderer.errorPage(notebook: notebook, message: error.description)
        }
    }

    private func readPage(_ path: String) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            return HTMLRenderer.errorPage(
                notebook: notebook, message: "cannot read the rendered page \(path)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// The notebook and the inputs its front matter declares (just the notebook while it does not parse).
    private func watchedFiles() -> [String] {
        let root = options.projectRoot
        func abs(_ p: String) -> String { p.hasPrefix("/") ? p : "\(root)/\(p)" }
        var files = [abs(notebook)]
        if let data = FileManager.default.contents(atPath: abs(notebook)),
            let doc = try? MarkdownParser.parse(
                String(decoding: data, as: UTF8.self), path: notebook)
        {
            files += doc.frontMatter.inputs.map(abs)
        }
        return files
    }
}
