import CellGraph
import Foundation
import HMFCore
import Notebook

/// Compiles one cell (or one prose block's inline expressions) into a shared library and a Swift module, against
/// NotebookKit and the modules of the cells it depends on, and keeps the result in `.hmfbook/cells/MODULE/`.
/// A module's name is a digest of everything its code depends on, so a built module is never stale.
///
/// Values that later cells use need a written type; where the cell leaves it to inference, a probe type-checks
/// the cell as a script with one deliberate mismatch per value and reads the type from the compiler's message.
struct CellCompiler {
    let toolchain: Toolchain
    /// `.hmfbook/cells`.
    let cacheDirectory: String

    /// What to compile.
    struct Request {
        enum Code {
            case cell(source: String, analysis: CellAnalysis)
            case inline([InlineExpression])
        }
        var module: String
        var code: Code
        /// Values later cells use: name, `var` or not, written type if any.
        var exports: [(name: String, isVariable: Bool, annotation: String?)]
        var parameters: [String]
        var imports: [String]
        var ancestors: [BuiltModule]
    }

    /// A compiled module.
    struct BuiltModule: Codable, Equatable {
        var module: String
        var directory: String
        var exports: [CellModuleSource.Export]
        /// `Module.name` of values of other cells this one assigns or changes in place.
        var writes: [String]
        var library: String { "\(directory)/lib\(module).so" }
    }

    enum Outcome {
        case built(BuiltModule)
        /// Errors, mapped by the caller; `output` is the compiler's text.
        case failed([CompilerDiagnostic], output: String)
    }

    /// The module `module` when it has been built before.
    func cached(_ module: String) -> BuiltModule? {
        let directory = "\(cacheDirectory)/\(module)"
        guard let data = FileManager.default.contents(atPath: "\(directory)/meta.json"),
            let built = try? JSONDecoder().decode(BuiltModule.self, from: data),
            FileManager.default.fileExists(atPath: built.library)
        else { return nil }
        return built
    }

