import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The notebook program's side of the host protocol. Tangled notebooks call `beginCell`/`endCell` around
/// every cell; cells themselves use `display`, `Figure.save(_:)`, `Session` and `reportProgress`, which write
/// events through this type.
///
/// Configuration comes from the environment the host sets: `HMFBOOK_EVENTS` (events file),
/// `HMFBOOK_FIGURES` (figure folder), `HMFBOOK_STORE` (session store), `HMFBOOK_ASSETS` (displayed images).
/// Outside a notebook run (no `HMFBOOK_EVENTS`) events are dropped and figures go to the current directory.
public enum NotebookRuntime {
    private static let state = RuntimeState()

    /// Index of the running cell (-1 before the first).
    public static var currentCell: Int { state.withLock { $0.cell } }

    /// Folder receiving `fig.save(name)` output.
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

    /// The compiler that builds notebook programs (`swiftc --version`'s first line, as the host found it),
    /// part of every session key.
    public static var toolchain: String {
        ProcessInfo.processInfo.environment["HMFBOOK_TOOLCHAIN"] ?? BuildInfo.compiler
    }

    /// Whether `Session` may answer from its store in the current cell (false in cells marked `cache: false`).
    public static var cacheEnabled: Bool { state.withLock { $0.cacheEnabled } }

    /// The digest of the code that can change the current cell's results: the cell and every earlier code
    /// cell, with comments and spacing normalised away (empty for cells marked `cache-key: inputs`, which
    /// key on their inputs alone). Part of every session key made in the cell.
    public static var codeDigest: String { state.withLock { $0.codeDigest } }

    /// Marks the start of cell `index` (called by the tangled program), with the digest of its code context.
    public static func beginCell(_ index: Int, cache: Bool = true, code: String = "") {
        state.withLock { s in
            s.setUp()
            s.cell = index
            s.cacheEnabled = cache
            s.codeDigest = code
            s.started = Date()
            var e = NotebookEvent(kind: .cellBegin, cell: index)
            (e.stdout, e.stderr) = s.outputOffsets()
            s.write(e)
        }
    }

    /// Marks the end of cell `index` (called by the tangled program).
    public static func endCell(_ index: Int) {
        state.withLock { s in
            var e = NotebookEvent(kind: .cellEnd, cell: index)
            (e.stdout, e.stderr) = s.outputOffsets()
            e.seconds = Date().timeIntervalSince(s.started)
            s.write(e)
        }
    }

    /// Reports an error thrown in a cell marked `error: allow` (called by the tangled program).
    public static func cellThrew(_ error: any Error) {
        emit(NotebookEvent(kind: .error, cell: currentCell, text: "\(error)"))
    }

    /// The end of the scope of an `error: allow` cell whose declarations later cells use (called by the
    /// tangled program): an error thrown by that cell is reported and ends the cell; an error of a later
    /// cell is thrown on, so it fails that cell as usual.
    public static func allowedError(_ error: any Error, inCell index: Int) throws {
        guard currentCell == index else { throw error }
        emit(NotebookEvent(kind: .error, cell: index,
                           text: "\(error) (the cells after it use its declarations, so they were not run)"))
        endCell(index)
    }

    /// Records a file the current cell wrote into the figures folder (values, tables) as an output of the run,
    /// covered by the freeze stamp like a published figure; nothing is shown.
    public static func recordOutput(_ path: String) {
        var e = NotebookEvent(kind: .figure, cell: currentCell, text: (path as NSString).lastPathComponent)
        e.files = [path]
        emit(e)
    }

    /// Writes one event for the current cell (flushing stdout/stderr first so offsets stay ordered).
    public static func emit(_ event: NotebookEvent) {
        state.withLock { s in
            s.setUp()
            s.write(event)
        }
    }
}

/// Mutable runtime state behind a lock: the events file descriptor and the current cell.
final class RuntimeState: @unchecked Sendable {
    private let lock = NSLock()
    var cell = -1
    var cacheEnabled = true
    var codeDigest = ""
    var started = Date()
    private var eventsFD: Int32 = -1
    private var isSetUp = false

    func withLock<T>(_ body: (RuntimeState) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(self)
    }

    func setUp() {
        guard !isSetUp else { return }
        isSetUp = true
        // Line-buffer stdout and unbuffer stderr so that output written before a crash reaches the files.
        if let out = Self.cStream("stdout") { setvbuf(out, nil, _IOLBF, 0) }
        if let err = Self.cStream("stderr") { setvbuf(err, nil, _IONBF, 0) }
        if let path = ProcessInfo.processInfo.environment["HMFBOOK_EVENTS"] {
            eventsFD = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
            Self.exitWhenOrphaned()
        }
    }

    /// Under a host, stops the program once the host is gone (e.g. killed with kill -9), so that no orphan
    /// keeps computing or writing into the run folder of a later run.
    private static func exitWhenOrphaned() {
        let parent = getppid()
        let watcher = Thread {
            while getppid() == parent { usleep(200_000) }
            _exit(137)
        }
        watcher.stackSize = 1 << 16
        watcher.start()
    }

    /// The C library's `stdout`/`stderr` stream, looked up by symbol (Swift 6 rejects direct use of the
    /// mutable C globals).
    private static func cStream(_ name: String) -> UnsafeMutablePointer<FILE>? {
        guard let sym = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
        return sym.assumingMemoryBound(to: UnsafeMutablePointer<FILE>?.self).pointee
    }

    func outputOffsets() -> (Int?, Int?) {
        fflush(nil)
        let o = lseek(STDOUT_FILENO, 0, SEEK_CUR), e = lseek(STDERR_FILENO, 0, SEEK_CUR)
        return (o >= 0 ? Int(o) : nil, e >= 0 ? Int(e) : nil)
    }

    func write(_ event: NotebookEvent) {
        guard eventsFD >= 0 else { return }
        fflush(nil)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard var line = try? encoder.encode(event) else { return }
        line.append(0x0A)
        line.withUnsafeBytes { raw in
            var off = 0
            while off < raw.count {
                guard let base = raw.baseAddress else { return }
                let n = Glibc.write(eventsFD, base + off, raw.count - off)
                if n <= 0 { return }
                off += n
            }
        }
    }
}
