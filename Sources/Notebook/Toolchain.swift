import Foundation

/// Where swiftc and the prebuilt NotebookKit are, and the flags a notebook program compiles with.
///
/// The NotebookKit build folder is found, in order, from `HMFBOOK_KIT_DIR`, the folder of the running
/// executable (hmfbook and the test bundle live next to `libNotebookKit.so` and `Modules/`; an installed
/// hmfbook finds it in `../lib/hmfbook`), or `.build/debug` and `.build/release` under the current directory.
/// The C modules that NotebookKit's dependencies import are recorded at build time from SwiftPM's plugin API
/// (`KitModule.builtWith`); an installation carries copies of their module maps in `cmodules/`.
package struct Toolchain: Sendable {
    /// The swiftc executable.
    package var swiftc: String
    /// Folder holding libNotebookKit.so, Modules/ and description.json.
    package var kitDirectory: String
    /// Flags for swiftc besides the source and output.
    package var flags: [String]

    /// Locates everything.
    /// - Throws: `NotebookError.toolchain` saying what is missing and what to run.
    package static func locate(environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(NotebookError) -> Toolchain
    {
        let fm = FileManager.default
        var candidates: [String] = []
        if let dir = environment["HMFBOOK_KIT_DIR"] { candidates.append(dir) }
        if let exe = try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            let bin = (exe as NSString).deletingLastPathComponent
            candidates += [
                bin,
                ((bin as NSString).deletingLastPathComponent as NSString).appendingPathComponent(
                    "lib/hmfbook"),
            ]
        }
        candidates += [".build/debug", ".build/release"]
        guard
            let kit = candidates.first(where: {
                fm.fileExists(atPath: "\($0)/libNotebookKit.so")
                    && fm.fileExists(atPath: "\($0)/Modules/NotebookKit.swiftmodule")
            })
        else {
            throw .toolchain(
                "cannot find the prebuilt NotebookKit library (libNotebookKit.so and Modules/NotebookKit.swiftmodule) in \(candidates.joined(separator: ", ")); run `swift build` first (or set HMFBOOK_KIT_DIR to the build folder)"
            )
        }
        let kitDir = URL(fileURLWithPath: kit).resolvingSymlinksInPath().standardizedFileURL.path
        let lib =
            try? fm.attributesOfItem(atPath: "\(kitDir)/libNotebookKit.so")[.modificationDate]
            as? Date
        let module =
            try? fm.attributesOfItem(atPath: "\(kitDir)/Modules/NotebookKit.swiftmodule")[
                .modificationDate] as? Date
        if let lib, let module, lib < module.addingTimeInterval(-1) {
            throw .toolchain(
                "\(kitDir)/libNotebookKit.so is older than its module (a target-only build updated NotebookKit); run `swift build --product NotebookKit` (or `swift build`)"
            )
        }
        guard let swiftc = findSwiftc(environment) else {
            throw .toolchain("cannot find swiftc on PATH; install Swift or set SWIFTC to its path")
        }
        // Notebook programs are top-level script code. Swift 5 language mode keeps top-level variables usable
        // from the helper functions cells declare; Swift 6 would isolate them to the main actor and force an
        // annotation on every such function. The libraries themselves are built in Swift 6 mode.
        var flags = [
            "-Onone", "-gline-tables-only", "-swift-version", "5", "-I", "\(kitDir)/Modules", "-L",
            kitDir, "-lNotebookKit",
            "-Xlinker", "-rpath", "-Xlinker", kitDir,
        ]
        flags += KitModule.builtWith.flatMap { $0.compilerFlags(kitDirectory: kitDir) }
        return Toolchain(swiftc: swiftc, kitDirectory: kitDir, flags: flags)
    }

    /// Linker choice for cell libraries: the toolchain's lld when it has one (it links a small library faster).
    package var linkerFlags: [String] {
        let lld = ((swiftc as NSString).deletingLastPathComponent as NSString)
            .appendingPathComponent("ld.lld")
        return FileManager.default.isExecutableFile(atPath: lld) ? ["-use-ld=lld"] : []
    }

    /// A fingerprint of the library (path, size and modification time), part of compile-cache and freeze keys.
    package var libraryFingerprint: String {
        let attrs = try? FileManager.default.attributesOfItem(
            atPath: "\(kitDirectory)/libNotebookKit.so")
        let size = (attrs?[.size] as? NSNumber)?.intValue ?? 0
        let date = (attrs?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return "\(kitDirectory)|\(size)|\(date)"
    }

    private static func findSwiftc(_ env: [String: String]) -> String? {
        if let s = env["SWIFTC"], FileManager.default.isExecutableFile(atPath: s) { return s }
        for dir in (env["PATH"] ?? "").split(separator: ":")
        where FileManager.default.isExecutableFile(atPath: "\(dir)/swiftc") {
            return "\(dir)/swiftc"
        }
        return FileManager.default.isExecutableFile(atPath: "/opt/swift/usr/bin/swiftc")
            ? "/opt/swift/usr/bin/swiftc" : nil
    }
}
