import CellGraph
import Foundation
import Notebook
import NotebookKernel
import NotebookProtocol

/// Runs the cells a Jupyter front end sends in a `JupyterNotebook`, and turns each run into IOPub messages:
/// printed output as `stream`, displays as `display_data` (figures as PNG and SVG, tables as HTML), a final
/// expression's value as `execute_result`, failures as `error`. Displays carry ids, so that when a later edit
/// runs a cell again its displays are updated in place (`update_display_data`).
final class JupyterExecutor: @unchecked Sendable {
    private let projectRoot: String
    private let notebook: JupyterNotebook
    private let completions: Completions

    /// An IOPub message to publish.
    struct Output {
        var type: String
        var content: [String: Any]
    }

    /// What a run produced: messages to publish, and the error of the reply when it failed.
    struct Outcome {
        var iopub: [Output] = []
        var error: (ename: String, evalue: String, traceback: [String])?
    }

    init(toolchain: Toolchain, projectRoot: String, notebook path: String?) throws {
        self.projectRoot = projectRoot
        notebook = try Self.makeNotebook(toolchain: toolchain, projectRoot: projectRoot, path: path)
        completions = Completions(toolchain: toolchain)
    }

    /// A fresh notebook with its own session; figures and images go to `build/jupyter/NAME/`.
    private static func makeNotebook(toolchain: Toolchain, projectRoot: String, path: String?)
        throws -> JupyterNotebook
    {
        let stem =
            path.map { (($0 as NSString).lastPathComponent as NSString).deletingPathExtension }
            ?? "jupyter"
        let folder = "\(projectRoot)/build/jupyter/\(stem)"
        var options = NotebookSession.Options(
            projectRoot: projectRoot,
            stateDirectory: "\(projectRoot)/\(ProjectLayout.stateDirectory)",
            figuresDirectory: "\(folder)/figures", assetsDirectory: "\(folder)/files",
            runName: "jupyter-\(stem)-\(getpid())")
        options.environment = ["HMFBOOK_DISPLAY_SVG": "1"]
        options.keepsEveryValue = true
        let session = try NotebookSession(
            notebook: "\(stem).md", toolchain: toolchain, options: options)
        return try JupyterNotebook(
            name: stem, session: session, frontMatter: frontMatter(of: path, root: projectRoot))
    }

    /// The front matter of the hmfbook notebook the front end opened (a Markdown file), for its parameters.
    static func frontMatter(of path: String?, root: String) -> FrontMatter? {
        guard let path, path.hasSuffix(".md") else { return nil }
        let absolute = path.hasPrefix("/") ? path : "\(root)/\(path)"
        guard let data = FileManager.default.contents(atPath: absolute),
            let document = try? MarkdownParser.parse(
                String(decoding: data, as: UTF8.self), path: path)
        else { return nil }
        return document.frontMatter
    }

    func execute(
        _ code: String, id: String?, executionCount: Int, onStatus: (NotebookSession.Status) -> Void
    ) -> Outcome {
        let run: JupyterNotebook.Execution
        do {
            run = try notebook.execute(
                code, id: id, executionCount: executionCount, onStatus: onStatus)
        } catch {
            return Outcome(error: ("NotebookError", error.description, [error.description]))
        }
        var outcome = Outcome()
        let cellID = notebook.cells[run.cell].id
        outcome.iopub += outputs(
            of: run.result, cellID: cellID, executionCount: executionCount, update: false)
        for note in run.notes { outcome.iopub.append(stream("stderr", note + "\n")) }
        if !run.dependents.isEmpty {
            for dependent in run.dependents {
                outcome.iopub += outputs(
                    of: dependent.result, cellID: notebook.cells[dependent.cell].id,
                    executionCount: 0, update: true)
            }
            let names = run.dependents.map { d -> String in
                let shown =
                    d.result.outputs.compactMap { o -> String? in
                        if case .value(let v) = o { return v } else { return nil }
                    }.last
                    ?? d.result.stdout.split(separator: "\n").last.map(String.init)
                return "In [\(notebook.cells[d.cell].executionCount)]"
                    + (shown.map { " (now \(String($0.prefix(60))))" } ?? "")
            }.joined(separator: ", ")
            let text =
                "hmfbook ran this cell and the cells that depend on it: \(names); \(String(format: "%.2f", run.seconds)) s"
            outcome.iopub.append(
                Output(
                    type: "display_data",
                    content: [
                        "data": ["text/plain": text, "text/markdown": "*\(text)*"],
                        "metadata": [:], "transient": [:],
                    ]))
        }
        if let failure = failure(run.result, cell: run.cell) { outcome.error = failure }
        if let e = outcome.error {
            outcome.iopub.append(
                Output(
                    type: "error",
                    content: ["ename": e.ename, "evalue": e.evalue, "traceback": e.traceback]))
        }
        return outcome
    }

