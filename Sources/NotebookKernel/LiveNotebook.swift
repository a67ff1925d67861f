import Foundation
import HMFCore
import Notebook
import NotebookProtocol

/// A notebook kept running: each `run` reads the notebook, runs what changed in a session that lives as long as
/// this object (its kernel keeps every cell's values), and writes the executed documents (Markdown, HTML, and
/// `.ipynb` when asked), the run record, the session's records for the next batch run and, for default
/// parameters, the figure set's freeze stamp. `hmfbook preview` keeps one; `hmfbook run` uses one once.
package final class LiveNotebook: @unchecked Sendable {
    package let path: String
    package let runner: NotebookRunner
    private var session: NotebookSession?
    private var sessionRun = ""

    /// A live notebook for `path` (relative to the runner's project root).
    package init(path: String, runner: NotebookRunner) {
        self.path = path
        self.runner = runner
    }

    /// Ends the session's kernel.
    package func shutdown() {
        session?.shutdown()
        session = nil
    }

    /// The last round of the session (nil before the first run).
    package private(set) var lastRound: NotebookSession.Round?

    /// Reads the notebook (or takes `text` as its content) and runs what changed since the last run, in this
    /// session or the last batch run. With `restoringValues`, also runs the unchanged cells whose values the
    /// kernel does not hold yet, so that the next edit costs only what it touches.
    package func run(
        text: String? = nil, restoringValues: Bool = false,
        onStatus: (NotebookSession.Status) -> Void = { _ in }
    ) throws(NotebookError) -> NotebookRunner.Outcome {
        let options = runner.options
        guard
            let data = text.map({ Data($0.utf8) })
                ?? FileManager.default.contents(atPath: runner.absolute(path))
        else {
            throw .io(path: path, message: "cannot read the notebook")
        }
        let document = try MarkdownParser.parse(String(decoding: data, as: UTF8.self), path: path)
        let parameters = try document.frontMatter.resolve(overrides: options.overrides)
        let paths = try runner.paths(path, document: document, parameters: parameters)
        // Runs into the same output folder serialise; runs into different folders (bins as separate jobs,
        // `hmfbook run --output-dir`) proceed together, each with its own run folder, and share the store.
        let lock = try FileLock(
            path: "\(runner.absolute(options.stateDirectory))/locks/\(paths.runName).lock"
        ) {
            FileHandle.standardError.write(
                Data("waiting for another run of \(path) to finish...\n".utf8))
        }
        defer { withExtendedLifetime(lock) {} }
        let session = try self.session(for: paths)
        let source = FreezeStamp.source(
            of: document, parameters: parameters, root: options.projectRoot,
            versions: session.versions)
        let stamp = runner.documentStamp(source, notebook: data)
        let fm = FileManager.default
        if lastRound == nil, text == nil, !restoringValues, !options.force,
            fm.fileExists(atPath: paths.markdown), fm.fileExists(atPath: paths.html),
            !options.ipynb || fm.fileExists(atPath: paths.ipynb),
            let old = fm.contents(atPath: paths.stamp),
            String(decoding: old, as: UTF8.self) == stamp
        {
            return .upToDate(markdown: paths.markdown)
        }
        let round = try session.run(
            document, parameters: parameters, force: options.force && lastRound == nil,
            restoringValues: restoringValues, onStatus: onStatus)
        lastRound = round
        try UnitRecordFile.write(session.currentRecords(), to: paths.records)
        let result = round.result
        let outputDirectory = runner.absolute(options.outputDirectory)
        try write(
            MarkdownRenderer.render(result, outputDirectory: outputDirectory), to: paths.markdown)
        try write(
            HTMLRenderer.render(result, numericsVersion: session.versions.numerics), to: paths.html)
        if options.ipynb {
            try write(
                IpynbRenderer.render(result, numericsVersion: session.versions.numerics),
                to: paths.ipynb)
        }
        let record = RunRecord.make(
            result, notebook: path, sourceStamp: stamp, root: options.projectRoot)
        try write(
            record.encoded(),
            to: RunRecord.path(forNotebook: path, outputDirectory: outputDirectory))
        if result.succeeded && paths.isDefault {
            let outputs = record.figures.filter { $0.path.hasPrefix(paths.figuresFolder + "/") }
            try write(
                FreezeStamp(source: source, outputs: outputs).encoded(),
                to: runner.absolute(FreezeStamp.path(inFolder: paths.figuresFolder)))
        }
        if result.succeeded {
            try write(stamp, to: paths.stamp)
        } else {
            try? fm.removeItem(atPath: paths.stamp)
        }
        return .ran(result, markdown: paths.markdown, html: paths.html)
    }

    /// The dependencies of each unit as the next run would plan them (see `NotebookSession.plannedDependencies`),
    /// from what the last run into the same folder showed.
    package func plannedDependencies() throws(NotebookError) -> [[Int]] {
        guard let data = FileManager.default.contents(atPath: runner.absolute(path)) else {
            throw .io(path: path, message: "cannot read the notebook")
        }
        let document = try MarkdownParser.parse(String(decoding: data, as: UTF8.self), path: path)
        let parameters = try document.frontMatter.resolve(overrides: runner.options.overrides)
        return try session(for: try runner.paths(path, document: document, parameters: parameters))
            .plannedDependencies(document, parameters: parameters)
    }

    /// The session for a run into `paths` (a new one when the run folder changes, e.g. other parameters).
    private func session(for paths: NotebookRunner.Paths) throws(NotebookError) -> NotebookSession {
        let options = runner.sessionOptions(paths)
        let identity = "\(options.runName)|\(options.figuresDirectory)"
        if let session, sessionRun == identity { return session }
        session?.shutdown()
        let made = try NotebookSession(
            notebook: path, toolchain: runner.toolchain, options: options,
            records: UnitRecordFile.read(paths.records))
        session = made
        sessionRun = identity
        return made
    }

    private func write(_ text: String, to path: String) throws(NotebookError) {
        do { try AtomicFile.write(text, to: path) } catch {
            throw .io(path: path, message: "cannot write: \(error)")
        }
    }
}
