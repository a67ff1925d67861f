import Foundation
import HMFCore

/// Runs a notebook end to end: parse, resolve parameters, tangle, compile, execute, render, with the
/// whole-notebook freeze and a per-notebook lock.
public struct NotebookRunner {
    /// Options of one run.
    public struct Options: Sendable {
        /// `-p name=value` overrides.
        public var overrides: [String: String] = [:]
        /// Run even when up to date.
        public var force = false
        /// Default per-cell timeout in seconds.
        public var timeout: Double = 3600
        /// Where executed documents go (`build/Notebooks`).
        public var outputDirectory = ProjectLayout.outputDirectory
        /// Hidden state folder (`.hmfbook`).
        public var stateDirectory = ProjectLayout.stateDirectory
        /// Project root: relative paths (notebook, outputs, figures, store) are resolved against it, and the
        /// notebook program runs in it. Default: the current directory.
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

    /// Resolves `-p` overrides against the declared parameters.
    /// - Throws: `NotebookError.parameter` for an unknown name or a value that does not parse as its type.
    public static func resolveParameters(_ fm: FrontMatter, overrides: [String: String]) throws(NotebookError) -> [(name: String, value: ParameterValue)] {
        for name in overrides.keys.sorted() where !fm.parameters.contains(where: { $0.name == name }) {
            let known = fm.parameters.map(\.name).joined(separator: ", ")
            throw .parameter(name: name, message: "not declared in the front matter (declared: \(known.isEmpty ? "none" : known))")
        }
        return try fm.parameters.map { (p) throws(NotebookError) -> (name: String, value: ParameterValue) in
            guard let text = overrides[p.name] else { return p }
            return (p.name, try p.value.parseOverride(text, name: p.name))
        }
    }

    /// Runs the notebook at `path` (relative to the current directory, which is the project root).
    public func run(_ path: String, onStatus: (Executor.Status) -> Void = { _ in }) throws(NotebookError) -> Outcome {
        let root = options.projectRoot
        func abs(_ p: String) -> String { p.hasPrefix("/") ? p : "\(root)/\(p)" }
        guard let data = FileManager.default.contents(atPath: abs(path)) else { throw .io(path: path, message: "cannot read the notebook") }
        let text = String(decoding: data, as: UTF8.self)
        let document = try MarkdownParser.parse(text, path: path)
        let parameters = try Self.resolveParameters(document.frontMatter, overrides: options.overrides)
        let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let outDir = abs(options.outputDirectory), stateDir = abs(options.stateDirectory)
        let mdPath = "\(outDir)/\(stem).md", htmlPath = "\(outDir)/\(stem).html", stampPath = "\(outDir)/\(stem).stamp"
        let ipynbPath = "\(outDir)/\(stem).ipynb"
        // Runs into the same output folder serialise; runs into different folders (bins as separate jobs,
        // `hmfbook run --output-dir`) proceed together, each with its own run folder (events, captured
        // output), and share the session store.
        let lockName = "\(stem)-\(ContentHasher.hex(Data(outDir.utf8)).prefix(16))"
        let lock = try FileLock(path: "\(stateDir)/locks/\(lockName).lock") {
            FileHandle.standardError.write(Data("waiting for another run of \(path) to finish...\n".utf8))
        }
        defer { withExtendedLifetime(lock) {} }

        let source = FreezeStamp.source(of: document, parameters: parameters, root: root)
        let stamp = freezeStamp(source, notebook: data)
        // A run with non-default parameters (a quick check, an exploration) does not produce the published
        // figure set, so its figures go beside the executed document instead of into the declared folder.
        let defaults = try Self.resolveParameters(document.frontMatter, overrides: [:])
        let isDefault = defaults.map(\.value) == parameters.map(\.value)
        let figuresFolder = isDefault ? (document.frontMatter.figures ?? "\(ProjectLayout.figuresDirectory)/\(stem)")
                                      : "\(options.outputDirectory)/\(stem)_figures"
        let figures = abs(figuresFolder)
        let fm = FileManager.default
        if !options.force, fm.fileExists(atPath: mdPath), fm.fileExists(atPath: htmlPath),
           !options.ipynb || fm.fileExists(atPath: ipynbPath),
           let old = fm.contents(atPath: stampPath), String(decoding: old, as: UTF8.self) == stamp {
            return .upToDate(markdown: mdPath)
        }
        let started = Date()
        var result = RunResult(document: document, parameters: parameters, cells: document.cells.map { CellResult(index: $0.index) })
        result.startedAt = ISO8601DateFormatter().string(from: started)
        let program = Tangler.tangle(document, parameters: parameters, sourcePath: path)
        let compiler = Compiler(toolchain: toolchain, cacheDirectory: "\(stateDir)/bin")
        let t0 = Date()
        switch try compiler.compile(program) {
        case .failure(let diagnostics, let output):
            result.compileSeconds = Date().timeIntervalSince(t0)
            apply(diagnostics, output: output, to: &result, path: path)
        case .success(let binary, let cached):
            result.compileSeconds = Date().timeIntervalSince(t0)
            result.binaryCached = cached
            let executor = Executor(runDirectory: "\(stateDir)/runs/\(lockName)", workingDirectory: root,
                                    environment: ["HMFBOOK_FIGURES": figures,
                                                  "HMFBOOK_ASSETS": "\(outDir)/\(stem)_files",
                                                  "HMFBOOK_STORE": "\(stateDir)/store"],
                                    defaultTimeout: options.timeout, sourcePath: path)
            result.cells = try executor.execute(binary, document: document, onStatus: onStatus)
        }
        result.totalSeconds = Date().timeIntervalSince(started)
        try write(MarkdownRenderer.render(result, outputDirectory: outDir), to: mdPath)
        try write(HTMLRenderer.render(result, numericsVersion: numericsVersion), to: htmlPath)
        if options.ipynb { try write(IpynbRenderer.render(result, numericsVersion: numericsVersion), to: ipynbPath) }
        let record = RunRecord.make(result, notebook: path, sourceStamp: stamp, root: root)
        try write(record.encoded(), to: RunRecord.path(forNotebook: path, outputDirectory: outDir))
        if result.succeeded && isDefault {
            let outputs = record.figures.filter { $0.path.hasPrefix(figuresFolder + "/") }
            try write(FreezeStamp(source: source, outputs: outputs).encoded(), to: abs(FreezeStamp.path(inFolder: figuresFolder)))
        }
        if result.succeeded { try write(stamp, to: stampPath) } else { try? fm.removeItem(atPath: stampPath) }
        return .ran(result, markdown: mdPath, html: htmlPath)
    }