    /// The messages for a cell's result; `update` replaces the displays an earlier run of the cell showed.
    private func outputs(of r: CellResult, cellID: String, executionCount: Int, update: Bool)
        -> [Output]
    {
        var out: [Output] = []
        if !update {
            if !r.stdout.isEmpty { out.append(stream("stdout", r.stdout)) }
            if !r.stderr.isEmpty, r.status == .ok { out.append(stream("stderr", r.stderr)) }
        }
        var displayed = 0
        func display(_ data: [String: Any]) {
            displayed += 1
            out.append(
                Output(
                    type: update ? "update_display_data" : "display_data",
                    content: [
                        "data": data, "metadata": [:],
                        "transient": ["display_id": "hmfbook-\(cellID)-\(displayed)"],
                    ]))
        }
        for o in r.outputs {
            switch o {
            case .text(let t): display(["text/plain": t])
            case .table(let t):
                display([
                    "text/html": t.html, "text/markdown": t.markdown, "text/plain": t.plainText,
                ])
            case .image(let path, let caption):
                guard let png = FileManager.default.contents(atPath: absolute(path)) else {
                    continue
                }
                var data: [String: Any] = [
                    "image/png": png.base64EncodedString(),
                    "text/plain": IpynbRenderer.figureText(caption),
                ]
                let svgPath = (absolute(path) as NSString).deletingPathExtension + ".svg"
                if let svg = FileManager.default.contents(atPath: svgPath) {
                    data["image/svg+xml"] = String(decoding: svg, as: UTF8.self)
                }
                display(data)
            case .value(let v):
                if !update {
                    out.append(
                        Output(
                            type: "execute_result",
                            content: [
                                "execution_count": executionCount,
                                "data": ["text/plain": v], "metadata": [:],
                            ]))
                }
            case .warning(let w): if !update { out.append(stream("stderr", "warning: \(w)\n")) }
            case .error(let e):
                if !update { out.append(stream("stderr", "error (allowed): \(e)\n")) }
            }
        }
        return out
    }

    /// The reply error of a failed cell, with lines counted from the cell's first line.
    private func failure(_ r: CellResult, cell: Int) -> (
        ename: String, evalue: String, traceback: [String]
    )? {
        let first = notebook.firstLine(of: cell) ?? 1
        func cellLines(_ text: String) -> String {
            text.replacing(/[^\s:]+\.md:([0-9]+):/) { match in
                "cell line \((Int(match.1) ?? first) - first + 1):"
            }
        }
        switch r.status {
        case .ok: return nil
        case .notRun:
            return (
                "NotRun", "a cell this one depends on failed",
                ["Not run: a cell this one depends on failed; run that cell first."]
            )
        case .failed(let kind, let message, let line):
            let ename =
                [
                    "compile error": "CompileError", "thrown error": "SwiftError", "crash": "Crash",
                    "timeout": "Timeout",
                    "interrupted": "Interrupted",
                ][kind.rawValue] ?? kind.rawValue
            let at = line.map { " at cell line \($0 - first + 1)" } ?? ""
            let details =
                r.stderr.isEmpty ? [] : cellLines(r.stderr).split(separator: "\n").map(String.init)
            return (ename, message, ["\(kind.rawValue.capitalized)\(at): \(message)"] + details)
        }
    }

    private func stream(_ name: String, _ text: String) -> Output {
        Output(type: "stream", content: ["name": name, "text": text])
    }

    private func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : "\(projectRoot)/\(path)"
    }

    func remove(ids: [String]) { notebook.remove(ids: ids) }

    /// Stops a running cell (the kernel process is restarted; the next run restores what it needs).
    func interrupt() { notebook.session.interrupt() }

    func shutdown() { notebook.session.shutdown() }

    /// Names in scope that complete the word before `cursor`.
    func complete(_ code: String, cursor: Int?) -> [String: Any] {
        let declared = notebook.cells.map { CellAnalyzer.analyze($0.code) }.reduce(
            into: Set<String>()
        ) { $0.formUnion($1.topLevel) }
        .union(notebook.parameters.map(\.name)).union(CellAnalyzer.analyze(code).topLevel)
        return completions.reply(code, cursor: cursor, notebookNames: declared)
    }
}
