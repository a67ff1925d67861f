import Foundation
import Notebook
import NotebookProtocol
import Spawn

/// A running kernel: the child process, the pipe its requests go to, and a thread that reads its output channel
/// into a queue. What cells print goes to `stdout.txt` and `stderr.txt` in the run folder; a crash leaves the
/// Swift runtime's backtrace in `backtrace.json` there.
final class KernelProcess: @unchecked Sendable {
    let runDirectory: String
    private let process: ChildProcess
    private let input: FileHandle
    private let queue = OutputQueue()

    /// Starts the kernel program in `workingDirectory` with `environment` added to the host's.
    init(
        program: KernelProgram, runDirectory: String, workingDirectory: String,
        environment: [String: String]
    ) throws(NotebookError) {
        self.runDirectory = runDirectory
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: runDirectory, withIntermediateDirectories: true)
            for name in ["stdout.txt", "stderr.txt", "backtrace.json"] {
                try? fm.removeItem(atPath: "\(runDirectory)/\(name)")
            }
            for name in ["stdout.txt", "stderr.txt"] {
                guard fm.createFile(atPath: "\(runDirectory)/\(name)", contents: nil) else {
                    throw CocoaError(.fileWriteUnknown)
                }
            }
        } catch {
            throw .io(
                path: runDirectory,
                message: "cannot prepare the kernel's run folder: \(error.localizedDescription)")
        }
        var env = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        env["HMFBOOK_RUN_DIR"] = runDirectory
        env["SWIFT_BACKTRACE"] =
            "enable=yes,interactive=no,format=json,output-to=\(runDirectory)/backtrace.json"
        do {
            // In a process group of its own (as before, with Foundation's Process): a terminal's Ctrl-C reaches the
            // host, which stops the kernel itself.
            process = try ChildProcess(
                executable: program.executable, environment: env, directory: workingDirectory,
                input: .pipe, output: .pipe, error: .null, newProcessGroup: true)
        } catch {
            throw .io(path: program.executable, message: "cannot start the kernel: \(error)")
        }
        guard let input = process.input, let reader = process.output else {
            throw .io(path: program.executable, message: "the kernel started without its pipes")
        }
        self.input = input
        let queue = self.queue
        let thread = Thread {
            var pending = Data()
            while true {
                let chunk = reader.availableData
                if chunk.isEmpty { break }
                pending.append(chunk)
                while let newline = pending.firstIndex(of: 0x0A) {
                    let line = pending[pending.startIndex..<newline]
                    pending = Data(pending[(newline + 1)...])
                    if let message = try? JSONDecoder().decode(KernelOutput.self, from: Data(line))
                    {
                        queue.push(message)
                    }
                }
            }
            queue.close()
        }
        thread.name = "hmfbook-kernel-reader"
        thread.start()
    }

    deinit { stop() }

    /// Whether the process is still alive.
    var isRunning: Bool { process.isRunning }

    /// How the kernel answered.
    enum Answer {
        case reply(KernelReply)
        /// The process ended (a crash, or killed): no reply.
        case ended
        /// `timeout` passed; the process was killed.
        case timedOut
    }

    /// Sends `request` and waits for its reply, handing every event on the way to `onEvent` and calling `tick`
    /// about ten times a second. After `timeout` seconds the kernel is killed.
    func send(
        _ request: KernelRequest, timeout: Double? = nil,
        onEvent: (NotebookEvent) -> Void = { _ in },
        tick: () -> Void = {}
    ) -> Answer {
        guard let data = try? JSONEncoder().encode(request) else {
            return .reply(.failed("cannot encode the request"))
        }
        do { try input.write(contentsOf: data + Data([0x0A])) } catch { return .ended }
        let deadline = timeout.map { Date().addingTimeInterval($0) }
        while true {
            switch queue.pop(waitingUntil: Date().addingTimeInterval(0.1)) {
            case .message(let m):
                if let e = m.event { onEvent(e) }
                if let r = m.reply { return .reply(r) }
            case .closed:
                process.wait()
                return .ended
            case .timedOut:
                tick()
                if let deadline, Date() > deadline {
                    stop()
                    return .timedOut
                }
            }
        }
    }

    /// How the process ended: a normal exit with status 0, or not.
    var exitedCleanly: Bool { process.termination == .exited(0) }
    var terminationStatus: Int32 { process.termination?.status ?? 0 }

    /// Asks the kernel to end, then kills it if it has not within a second.
    func shutdown() {
        guard process.isRunning else { return }
        if let data = try? JSONEncoder().encode(KernelRequest.shutdown) {
            try? input.write(contentsOf: data + Data([0x0A]))
        }
        process.wait(timeout: 1)
        stop()
    }

    /// Kills the process.
    func stop() {
        process.kill()
        try? input.close()
    }

    /// The bytes of the captured `stdout.txt` or `stderr.txt` from `start` to `end` (the end of the file when nil).
    func output(_ name: String, from start: Int, to end: Int?) -> String {
        guard let handle = FileHandle(forReadingAtPath: "\(runDirectory)/\(name)") else {
            return ""
        }
        defer { try? handle.close() }
        do {
            try handle.seek(toOffset: UInt64(max(0, start)))
            let data =
                try end.map { try handle.read(upToCount: max(0, $0 - start)) ?? Data() }
                ?? handle.readToEnd() ?? Data()
            return String(decoding: data, as: UTF8.self)
        } catch { return "" }
    }
}

/// Messages from the reader thread, in order.
private final class OutputQueue: @unchecked Sendable {
    enum Item {
        case message(KernelOutput)
        case closed, timedOut
    }
    private let condition = NSCondition()
    private var items: [KernelOutput] = []
    private var head = 0
    private var isClosed = false

    func push(_ m: KernelOutput) {
        condition.lock()
        items.append(m)
        condition.signal()
        condition.unlock()
    }

    func close() {
        condition.lock()
        isClosed = true
        condition.broadcast()
        condition.unlock()
    }

    func pop(waitingUntil deadline: Date) -> Item {
        condition.lock()
        defer { condition.unlock() }
        while head == items.count && !isClosed {
            if !condition.wait(until: deadline) {
                return head < items.count ? next() : (isClosed ? .closed : .timedOut)
            }
        }
        return head < items.count ? next() : .closed
    }

    private func next() -> Item {
        let m = items[head]
        head += 1
        if head > 1024 {
            items.removeFirst(head)
            head = 0
        }
        return .message(m)
    }
}