    /// Maps compile diagnostics in the notebook to their cells; the first error fails its cell.
    private func apply(_ diagnostics: [Compiler.Diagnostic], output: String, to result: inout RunResult, path: String) {
        let errors = diagnostics.filter { $0.severity == "error" }
        let cells = result.document.cells
        guard let first = errors.first(where: { $0.file == path || $0.file.hasSuffix("/" + path) }) else {
            if !result.cells.isEmpty {
                result.cells[0].status = .failed(kind: .compile, message: errors.first?.message ?? output, line: nil)
                result.cells[0].stderr = output
            }
            return
        }
        let owner = cells.last(where: { $0.firstLine <= first.line }) ?? cells.first
        guard let cell = owner else { return }
        // Prose before the first cell belongs to it (its inline expressions are evaluated there).
        let inCell = errors.filter { $0.line >= (cell.index == 0 ? 0 : cell.firstLine) && (cell.index + 1 >= cells.count || $0.line < cells[cell.index + 1].fenceLine) }
        result.cells[cell.index].status = .failed(kind: .compile, message: first.message, line: first.line)
        result.cells[cell.index].stderr = inCell.map { "\($0.file):\($0.line):\($0.column): error: \($0.message)" }.joined(separator: "\n")
    }

    /// The key of the executed documents: the source, the notebook's exact bytes (prose and comments show in
    /// the documents) and the library build.
    func freezeStamp(_ source: FreezeStamp.Source, notebook: Data) -> String {
        var h = ContentHasher()
        h.update(field: "hmfbook-freeze-3")
        h.update(field: FreezeStamp(source: source, outputs: []).encoded())
        h.update(notebook)
        h.update(field: toolchain.libraryFingerprint)
        return h.finalize().hex
    }

    private func write(_ text: String, to path: String) throws(NotebookError) {
        do {
            try AtomicFile.write(text, to: path)
        } catch {
            throw .io(path: path, message: "cannot write: \(error)")
        }
    }
}