    /// Removes the build folders (`.build-MODULE-PID-ID`) of runs that died before cleaning up after
    /// themselves (a `kill -9` mid-compile): their process no longer exists.
    func removeAbandonedBuilds() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: cacheDirectory)) ?? []
        for name in names where name.hasPrefix(".build-") {
            let parts = name.split(separator: "-")
            guard parts.count >= 4, let pid = pid_t(parts[parts.count - 2]), pid != getpid(),
                kill(pid, 0) == -1, errno == ESRCH
            else { continue }
            try? FileManager.default.removeItem(atPath: "\(cacheDirectory)/\(name)")
        }
    }

    func build(_ request: Request) throws(NotebookError) -> Outcome {
        if let built = cached(request.module) { return .built(built) }
        let directory = "\(cacheDirectory)/\(request.module)"
        let work =
            "\(cacheDirectory)/.build-\(request.module)-\(getpid())-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.removeItem(atPath: work)
        do {
            try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        } catch {
            throw .io(
                path: work,
                message: "cannot create the cell build folder: \(error.localizedDescription)")
        }
        defer { try? FileManager.default.removeItem(atPath: work) }
        let text: String
        var exports: [CellModuleSource.Export] = []
        switch request.code {
        case .inline(let expressions):
            text =
                InlineModuleSource(
                    module: request.module, expressions: expressions,
                    parameters: request.parameters,
                    imports: request.imports, ancestors: request.ancestors.map(\.module)
                ).text
        case .cell(let source, let analysis):
            switch try types(request, source: source, work: work) {
            case .failure(let diagnostics, let output): return .failed(diagnostics, output: output)
            case .success(let types):
                exports = request.exports.map {
                    .init(name: $0.name, type: types[$0.name] ?? "Any", isVariable: $0.isVariable)
                }
            }
            text =
                CellModuleSource(
                    module: request.module, source: source, analysis: analysis, exports: exports,
                    parameters: request.parameters, imports: request.imports,
                    ancestors: request.ancestors.map(\.module)
                ).text
        }
        try write(text, to: "\(work)/\(request.module).swift")
        var args = [
            "-emit-library", "-emit-module", "-enable-testing", "-parse-as-library", "-module-name",
            request.module,
            "\(work)/\(request.module).swift", "-o", "\(work)/lib\(request.module).so",
            "-emit-module-path", "\(work)/\(request.module).swiftmodule",
        ]
        args +=
            toolchain.flags + toolchain.linkerFlags + ancestorFlags(request.ancestors, link: true)
        let (status, output) = try Subprocess.run(toolchain.swiftc, args)
        guard status == 0 else { return .failed(CompilerDiagnostic.parse(output), output: output) }
        let writes = ForeignWrites.of(
            library: "\(work)/lib\(request.module).so",
            modules: Set(request.ancestors.map(\.module)))
        var built = BuiltModule(
            module: request.module, directory: directory, exports: exports, writes: writes)
        try write(
            String(decoding: (try? JSONEncoder().encode(built)) ?? Data(), as: UTF8.self),
            to: "\(work)/meta.json")
        if rename(work, directory) != 0 {
            // Another run built the same module first: use theirs.
            guard FileManager.default.fileExists(atPath: "\(directory)/meta.json") else {
                throw .io(path: directory, message: "cannot move the compiled cell into place")
            }
            built.directory = directory
        }
        return .built(built)
    }

    private func ancestorFlags(_ ancestors: [BuiltModule], link: Bool) -> [String] {
        ancestors.flatMap { a in
            ["-I", a.directory]
                + (link
                    ? [
                        "-L", a.directory, "-l\(a.module)", "-Xlinker", "-rpath", "-Xlinker",
                        a.directory,
                    ] : [])
        }
    }

    private enum Types {
        case success([String: String])
        case failure([CompilerDiagnostic], String)
    }

    /// The written or inferred type of each export.
    private func types(_ request: Request, source: String, work: String) throws(NotebookError)
        -> Types
    {
        var types: [String: String] = [:]
        for e in request.exports { if let a = e.annotation { types[e.name] = a } }
        let inferred = request.exports.filter { $0.annotation == nil }.map(\.name)
        guard !inferred.isEmpty else { return .success(types) }
        var lines = CellModuleSource.header(
            imports: request.imports, ancestors: request.ancestors.map(\.module),
            parameters: request.parameters)
        lines += [
            "#sourceLocation(file: \"\(request.module)\", line: 1)", source, "#sourceLocation()",
            "enum __HMFProbe {}",
        ]
        var probeLines: [Int: String] = [:]
        var physicalLines = lines.reduce(0) {
            $0 + $1.split(separator: "\n", omittingEmptySubsequences: false).count
        }
        for name in inferred {
            lines.append("let _: __HMFProbe = \(name)")
            physicalLines += 1
            probeLines[physicalLines] = name
        }
        let file = "\(work)/probe.swift"
        try write(lines.joined(separator: "\n") + "\n", to: file)
        let args =
            ["-typecheck", "-module-name", request.module, file] + toolchain.flags
            + ancestorFlags(request.ancestors, link: false)
        let (_, output) = try Subprocess.run(toolchain.swiftc, args)
        let diagnostics = CompilerDiagnostic.parse(output).filter { $0.severity == "error" }
        let cellErrors = diagnostics.filter { $0.file == request.module }
        if !cellErrors.isEmpty { return .failure(cellErrors, output) }
        // "type 'Matrix' (aka 'DenseMatrix<Double>')": the name as written resolves the same way in the module.
        let mismatch =
            /cannot convert value of type '([^']+)'(?: \(aka '[^']+'\))? to specified type '__HMFProbe'/
        for d in diagnostics where d.file == file {
            guard let name = probeLines[d.line] else { continue }
            guard let match = d.message.firstMatch(of: mismatch), !match.1.contains("some ") else {
                let message =
                    "the type of `\(name)`, which later cells use, cannot be written down (\(d.message)); give it a type: `let \(name): Type = ...`"
                return .failure(
                    [
                        CompilerDiagnostic(
                            file: request.module, line: 1, column: 1, severity: "error",
                            message: message)
                    ], output)
            }
            types[name] = String(match.1)
        }
        for name in inferred where types[name] == nil {
            let message =
                "cannot tell the type of `\(name)`, which later cells use; give it a type: `let \(name): Type = ...`"
            return .failure(
                [
                    CompilerDiagnostic(
                        file: request.module, line: 1, column: 1, severity: "error",
                        message: message)
                ], output)
        }
        return .success(types)
    }

    private func write(_ text: String, to path: String) throws(NotebookError) {
        do { try text.write(toFile: path, atomically: false, encoding: .utf8) } catch {
            throw .io(path: path, message: "cannot write: \(error.localizedDescription)")
        }
    }
}

/// One `file:line:column: severity: message` line of the compiler's output.
struct CompilerDiagnostic: Sendable, Equatable {
    var file: String
    var line: Int
    var column: Int
    var severity: String
    var message: String

    /// The diagnostics in `output` (errors and warnings).
    static func parse(_ output: String) -> [CompilerDiagnostic] {
        var out: [CompilerDiagnostic] = []
        for line in output.split(separator: "\n") {
            for severity in ["error", "warning"] {
                guard let r = line.range(of: ": \(severity): ") else { continue }
                let location = line[..<r.lowerBound].split(separator: ":")
                guard location.count >= 3, let l = Int(location[location.count - 2]),
                    let c = Int(location[location.count - 1])
                else { continue }
                let file = location.dropLast(2).joined(separator: ":")
                out.append(
                    CompilerDiagnostic(
                        file: file, line: l, column: c, severity: severity,
                        message: String(line[r.upperBound...])))
            }
        }
        return out
    }
}
