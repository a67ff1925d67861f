import Foundation
import HMFCore

/// Compiles tangled notebook programs with swiftc, caching binaries by the hash of program and flags.
public struct Compiler: Sendable {
    /// The toolchain.
    public var toolchain: Toolchain
    /// Folder of cached binaries (`.hmfbook/bin`).
    public var cacheDirectory: String

    public init(toolchain: Toolchain, cacheDirectory: String) {
        self.toolchain = toolchain
        self.cacheDirectory = cacheDirectory
    }

    /// A compile diagnostic mapped to the notebook.
    public struct Diagnostic: Sendable, Equatable {
        public var file: String
        public var line: Int
        public var column: Int
        public var severity: String
        public var message: String
    }

    /// The outcome of a compile.
    public enum Outcome: Sendable {
        /// Path of the executable and whether it came from the cache.
        case success(binary: String, cached: Bool)
        /// The diagnostics and swiftc's full output.
        case failure(diagnostics: [Diagnostic], output: String)
    }

    /// Compiles `program`; `sourceName` is the file that `#sourceLocation` names (diagnostics in it are kept).
    public func compile(_ program: String) throws(NotebookError) -> Outcome {
        var h = ContentHasher()
        h.update(field: program)
        h.update(field: toolchain.flags.joined(separator: "\u{1}"))
        h.update(field: toolchain.libraryFingerprint)
        let key = h.finalize().hex
        let dir = "\(cacheDirectory)/\(key.prefix(16))"
        let binary = "\(dir)/notebook"
        if FileManager.default.isExecutableFile(atPath: binary) { return .success(binary: binary, cached: true) }
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try program.write(toFile: "\(dir)/main.swift", atomically: true, encoding: .utf8)
        } catch {
            throw .io(path: dir, message: "cannot write the tangled program: \(error.localizedDescription)")
        }
        let tmp = "\(binary).tmp-\(ProcessInfo.processInfo.processIdentifier)"
        let (status, output) = try Self.run(toolchain.swiftc, ["\(dir)/main.swift", "-o", tmp, "-module-name", "NotebookProgram"] + toolchain.flags)
        guard status == 0 else {
            try? FileManager.default.removeItem(atPath: tmp)
            return .failure(diagnostics: Self.diagnostics(output), output: output)
        }
        guard rename(tmp, binary) == 0 else { throw .io(path: binary, message: "cannot move the compiled program into place") }
        return .success(binary: binary, cached: false)
    }

    /// Parses `file:line:col: severity: message` lines.
    static func diagnostics(_ output: String) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for line in output.split(separator: "\n") {
            for severity in ["error", "warning"] {
                guard let r = line.range(of: ": \(severity): ") else { continue }
                let location = line[..<r.lowerBound].split(separator: ":")
                guard location.count >= 3, let l = Int(location[location.count - 2]), let c = Int(location[location.count - 1]) else { continue }
                let file = location.dropLast(2).joined(separator: ":")
                out.append(Diagnostic(file: file, line: l, column: c, severity: severity, message: String(line[r.upperBound...])))
            }
        }
        return out
    }

    /// Runs a tool to completion, returning its status and combined output.
    static func run(_ tool: String, _ args: [String]) throws(NotebookError) -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        do { try p.run() } catch { throw .toolchain("cannot start \(tool): \(error.localizedDescription)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
