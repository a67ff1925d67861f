import Foundation
import HMFCore
import Notebook
import NotebookProtocol

/// Runs a notebook in batch (`hmfbook run`): a `LiveNotebook` used once, whose session is seeded with the
/// records of the last run into the same output folder, so that only the cells an edit touched, and the cells
/// their values come from, run.
public struct NotebookRunner {
    /// Options of one run.
    public struct Options: Sendable {
        /// `-p name=value` overrides.
        public var overrides: [String: String] = [:]
        /// Run every cell, even those whose results are current.
        public var force = false
        /// Default per-cell timeout in seconds.
        public var timeout: Double = 3600
        /// Where executed documents go (`build/Notebooks`).
        public var outputDirectory = ProjectLayout.outputDirectory
        /// Hidden state folder (`.hmfbook`).
        public var stateDirectory = ProjectLayout.stateDirectory
        /// Project root: relative paths (notebook, outputs, figures, store) are resolved against it, and the
        /// kernel runs in it. Default: the current directory.
        public var projectRoot = FileManager.default.currentDirectoryPath
        /// Also write the executed Jupyter notebook (`NAME.ipynb`) next to the other documents.
        public var ipynb = false
        public init() {}
    }

    /// What a run did.
    public enum Outcome: Sendable {
        /// Nothing changed since the last successful run; the outputs were left as they are.
        case upToDate(markdown: String)
        /// The notebook ran (successfully or not); the documents were written.
        case ran(RunResult, markdown: String, html: String)
    }

    public var toolchain: Toolchain
    public var options: Options

    public init(toolchain: Toolchain, options: Options) {
        self.toolchain = toolchain
        self.options = options
    }

    /// Where the run of `path` writes: documents, run folder and figures.
    public struct Paths: Sendable {
        public var stem: String
        public var markdown: String
        public var html: String
        public var ipynb: String
        public var stamp: String
        public var records: String
        /// The lock and run folder name (one per notebook and output folder).
        public var runName: String
        /// The figures folder, relative to the root (the published set only for default parameters).
        public var figuresFolder: String
        public var isDefault: Bool
    }

    /// The paths of a run of `document` at `path` with `parameters`.
    public func paths(_ path: String, document: NotebookDocument,
                      parameters: [(name: String, value: ParameterValue)]) throws(NotebookError) -> Paths {
        let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let outDir = absolute(options.outputDirectory)
        let runName = "\(stem)-\(ContentHasher.hex(Data(outDir.utf8)).prefix(16))"
        // A run with non-default parameters (a quick check, an exploration) does not produce the published
        // figure set, so its figures go beside the executed document instead of into the declared folder.
        let defaults = try document.frontMatter.resolve(overrides: [:])
        let isDefault = defaults.map(\.value) == parameters.map(\.value)
        let figuresFolder = isDefault ? (document.frontMatter.figures ?? "\(ProjectLayout.figuresDirectory)/\(stem)")
                                      : "\(options.outputDirectory)/\(stem)_figures"
        return Paths(stem: stem, markdown: "\(outDir)/\(stem).md", html: "\(outDir)/\(stem).html", ipynb: "\(outDir)/\(stem).ipynb",
                     stamp: "\(outDir)/\(stem).stamp", records: "\(absolute(options.stateDirectory))/runs/\(runName)/units.json",
                     runName: runName, figuresFolder: figuresFolder, isDefault: isDefault)
    }

    /// Runs the notebook at `path` (relative to the project root) once, in a new session.
    public func run(_ path: String, onStatus: (NotebookSession.Status) -> Void = { _ in }) throws(NotebookError) -> Outcome {
        let live = LiveNotebook(path: path, runner: self)
        defer { live.shutdown() }
        return try live.run(onStatus: onStatus)
    }

    /// The session options of a run with `paths`.
    public func sessionOptions(_ paths: Paths) -> NotebookSession.Options {
        var o = NotebookSession.Options(projectRoot: options.projectRoot, stateDirectory: absolute(options.stateDirectory),
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
