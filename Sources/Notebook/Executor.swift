import Foundation
import HMFCore

/// Runs a compiled notebook program as a child process and turns its events into per-cell results.
///
/// The child writes stdout and stderr to files and structured events (see `NotebookEvent`) to an events
/// file; each event carries the output offsets at that moment, so output is attributed to cells even when the
/// child crashes. A cell that runs longer than its timeout is killed. Crashes are located through the Swift
/// runtime's JSON backtrace, whose frames carry the notebook lines set by `#sourceLocation`.
public struct Executor: Sendable {
    /// Folder for the run's files (stdout, stderr, events, backtrace).
    public var runDirectory: String
    /// Environment additions for the child (figures folder, store).
    public var environment: [String: String]
    /// Per-cell timeout when the cell sets none (seconds).
    public var defaultTimeout: Double
    /// The notebook path as named in `#sourceLocation` (to find crash lines).
    public var sourcePath: String
    /// The child's current directory (the project root).
    public var workingDirectory: String

    public init(runDirectory: String, workingDirectory: String, environment: [String: String], defaultTimeout: Double, sourcePath: String) {
        self.runDirectory = runDirectory
        self.workingDirectory = workingDirectory
        self.environment = environment
        self.defaultTimeout = defaultTimeout
        self.sourcePath = sourcePath
    }

    /// Live status for the terminal: the running cell, its elapsed time, and the latest progress event.
    public struct Status: Sendable {
        public var cell: Int
        public var elapsed: Double
        public var progress: Double?
        public var label: String?
    }

    /// Runs `binary` for `document`'s cells, calling `onStatus` about ten times a second.
    public func execute(_ binary: String, document: NotebookDocument,
                        onStatus: (Status) -> Void = { _ in }) throws(NotebookError) -> [CellResult] {
        let fm = FileManager.default
        let paths = (out: "\(runDirectory)/stdout.txt", err: "\(runDirectory)/stderr.txt",
                     events: "\(runDirectory)/events.jsonl", backtrace: "\(runDirectory)/backtrace.json")
        do {
            try fm.createDirectory(atPath: runDirectory, withIntermediateDirectories: true)
            for p in [paths.out, paths.err, paths.events, paths.backtrace] { try? fm.removeItem(atPath: p) }
            for p in [paths.out, paths.err, paths.events] { guard fm.createFile(atPath: p, contents: nil) else { throw CocoaError(.fileWriteUnknown) } }
        } catch {
            throw .io(path: runDirectory, message: "cannot prepare the run folder: \(error.localizedDescription)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        var env = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        env["HMFBOOK_EVENTS"] = paths.events
        env["SWIFT_BACKTRACE"] = "enable=yes,interactive=no,format=json,output-to=\(paths.backtrace)"
        process.environment = env
        process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory)
        guard let outHandle = FileHandle(forWritingAtPath: paths.out), let errHandle = FileHandle(forWritingAtPath: paths.err) else {
            throw .io(path: runDirectory, message: "cannot open output files")
        }
        process.standardOutput = outHandle
        process.standardError = errHandle
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { throw .io(path: binary, message: "cannot start the notebook program: \(error.localizedDescription)") }
        try? outHandle.close()
        try? errHandle.close()

        let timeouts = document.cells.map { $0.options.timeout ?? defaultTimeout }
        var reader = EventReader(path: paths.events)
        var events: [NotebookEvent] = []
        var current = -1
        var cellStart = Date()
        var timedOut: Int?
        var lastProgress: (Double?, String?) = (nil, nil)
        while process.isRunning {
            usleep(50_000)
            for e in reader.poll() {
                events.append(e)
                if e.kind == .cellBegin { current = e.cell; cellStart = Date(); lastProgress = (nil, nil) }
                if e.kind == .progress { lastProgress = (e.fraction, e.text) }
            }
            let elapsed = Date().timeIntervalSince(cellStart)
            if current >= 0 {
                onStatus(Status(cell: current, elapsed: elapsed, progress: lastProgress.0, label: lastProgress.1))
                if current < timeouts.count, elapsed > timeouts[current], events.last(where: { $0.cell == current && $0.kind == .cellEnd }) == nil {
                    timedOut = current
                    kill(process.processIdentifier, SIGKILL)
                    break
                }
            }
        }
        process.waitUntilExit()
        events += reader.poll()
        let stdout = fm.contents(atPath: paths.out) ?? Data()
        let stderr = fm.contents(atPath: paths.err) ?? Data()
        var assembler = ResultAssembler(cellCount: document.cells.count, stdout: stdout, stderr: stderr)
        assembler.apply(events)
        let exitedCleanly = process.terminationReason == .exit && process.terminationStatus == 0
        if let t = timedOut {
            assembler.fail(cell: t, kind: .timeout, message: "cell \(t + 1) did not finish within \(Self.seconds(timeouts[t])) and was stopped", line: nil)
        } else if !exitedCleanly, let running = assembler.unfinishedCell {
            let crash = CrashReport.read(paths.backtrace, sourcePath: sourcePath)
            let text = String(decoding: stderr, as: UTF8.self)
            let thrown = text.contains("Error raised at top")
            let message = CrashReport.message(fromStderr: text) ?? crash.description ?? "the program stopped (status \(process.terminationStatus))"
            assembler.fail(cell: running, kind: thrown ? .thrown : .trap, message: message, line: crash.line)
        } else if !exitedCleanly {
            let text = String(decoding: stderr, as: UTF8.self)
            let last = max(0, document.cells.count - 1)
            assembler.fail(cell: last, kind: .trap, message: CrashReport.message(fromStderr: text) ?? "the program exited with status \(process.terminationStatus)", line: nil)
        }
        return assembler.cells
    }

    static func seconds(_ s: Double) -> String { s == s.rounded() ? "\(Int(s)) s" : String(format: "%.1f s", s) }
}

/// Reads complete JSON lines appended to the events file since the last poll.
struct EventReader {
    let path: String
    private var offset: UInt64 = 0
    private var partial = Data()

    init(path: String) { self.path = path }

    mutating func poll() -> [NotebookEvent] {
        guard let h = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? h.close() }
        do {
            try h.seek(toOffset: offset)
            let data = try h.readToEnd() ?? Data()
            offset += UInt64(data.count)
            partial.append(data)
        } catch { return [] }
        var out: [NotebookEvent] = []
        while let nl = partial.firstIndex(of: 0x0A) {
            let line = partial[partial.startIndex..<nl]
            partial = Data(partial[(nl + 1)...])
            if let e = try? JSONDecoder().decode(NotebookEvent.self, from: Data(line)) { out.append(e) }
        }
        return out
    }
}
