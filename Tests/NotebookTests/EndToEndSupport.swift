import Foundation
import Spawn
import Testing

@testable import Notebook
@testable import NotebookKernel

/// Finds (and if needed builds) the NotebookKit library that end-to-end tests compile notebooks against.
enum Kit {
    static let toolchain: Result<Toolchain, NotebookError> = {
        if let t = try? Toolchain.locate() { return .success(t) }
        // The test bundle sits in the build folder; build the dynamic product there and look again.
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            let debugDir = URL(fileURLWithPath: exe).deletingLastPathComponent()
            let scratch = debugDir.deletingLastPathComponent().deletingLastPathComponent().path
            let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent().path
            let build = [
                "swift", "build", "--package-path", package, "--scratch-path", scratch, "--product",
                "NotebookKit",
            ]
            _ = try? ChildProcess.run("/usr/bin/env", build, error: .inherit, timeout: 300)
        }
        do throws(NotebookError) { return .success(try Toolchain.locate()) } catch {
            return .failure(error)
        }
    }()

    /// The folder holding libNotebookKit.so (empty when not found).
    static var kitDirectory: String {
        if case .success(let t) = toolchain { return t.kitDirectory }
        return ""
    }

    /// The versions the kit reports (as `hmfbook check` asks them).
    static func versions() throws -> KitVersions {
        guard case .success(let toolchain) = toolchain else { throw toolchain.failureValue! }
        return try KernelProgram.build(toolchain).versions()
    }

    static var available: Bool {
        if case .success = toolchain { return true }
        return false
    }

    /// The hmfbook executable built beside the tests, nil when it is not there.
    static let hmfbook: String? = {
        guard let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        else { return nil }
        let path = URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent(
            "hmfbook"
        ).path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }()
}

/// The kit the tests that fit real-size data compile against.
enum ReleaseKit {
    /// The release kit when it was built from the same sources as the debug kit the other end-to-end tests
    /// use (equal kit versions: a digest of the sources, not of file times), since fits in a debug engine
    /// take minutes; else the debug kit. `HMFBOOK_KIT_DIR` overrides both.
    static let toolchain: Toolchain? = {
        guard case .success(let debug) = Kit.toolchain else { return nil }
        guard ProcessInfo.processInfo.environment["HMFBOOK_KIT_DIR"] == nil else { return debug }
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path
        guard
            let release = try? Toolchain.locate(
                environment: ["HMFBOOK_KIT_DIR": package + "/.build/release"]),
            release.kitDirectory != debug.kitDirectory,
            let releaseVersions = try? KernelProgram.build(release).versions(),
            let debugVersions = try? Kit.versions(), releaseVersions == debugVersions
        else { return debug }
        return release
    }()
}

extension Trait where Self == ConditionTrait {
    /// Runs the test only when the NotebookKit library the cells link is built, and says so when it is not.
    static var kitBuilt: Self {
        .enabled(
            if: Kit.available,
            "NotebookKit library not built: run `swift build --product NotebookKit`")
    }
}

/// A temporary project folder with one notebook, run through `NotebookRunner`.
struct Project {
    let root: String

    init() throws {
        root = NSTemporaryDirectory() + "hmfbook-e2e-\(UUID().uuidString)"
        try FileManager.default.createDirectory(
            atPath: root + "/Notebooks", withIntermediateDirectories: true)
    }

    func write(_ name: String, _ text: String) throws {
        try text.write(toFile: "\(root)/Notebooks/\(name)", atomically: true, encoding: .utf8)
    }

    func run(
        _ name: String, overrides: [String: String] = [:], force: Bool = false,
        timeout: Double = 120,
        ipynb: Bool = false, outputDirectory: String? = nil
    ) throws -> NotebookRunner.Outcome {
        guard case .success(let toolchain) = Kit.toolchain else {
            throw Kit.toolchain.failureValue!
        }
        var options = NotebookRunner.Options()
        options.projectRoot = root
        options.overrides = overrides
        options.force = force
        options.timeout = timeout
        options.ipynb = ipynb
        if let outputDirectory { options.outputDirectory = outputDirectory }
        return try NotebookRunner(toolchain: toolchain, options: options).run("Notebooks/\(name)")
    }

    func result(_ outcome: NotebookRunner.Outcome) -> RunResult? {
        if case .ran(let r, _, _) = outcome { return r }
        return nil
    }

    func read(_ relative: String) -> String {
        (try? String(contentsOfFile: "\(root)/\(relative)", encoding: .utf8)) ?? ""
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }
}

extension Result {
    var failureValue: Failure? {
        if case .failure(let e) = self { return e }
        return nil
    }
}
