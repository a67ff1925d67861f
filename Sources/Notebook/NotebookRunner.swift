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
        let lock = try FileLock(path: "\(stateDir)/locks/\(stem).lock") {
            FileHandle.standardError.write(Data("waiting for another run of \(path) to finish...\n".utf8))
        }
        defer { withExtendedLifetime(lock) {} }

        let source = Self.sourceStamp(data, parameters: parameters, frontMatter: document.frontMatter, root: root)
        let stamp = freezeStamp(source)
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
            // A run with non-default parameters (a quick check, an exploration) does not produce the published
            // figure set, so its figures go beside the executed document instead of into the declared folder.
            let defaults = try Self.resolveParameters(document.frontMatter, overrides: [:])
            let isDefault = defaults.map(\.value) == parameters.map(\.value)
            let figures = isDefault ? abs(document.frontMatter.figures ?? "figures/\(stem)") : "\(outDir)/\(stem)_figures"
            let executor = Executor(runDirectory: "\(stateDir)/runs/\(stem)", workingDirectory: root,
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
        try write(RunRecord.make(result, notebook: path, sourceStamp: source, root: root).encoded(),
                  to: RunRecord.path(forNotebook: path, outputDirectory: outDir))
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

    /// What a notebook's outputs depend on apart from the library build: notebook bytes, parameters, declared
    /// input files and the engine version. `hmfbook check` compares it with the one recorded at the last run.
    public static func sourceStamp(_ notebook: Data, parameters: [(name: String, value: ParameterValue)],
                                   frontMatter: FrontMatter, root: String) -> String {
        var h = ContentHasher()
        h.update(field: "hmfbook-source-1")
        h.update(notebook)
        for p in parameters { h.update(field: "\(p.name)=\(p.value.swiftType):\(p.value.swiftLiteral)") }
        for input in frontMatter.inputs {
            h.update(field: input)
            if let d = FileManager.default.contents(atPath: input.hasPrefix("/") ? input : "\(root)/\(input)") { h.update(d) } else { h.update(field: "<missing>") }
        }
        h.update(field: numericsVersion)
        return h.finalize().hex
    }

    /// The freeze key: the source stamp and the library build.
    func freezeStamp(_ sourceStamp: String) -> String {
        var h = ContentHasher()
        h.update(field: "hmfbook-freeze-2")
        h.update(field: sourceStamp)
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
