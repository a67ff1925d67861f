import Foundation
import NotebookKit
import NotebookProtocol
import Spawn
import Testing

@testable import Notebook
@testable import NotebookKernel

/// The robustness requirements: `cache: false`, deterministic outputs, Jupyter export, the lock,
/// and kill -9 of the runner mid-run.
@Suite(.serialized, .kitBuilt)
struct RobustnessTests {
    /// Every store entry under the project's store.
    static func storeEntries(_ p: Project) -> [String] {
        let root = "\(p.root)/.hmfbook/store"
        let all = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String]) ?? []
        return all.filter { $0.hasSuffix(".entry") }.sorted()
    }

    @Test func cacheFalseNeitherReadsNorWritesTheStore() throws {
        let p = try Project()
        defer { p.remove() }
        try p.write(
            "n.md",
            "```swift\n//| cache: false\nlet v = try Session().cached(\"v\", 1) { () -> Int in print(\"computed\"); return 42 }\nprint(v)\n```\n"
        )
        let r = try #require(p.result(try p.run("n.md")))
        #expect(r.succeeded && r.cells[0].stdout == "computed\n42\n")
        #expect(Self.storeEntries(p).isEmpty)
        let r2 = try #require(p.result(try p.run("n.md", force: true)))
        #expect(r2.cells[0].stdout == "computed\n42\n" && r2.cells[0].cacheHits == 0)
    }

    static let figureNotebook = """
        ---
        title: Det
        figures: figures/det
        ---
        # Det

        ```swift
        let xs = (0..<20).map(Double.init)
        print("sum", xs.reduce(0, +))
        display(try Matrix([[1, 2], [3, 4]]))
        let v = try Session().cached("sq", xs.count) { xs.map { $0 * $0 } }
        ```

        ```swift
        let fig = Figure(width: 4, height: 3)
        fig.axes().plot(xs, v, label: "v")
        try fig.publish("curve")
        ```

        """

    /// The page with every `<span class="timing">...</span>` emptied.
    static func normalised(_ html: String) -> String {
        html.replacingOccurrences(
            of: "<span class=\"timing\">[^<]*</span>", with: "<span class=\"timing\"></span>",
            options: .regularExpression)
    }

    @Test func outputsAreDeterministicApartFromTimings() throws {
        let p = try Project()
        defer { p.remove() }
        try p.write("d.md", Self.figureNotebook)
        var docs: [(String, String, String)] = []
        for _ in 0..<2 {
            let r = try #require(p.result(try p.run("d.md", force: true, ipynb: true)))
            #expect(r.succeeded)
            docs.append(
                (
                    p.read("build/Notebooks/d.md"), p.read("build/Notebooks/d.html"),
                    p.read("build/Notebooks/d.ipynb")
                ))
        }
        #expect(docs[0].0 == docs[1].0)
        #expect(Self.normalised(docs[0].1) == Self.normalised(docs[1].1))
        #expect(docs[0].2 == docs[1].2)
        #expect(docs[0].1.contains("data:image/png;base64,"))
    }

    @Test func ipynbIsValidNbformat() throws {
        let p = try Project()
        defer { p.remove() }
        try p.write("j.md", Self.figureNotebook)
        _ = try p.run("j.md", ipynb: true)
        let path = "\(p.root)/build/Notebooks/j.ipynb"
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
                as? [String: Any])
        #expect(json["nbformat"] as? Int == 4)
        let cells = try #require(json["cells"] as? [[String: Any]])
        let outputs = cells.compactMap { $0["outputs"] as? [[String: Any]] }.flatMap { $0 }
        #expect(
            outputs.contains {
                (($0["data"] as? [String: Any])?["image/png"] as? String)?.isEmpty == false
            })
    }

    static let hasNbformat = shell("python3", ["-c", "import nbformat"]) == 0

    /// The reference implementation's validator accepts the exported notebook.
    @Test(
        .enabled(
            if: hasNbformat,
            "python3 with nbformat not installed: make deps installs it (with nbclient)"))
    func ipynbPassesNbformatValidation() throws {
        let p = try Project()
        defer { p.remove() }
        try p.write("j.md", Self.figureNotebook)
        _ = try p.run("j.md", ipynb: true)
        let check =
            "import nbformat,sys; nb=nbformat.read(sys.argv[1], as_version=4); nbformat.validate(nb)"
        #expect(Self.shell("python3", ["-c", check, "\(p.root)/build/Notebooks/j.ipynb"]) == 0)
    }

    /// A run killed mid-compile leaves its cell build folder; the next run removes it, and keeps the folders
    /// of runs that are still alive.
    @Test func buildFoldersOfDeadRunsAreRemoved() throws {
        let p = try Project()
        defer { p.remove() }
        try p.write("b.md", "```swift\nprint(1)\n```\n")
        let cells = "\(p.root)/.hmfbook/cells"
        let dead = "\(cells)/.build-Cdead-\(Int32.max - 7)-0BADF00D"
        let alive = "\(cells)/.build-Calive-\(getppid())-0C0FFEE0"
        for folder in [dead, alive] {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true)
        }
        #expect(try #require(p.result(try p.run("b.md"))).succeeded)
        #expect(!FileManager.default.fileExists(atPath: dead))
        #expect(FileManager.default.fileExists(atPath: alive))
    }

    @Test func concurrentRunsOfOneNotebookSerialise() throws {
        let p = try Project()
        defer { p.remove() }
        let log = "\(p.root)/log.txt"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        try p.write(
            "l.md",
            "```swift\nfunc note(_ s: String) { let h = FileHandle(forWritingAtPath: \"\(log)\")!; h.seekToEndOfFile(); h.write(Data((s + \"\\n\").utf8)); h.closeFile() }\nnote(\"start\")\nusleep(800_000)\nnote(\"end\")\n```\n"
        )
        _ = try p.run("l.md")  // compile once so both runs spend their time in the cell
        try "".write(toFile: log, atomically: true, encoding: .utf8)
        let group = DispatchGroup()
        let ok = LockedFlags()
        for _ in 0..<2 {
            DispatchQueue.global().async(group: group) {
                if let r = try? p.result(p.run("l.md", force: true)), r.succeeded { ok.add() }
            }
        }
        group.wait()
        #expect(ok.count == 2)
        let lines = p.read("log.txt").split(separator: "\n")
        #expect(lines == ["start", "end", "start", "end"])
    }

    static let hmfbook = Kit.hmfbook

    @Test(
        .enabled(
            if: hmfbook != nil, "the hmfbook executable is not built beside the tests (swift build)"
        ))
    func killMinusNineMidRunKeepsStoreAndDocuments() throws {
        let hmfbook = try #require(Self.hmfbook)
        let p = try Project()
        defer { p.remove() }
        try p.write(
            "k.md",
            "---\nparameters:\n  slow: 0\n---\n```swift\nlet v = try Session().cached(\"v\", 7) { [1.0, 2.0, 3.0] }\nprint(v)\n```\n```swift\nprint(\"slow cell\")\nlet w = try Session().cached(\"w\", slow) { [4.0] }\nusleep(UInt32(slow * 1_000_000))\n```\n"
        )
        let first = try #require(p.result(try p.run("k.md")))
        #expect(first.succeeded)
        let md = p.read("build/Notebooks/k.md")
        let html = p.read("build/Notebooks/k.html")
        let entries = Self.storeEntries(p)
        #expect(entries.count == 2)

        let runner = try ChildProcess(
            executable: hmfbook, arguments: ["run", "Notebooks/k.md", "-p", "slow=30", "--force"],
            environment: ProcessInfo.processInfo.environment.merging([
                "HMFBOOK_KIT_DIR": Kit.kitDirectory
            ]) { $1 },
            directory: p.root, output: .null, error: .null)
        // Wait until the slow cell runs (its store entry is written first), then kill the runner. The new
        // parameter value is new code for the slow cell only: the first cell reads its entry back.
        let deadline = Date().addingTimeInterval(60)
        while Self.storeEntries(p).count < 3, Date() < deadline, runner.isRunning { usleep(50_000) }
        #expect(Self.storeEntries(p).count == 3)
        let kernels = Self.children(of: runner.pid)
        #expect(kernels.count == 1)
        runner.kill()
        #expect(runner.termination == .signalled(SIGKILL))
        // The orphaned kernel stops within a second or two (it polls for its parent every 0.2 s), so it
        // neither keeps computing the 30 s cell nor keeps the store locked.
        let gone = Date().addingTimeInterval(5)
        while kernels.contains(where: Self.isAlive), Date() < gone { usleep(50_000) }
        #expect(!kernels.contains(where: Self.isAlive))

        // The previous documents are untouched and every store entry reads back.
        #expect(p.read("build/Notebooks/k.md") == md)
        #expect(p.read("build/Notebooks/k.html") == html)
        let store = SessionStore(root: "\(p.root)/.hmfbook/store")
        for e in Self.storeEntries(p) {
            let key = ((e as NSString).lastPathComponent as NSString).deletingPathExtension
            #expect(throws: Never.self) { _ = try store.read(key) }
        }
        // A re-run works and reads the earlier results back.
        let again = try #require(p.result(try p.run("k.md", force: true)))
        #expect(again.succeeded && again.cells[0].cacheHits == 1)
    }

    /// The processes whose parent is `pid` (from /proc).
    static func children(of pid: pid_t) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { name -> pid_t? in
            guard let child = pid_t(name), let fields = statFields(child), fields.count > 1,
                pid_t(fields[1]) == pid
            else { return nil }
            return child
        }
    }

    /// Whether `pid` is a live process (neither gone nor a zombie awaiting its reaper).
    static func isAlive(_ pid: pid_t) -> Bool {
        guard let fields = statFields(pid), let state = fields.first else { return false }
        return state != "Z"
    }

    /// The fields of /proc/PID/stat after the command name (state, parent, ...); the name may hold spaces,
    /// so they are read from its closing parenthesis.
    static func statFields(_ pid: pid_t) -> [Substring]? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        return stat[stat.index(after: close)...].split(separator: " ")
    }

    static func shell(_ tool: String, _ args: [String]) -> Int32 {
        (try? ChildProcess.run("/usr/bin/env", [tool] + args, error: .null))?.termination.status
            ?? -1
    }
}

/// A thread-safe counter.
final class LockedFlags: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func add() {
        lock.lock()
        n += 1
        lock.unlock()
    }
    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return n
    }
}
