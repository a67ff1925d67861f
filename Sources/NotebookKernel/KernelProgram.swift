import Foundation
import HMFCore
import Notebook
import NotebookProtocol
import Spawn

/// The kernel executable: a two-line program compiled against the prebuilt NotebookKit (`KernelMain.run()`),
/// built once per toolchain and library build and kept in the user's cache (`~/.cache/hmfbook/kernels`), where
/// every project on the machine finds it.
package struct KernelProgram: Sendable {
    /// Path of the executable.
    package let executable: String

    /// The user's cache folder for kernel programs (`$XDG_CACHE_HOME/hmfbook/kernels`, else `~/.cache/...`).
    package static var userCache: String {
        let env = ProcessInfo.processInfo.environment
        let base = env["XDG_CACHE_HOME"] ?? ((env["HOME"] ?? NSTemporaryDirectory()) + "/.cache")
        return "\(base)/hmfbook/kernels"
    }

    /// Builds the program (or finds it built) in `cacheDirectory`.
    /// - Throws: `NotebookError.toolchain` when it does not compile.
    package static func build(_ toolchain: Toolchain, cacheDirectory: String = userCache)
        throws(NotebookError) -> KernelProgram
    {
        var h = ContentHasher()
        h.update(field: "hmfbook-kernel-1")
        h.update(field: toolchain.flags.joined(separator: "\u{1}"))
        h.update(field: toolchain.libraryFingerprint)
        let dir = "\(cacheDirectory)/kernel-\(h.finalize().hex.prefix(16))"
        let executable = "\(dir)/hmfbook-kernel"
        if FileManager.default.isExecutableFile(atPath: executable) {
            return KernelProgram(executable: executable)
        }
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try "import NotebookKit\nKernelMain.run()\n".write(
                toFile: "\(dir)/main.swift", atomically: true, encoding: .utf8)
        } catch {
            throw .io(
                path: dir, message: "cannot write the kernel program: \(error.localizedDescription)"
            )
        }
        // One build at a time on this machine: the others wait and find it built.
        let lock = try FileLock(path: "\(dir)/build.lock")
        defer { withExtendedLifetime(lock) {} }
        if FileManager.default.isExecutableFile(atPath: executable) {
            return KernelProgram(executable: executable)
        }
        let tmp = "\(executable).tmp-\(getpid())-\(UUID().uuidString.prefix(8))"
        let args =
            ["\(dir)/main.swift", "-o", tmp, "-module-name", "HMFBookKernel"] + toolchain.flags
        var (status, output) = try Subprocess.run(toolchain.swiftc, args)
        if status != 0 {
            // A fresh clone's test run once lost its first session here, under load, while other compilers were
            // filling the shared module caches; a real failure fails twice, and the program is two lines.
            (status, output) = try Subprocess.run(toolchain.swiftc, args)
        }
        guard status == 0 else {
            try? FileManager.default.removeItem(atPath: tmp)
            throw .toolchain(
                "the kernel program does not compile against \(toolchain.kitDirectory):\n\(output)")
        }
        // Another build of the same program may have finished first: either file is the same program.
        guard
            rename(tmp, executable) == 0 || FileManager.default.isExecutableFile(atPath: executable)
        else {
            throw .io(path: executable, message: "cannot move the kernel program into place")
        }
        return KernelProgram(executable: executable)
    }

    /// The numerics and kit versions of the library the kernel links (asked once, then kept beside the program,
    /// whose folder is named after the library build).
    package func versions() throws(NotebookError) -> KitVersions {
        let kept = executable + ".versions.json"
        if let data = FileManager.default.contents(atPath: kept),
            let versions = try? JSONDecoder().decode(KitVersions.self, from: data)
        {
            return versions
        }
        let (status, output) = try Subprocess.run(executable, ["--versions"])
        guard status == 0,
            let versions = try? JSONDecoder().decode(KitVersions.self, from: Data(output.utf8))
        else {
            throw .toolchain(
                "the kernel program \(executable) did not report its versions: \(output)")
        }
        try? AtomicFile.write(Data(output.utf8), to: kept)
        return versions
    }
}

/// Runs a tool to completion.
enum Subprocess {
    /// The tool's exit status (128 + the signal's number when a signal ended it) and combined output.
    static func run(_ tool: String, _ args: [String]) throws(NotebookError) -> (Int32, String) {
        do {
            let (termination, output) = try ChildProcess.run(tool, args)
            return (termination.status, output)
        } catch {
            throw .toolchain("\(error)")
        }
    }
}

extension KitVersions {
    /// The versions of the NotebookKit that `Toolchain.locate()` finds, as its kernel program reports them.
    package static func current() throws(NotebookError) -> KitVersions {
        try KernelProgram.build(try Toolchain.locate()).versions()
    }
}
