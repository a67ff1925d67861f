import Foundation
import NotebookProtocol

#if canImport(Glibc)
    import Glibc
#endif

/// The running cell's side of the host protocol. The kernel calls `beginCell`/`endCell` around every cell;
/// cells themselves use `display`, `Figure.publish(_:)`, `Session` and `reportProgress`, which report events
/// through this type.
///
/// Configuration comes from the environment the host sets: `HMFBOOK_FIGURES` (figure folder),
/// `HMFBOOK_STORE` (session store), `HMFBOOK_ASSETS` (displayed images). Outside a kernel (a plain program that
/// links NotebookKit) events are dropped and figures go to the current directory.
public enum NotebookRuntime {
    private static let state = RuntimeState()

    /// Index of the running cell (-1 before the first).
    public static var currentCell: Int { state.withLock { $0.cell } }

    /// Folder receiving `fig.publish(name)` output.
    public static var figuresDirectory: String {
        ProcessInfo.processInfo.environment["HMFBOOK_FIGURES"] ?? "."
    }

    /// Folder receiving images shown with `display(figure)`.
    public static var assetsDirectory: String {
        ProcessInfo.processInfo.environment["HMFBOOK_ASSETS"] ?? figuresDirectory
    }

    /// Folder of the persistent session store.
    public static var storeDirectory: String {
        ProcessInfo.processInfo.environment["HMFBOOK_STORE"] ?? ProjectLayout.storeDirectory
    }

    /// The compiler that builds cells (`swiftc --version`'s first line, as the host found it), part of every
    /// session key.
    public static var toolchain: String {
        ProcessInfo.processInfo.environment["HMFBOOK_TOOLCHAIN"] ?? BuildInfo.compiler
    }

    /// Whether `Session` may answer from its store in the current cell (false in cells marked `cache: false`).
    public static var cacheEnabled: Bool { state.withLock { $0.cacheEnabled } }

    /// The digest of the code that can change the current cell's results: the cell and the cells it depends
    /// on, with comments and spacing normalised away (empty for cells marked `cache-key: inputs`, which key on
    /// their inputs alone). Part of every session key made in the cell.
    public static var codeDigest: String { state.withLock { $0.codeDigest } }

    /// Marks the start of cell `index` (called by the kernel), with the digest of its code context; `announce`
    /// false enters the cell without an event (for the inline expressions of the prose after it).
    public static func beginCell(
        _ index: Int, cache: Bool = true, code: String = "", announce: Bool = true
    ) {
        state.withLock { s in
            s.cell = index
            s.cacheEnabled = cache
            s.codeDigest = code
            s.started = Date()
            s.displayed = 0
            s.files = []
            guard announce else { return }
            var e = NotebookEvent(kind: .cellBegin, cell: index)
            (e.stdout, e.stderr) = s.outputOffsets()
            s.write(e)
        }
    }

    /// Marks the end of cell `index` (called by the kernel).
    public static func endCell(_ index: Int) {
        state.withLock { s in
            var e = NotebookEvent(kind: .cellEnd, cell: index)
            (e.stdout, e.stderr) = s.outputOffsets()
            e.seconds = Date().timeIntervalSince(s.started)
            s.write(e)
        }
    }

    /// Records a file the current cell wrote into the figures folder (values, tables) as an output of the run,
    /// covered by the freeze stamp like a published figure; nothing is shown.
    public static func recordOutput(_ path: String) {
        var e = NotebookEvent(
            kind: .figure, cell: currentCell, text: (path as NSString).lastPathComponent)
        e.files = [path]
        emit(e)
    }

    /// Records that the current cell read or wrote `path` through the notebook libraries (once per cell and
    /// path), so that a cell reading a file another cell wrote depends on it.
    static func recordFile(_ path: String, written: Bool) {
        let absolute =
            path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let event: NotebookEvent? = state.withLock { s in
            guard s.cell >= 0, s.files.insert("\(written)|\(absolute)").inserted else { return nil }
            return NotebookEvent(
                kind: written ? .fileWritten : .fileRead, cell: s.cell, text: absolute)
        }
        if let event { emit(event) }
    }

    /// The number of the next figure `display`ed by the current cell (1, 2, ...), so that image names stay the
    /// same however often the cell runs.
    static func nextDisplayNumber() -> Int {
        state.withLock { s in
            s.displayed += 1
            return s.displayed
        }
    }

    /// Writes one event for the current cell (flushing stdout/stderr first so offsets stay ordered).
    package static func emit(_ event: NotebookEvent) {
        state.withLock { $0.write(event) }
    }

    /// Sends the reply to a kernel request.
    static func reply(_ reply: KernelReply) {
        state.withLock { $0.send(KernelOutput(reply: reply)) }
    }

    /// Makes `descriptor` the channel events and replies are written to (the kernel's own standard output).
    static func connect(channel descriptor: Int32) {
        state.withLock { $0.channel = descriptor }
    }
}

/// Mutable runtime state behind a lock: the output channel and the current cell.
final class RuntimeState: @unchecked Sendable {
    private let lock = NSLock()
    var cell = -1
    var cacheEnabled = true
    var codeDigest = ""
    var started = Date()
    var displayed = 0
    /// Files the current cell read or wrote, already reported.
    var files: Set<String> = []
    var channel: Int32 = -1
    private let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }()

    func withLock<T>(_ body: (RuntimeState) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(self)
    }

    func outputOffsets() -> (Int?, Int?) {
        fflush(nil)
        let o = lseek(STDOUT_FILENO, 0, SEEK_CUR)
        let e = lseek(STDERR_FILENO, 0, SEEK_CUR)
        return (o >= 0 ? Int(o) : nil, e >= 0 ? Int(e) : nil)
    }

    func write(_ event: NotebookEvent) { send(KernelOutput(event: event)) }

    func send(_ output: KernelOutput) {
        guard channel >= 0 else { return }
        fflush(nil)
        guard var line = try? encoder.encode(output) else { return }
        line.append(0x0A)
        line.withUnsafeBytes { raw in
            var off = 0
            while off < raw.count {
                guard let base = raw.baseAddress else { return }
                let n = Glibc.write(channel, base + off, raw.count - off)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }
                off += n
            }
        }
    }
}
