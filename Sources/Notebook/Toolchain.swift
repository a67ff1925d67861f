import Foundation

/// Where swiftc and the prebuilt NotebookKit are, and the flags a notebook program compiles with.
///
/// The NotebookKit build folder is found, in order, from `HMFBOOK_KIT_DIR`, the folder of the running
/// executable (hmfbook and the test bundle live next to `libNotebookKit.so` and `Modules/`), or `.build/debug`
/// and `.build/release` under the current directory. The C module maps and include paths that the engine's
/// `internal import`s need are read from SwiftPM's `description.json` in that folder.
public struct Toolchain: Sendable {
    /// The swiftc executable.
    public var swiftc: String
    /// Folder holding libNotebookKit.so, Modules/ and description.json.
    public var kitDirectory: String
    /// Flags for swiftc besides the source and output.
    public var flags: [String]

    /// Locates everything.
    /// - Throws: `NotebookError.toolchain` saying what is missing and what to run.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws(NotebookError) -> Toolchain {
        let fm = FileManager.default
        var candidates: [String] = []
        if let dir = environment["HMFBOOK_KIT_DIR"] { candidates.append(dir) }
        if let exe = try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append((exe as NSString).deletingLastPathComponent)
        }
        candidates += [".build/debug", ".build/release"]
        guard let kit = candidates.first(where: { fm.fileExists(atPath: "\($0)/libNotebookKit.so") && fm.fileExists(atPath: "\($0)/Modules/NotebookKit.swiftmodule") }) else {
            throw .toolchain("cannot find the prebuilt NotebookKit library (libNotebookKit.so and Modules/NotebookKit.swiftmodule) in \(candidates.joined(separator: ", ")); run `swift build` first (or set HMFBOOK_KIT_DIR to the build folder)")
        }
        let kitDir = URL(fileURLWithPath: kit).standardizedFileURL.path
        let lib = try? fm.attributesOfItem(atPath: "\(kitDir)/libNotebookKit.so")[.modificationDate] as? Date
        let module = try? fm.attributesOfItem(atPath: "\(kitDir)/Modules/NotebookKit.swiftmodule")[.modificationDate] as? Date
        if let lib, let module, lib < module.addingTimeInterval(-1) {
            throw .toolchain("\(kitDir)/libNotebookKit.so is older than its module (a target-only build updated NotebookKit); run `swift build --product NotebookKit` (or `swift build`)")
        }
        guard let swiftc = findSwiftc(environment) else {
            throw .toolchain("cannot find swiftc on PATH; install Swift or set SWIFTC to its path")
        }
        // Notebook programs are top-level script code. Swift 5 language mode keeps top-level variables usable
        // from the helper functions cells declare; Swift 6 would isolate them to the main actor and force an
        // annotation on every such function. The libraries themselves are built in Swift 6 mode.
        var flags = ["-Onone", "-g", "-swift-version", "5", "-I", "\(kitDir)/Modules", "-L", kitDir, "-lNotebookKit",
                     "-Xlinker", "-rpath", "-Xlinker", kitDir]
        flags += try clangFlags(descriptionAt: "\(kitDir)/description.json")
        return Toolchain(swiftc: swiftc, kitDirectory: kitDir, flags: flags)
    }

    /// A fingerprint of the library (path, size and modification time), part of compile-cache and freeze keys.
    public var libraryFingerprint: String {
        let attrs = try? FileManager.default.attributesOfItem(atPath: "\(kitDirectory)/libNotebookKit.so")
        let size = (attrs?[.size] as? NSNumber)?.intValue ?? 0
        let date = (attrs?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return "\(kitDirectory)|\(size)|\(date)"
    }

    private static func findSwiftc(_ env: [String: String]) -> String? {
        if let s = env["SWIFTC"], FileManager.default.isExecutableFile(atPath: s) { return s }
        for dir in (env["PATH"] ?? "").split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(dir)/swiftc") {
            return "\(dir)/swiftc"
        }
        return FileManager.default.isExecutableFile(atPath: "/opt/swift/usr/bin/swiftc") ? "/opt/swift/usr/bin/swiftc" : nil
    }

    /// The -Xcc module-map and include flags SwiftPM used to compile NotebookKit: a client of a module that
    /// `internal import`s a C module (without library evolution) must see the same module maps.
    static func clangFlags(descriptionAt path: String) throws(NotebookError) -> [String] {
        guard let data = FileManager.default.contents(atPath: path),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let commands = json["swiftCommands"] as? [String: Any] else {
            throw .toolchain("cannot read \(path) (SwiftPM's build description); run `swift build` first")
        }
        guard let command = commands.values.compactMap({ $0 as? [String: Any] }).first(where: { ($0["moduleName"] as? String) == "NotebookKit" }),
              let args = command["otherArguments"] as? [String] else {
            throw .toolchain("\(path) has no NotebookKit compile command; run `swift build` first")
        }
        var out: [String] = []
        var i = 0
        while i < args.count {
            let a = args[i]
            if (a == "-Xcc" || a == "-module-cache-path"), i + 1 < args.count {
                out += [a, args[i + 1]]
                i += 2
                continue
            }
            if a.hasPrefix("-I"), a.count > 2 { out.append(a) }
            i += 1
        }
        return out
    }
}
