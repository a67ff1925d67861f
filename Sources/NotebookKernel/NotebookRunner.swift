import Foundation
import HMFCore
import Notebook
import NotebookProtocol

/// Runs a notebook in batch (`hmfbook run`): a `LiveNotebook` used once, whose session is seeded with the
/// records of the last run into the same output folder, so that only the cells an edit touched, and the cells
/// their values come from, run.
package struct NotebookRunner {
    /// Options of one run.
    package struct Options: Sendable {
        /// `-p name=value` overrides.
        package var overrides: [String: String] = [:]
        /// Run every cell, even those whose results are current.
        package var force = false
        /// Default per-cell timeout in seconds.
        package var timeout: Double = 3600
        /// Where executed documents go (`build/Notebooks`).
        package var outputDirectory = ProjectLayout.outputDirectory
        /// Hidden state folder (`.hmfbook`).
        package var stateDirectory = ProjectLayout.stateDirectory
        /// Project root: relative paths (notebook, outputs, figures, store) are resolved against it, and the
        /// kernel runs in it. Default: the current directory.
        package var projectRoot = FileManager.default.currentDirectoryPath
        /// Also write the executed Jupyter notebook (`NAME.ipynb`) next to the other documents.
        package var ipynb = false
        package init() {}
    }

    /// What a run did.
    package enum Outcome: Sendable {
        /// Nothing changed since the last successful run; the outputs were left as they are.
        case upToDate(markdown: String)
        /// The notebook ran (successfully or not); the documents were written.
        case ran(RunResult, markdown: String, html: String)
    }

    package var toolchain: Toolchain
    package var options: Options

    package init(toolchain: Toolchain, options: Options) {
        self.toolchain = toolchain
        self.options = options
    }

    /// Where the run of `path` writes: documents, run folder and figures.
    package struct Paths: Sendable {
        package var stem: String
        package var markdown: String
        package var html: String
        package var ipynb: String
        package var stamp: String
        package var records: String
        /// The lock and run folder name (one per notebook and output folder).
        package var runName: String
        /// The figures folder, relative to the root (the published set only for default parameters).
        package var figuresFolder: String
        package var isDefault: Bool
    }

    /// The paths of a run of `document` at `path` with `parameters`.
    package func paths(
        _ path: String, document: NotebookDocument,
        parameters: [(name: String, value: ParameterValue)]
    ) throws(NotebookError) -> Paths {
        let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let outDir = absolute(options.outputDirectory)
        let runName = "\(stem)-\(ContentHasher.hex(Data(outDir.utf8)).prefix(16))"
        // A run with non-default parameters (a quick check, an exploration) does not produce the published
        // figure set, so its figures go beside the executed document instead of into the declared folder.
        let defaults = try document.frontMatter.resolve(overrides: [:])
        let isDefault = defaults.map(\.value) == parameters.map(\.value)
        let figuresFolder =
            isDefault
            ? (document.frontMatter.figures ?? "\(ProjectLayout.figuresDirectory)/\(stem)")
            : "\(options.outputDirectory)/\(stem)_figures"
        return Paths(
            stem: stem, markdown: "\(outDir)/\(stem).md", html: "\(outDir)/\(stem).html",
            ipynb: "\(outDir)/\(stem).ipynb",
            stamp: "\(outDir)/\(stem).stamp",
            records: "\(absolute(options.stateDirectory))/runs/\(runName)/units.json",
            runName: runName, figuresFolder: figuresFolder, isDefault: isDefault)
    }

    /// Runs the notebook at `path` (relative to the project root) once, in a new session.
    package func run(_ path: String, onStatus: (NotebookSession.Status) -> Void = { _ in })
        throws(NotebookError) -> Outcome
    {
        let live = LiveNotebook(path: path, runner: self)
        defer { live.shutdown() }
        return try live.run(onStatus: onStatus)
    }

    /// The session options of a run with `paths`.
    package func sessionOptions(_ paths: Paths) -> NotebookSession.Options {
        var o = NotebookSession.Options(
            projectRoot: options.projectRoot, stateDirectory: absolute(options.stateDirectory),
            figuresDirectory: absolute(paths.figuresFolder),
            assetsDirectory: "\(absolute(options.outputDirectory))/\(paths.stem)_files",
            runName: paths.runName)
        o.timeout = options.timeout
        return o
    }

    /// The key of the executed documents: the source, the notebook's exact bytes (prose and comments show in
    /// the documents) and the toolchain.
    func documentStamp(_ source: FreezeStamp.Source, notebook: Data) -> String {
        var h = ContentHasher()
        h.update(field: "hmfbook-freeze-4")
        h.update(field: FreezeStamp(source: source, outputs: []).encoded())
        h.update(notebook)
        h.update(field: toolchain.libraryFingerprint)
        return h.finalize().hex
    }

    func absolute(_ p: String) -> String { p.hasPrefix("/") ? p : "\(options.projectRoot)/\(p)" }
}
