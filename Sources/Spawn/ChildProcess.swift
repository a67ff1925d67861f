import CSpawn
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A child process that holds only the streams it is given.
///
/// Foundation's `Process` lets a child inherit descriptors that another thread opens while it starts: the pipes
/// and the exit-watch socket of another `Process`. A long-lived child (a notebook kernel, a browser) then keeps
/// a short one's pipe open, and whoever waits for that short one waits as long as the long one lives. A test
/// suite that starts processes from several threads hung that way. `ChildProcess` starts children with every
/// descriptor but the three streams closed (posix_spawn's closefrom action), opens its own pipes close-on-exec,
/// and waits for its own child with `waitpid`, without a run loop. (swift-subprocess does the same, but its API
/// is async only, and our callers are synchronous code that must not block the cooperative thread pool.)
package final class ChildProcess: @unchecked Sendable {
    /// Where a standard stream of the child goes.
    package enum Stream: Sendable {
        /// `/dev/null`.
        case null
        /// The parent's own stream.
        case inherit
        /// A new pipe: the parent's end is `input` (for standard input) or `output` (for standard output; for
        /// standard error, the same as `.output`).
        case pipe
        /// An open descriptor of the parent (a file), which the child gets a copy of.
        case descriptor(Int32)
        /// Standard error only: the same pipe or descriptor as standard output (for standard input: `.null`).
        case output
    }

    /// How a child ended.
    package enum Termination: Sendable, Equatable {
        /// It exited with this status.
        case exited(Int32)
        /// A signal (this number) ended it.
        case signalled(Int32)

        /// Whether it exited with status 0.
        package var succeeded: Bool { self == .exited(0) }
        /// The status a shell reports: the exit status, or 128 + the signal's number.
        package var status: Int32 {
            switch self {
            case .exited(let status): status
            case .signalled(let signal): 128 + signal
            }
        }
    }

    /// The child's process identifier.
    package let pid: pid_t
    /// The writing end of the child's standard input, when it is `.pipe`.
    package let input: FileHandle?
    /// The reading end of the child's standard output (and error, when that is `.output`), when it is `.pipe`.
    package let output: FileHandle?

    private let exitWatch: Int32
    private let lock = NSLock()
    private var ended: Termination?

    /// Starts `executable` with `arguments`.
    /// - Parameters:
    ///   - environment: the child's whole environment (nil: the parent's).
    ///   - directory: its working directory (nil: the parent's).
    ///   - newProcessGroup: puts the child in a process group of its own, so that a terminal's Ctrl-C reaches
    ///     the parent only, which decides what the child gets.
    /// - Throws: `ChildProcessError.cannotStart` with the reason.
    package init(
        executable: String, arguments: [String] = [], environment: [String: String]? = nil,
        directory: String? = nil, input inputStream: Stream = .null,
        output outputStream: Stream = .inherit,
        error errorStream: Stream = .inherit, newProcessGroup: Bool = false
    ) throws(ChildProcessError) {
        var toClose: [Int32] = []
        defer { for fd in toClose { close(fd) } }
        func fail(_ code: Int32) -> ChildProcessError {
            .cannotStart(executable: executable, reason: String(cString: strerror(code)))
        }
        func pipe() throws(ChildProcessError) -> (read: Int32, write: Int32) {
            var fds: [Int32] = [-1, -1]
            let status = hmf_pipe(&fds)
            guard status == 0 else { throw fail(status) }
            return (fds[0], fds[1])
        }
        func null() throws(ChildProcessError) -> Int32 {
            let fd = open("/dev/null", O_RDWR | O_CLOEXEC)
            guard fd >= 0 else { throw fail(errno) }
            toClose.append(fd)
            return fd
        }
        var inputEnd: Int32 = -1
        var outputEnd: Int32 = -1
        var streams: [Int32] = [0, 1, 2]
        switch inputStream {
        case .null, .output: streams[0] = try null()
        case .inherit: break
        case .descriptor(let fd): streams[0] = fd
        case .pipe:
            let p = try pipe()
            (streams[0], inputEnd) = (p.read, p.write)
            toClose.append(p.read)
        }
        switch outputStream {
        case .null, .output: streams[1] = try null()
        case .inherit: break
        case .descriptor(let fd): streams[1] = fd
        case .pipe:
            let p = try pipe()
            (outputEnd, streams[1]) = (p.read, p.write)
            toClose.append(p.write)
        }
        switch errorStream {
        case .null: streams[2] = try null()
        case .inherit: break
        case .descriptor(let fd): streams[2] = fd
        case .output, .pipe: streams[2] = streams[1]
        }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let env =
            (environment ?? ProcessInfo.processInfo.environment).map {
                strdup("\($0.key)=\($0.value)")
            } + [nil]
        defer { for p in argv + env { free(p) } }
        var child = pid_t()
        let status = hmf_spawn(
            &child, executable, argv, env, directory, streams[0], streams[1], streams[2],
            newProcessGroup ? 1 : 0)
        guard status == 0 else {
            for fd in [inputEnd, outputEnd] where fd >= 0 { close(fd) }
            throw fail(status)
        }
        pid = child
        exitWatch = hmf_pidfd_open(child)
        input = inputEnd >= 0 ? FileHandle(fileDescriptor: inputEnd, closeOnDealloc: true) : nil
        output = outputEnd >= 0 ? FileHandle(fileDescriptor: outputEnd, closeOnDealloc: true) : nil
    }

    deinit {
        if exitWatch >= 0 { close(exitWatch) }
        // A child nobody waited for is reaped when it ends, so that it never stays a zombie.
        if termination == nil {
            let pid = self.pid
            Thread.detachNewThread {
                var status: Int32 = 0
                while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            }
        }
    }

    /// How the child ended, or nil while it runs.
    package var termination: Termination? {
        lock.lock()
        defer { lock.unlock() }
        if let ended { return ended }
        var status: Int32 = 0
        var reaped: pid_t
        repeat { reaped = waitpid(pid, &status, WNOHANG) } while reaped == -1 && errno == EINTR
        guard reaped == pid else { return nil }
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import (they are macros).
        let signal = status & 0x7F
        ended = signal == 0 ? .exited((status >> 8) & 0xFF) : .signalled(signal)
        return ended
    }

    /// Whether the child is still running.
    package var isRunning: Bool { termination == nil }

    /// Waits until the child ends, or `timeout` seconds pass (nil: no limit).
    /// - Returns: how it ended, or nil when the time ran out first.
    @discardableResult
    package func wait(timeout: Double? = nil) -> Termination? {
        let deadline = timeout.map { Date().addingTimeInterval($0) }
        var pause = 0.0005
        while true {
            if let t = termination { return t }
            let left = deadline.map { $0.timeIntervalSinceNow } ?? .infinity
            if left <= 0 { return nil }
            if exitWatch >= 0 {
                var fd = pollfd(fd: exitWatch, events: Int16(POLLIN), revents: 0)
                _ = poll(&fd, 1, left.isFinite ? Int32(min(left * 1000, 1000).rounded(.up)) : 1000)
            } else {
                // No pidfd on this kernel: look again, less and less often.
                usleep(UInt32(min(pause, max(left, 0)) * 1_000_000))
                pause = min(pause * 2, 0.02)
            }
        }
    }

    /// Sends `signal` to the child (nothing once it has ended and been waited for).
    package func send(_ signal: Int32) {
        lock.lock()
        defer { lock.unlock() }
        if ended == nil { _ = Glibc.kill(pid, signal) }
    }

    /// Kills the child (SIGKILL) and waits for it to end.
    package func kill() {
        send(SIGKILL)
        wait()
    }

    /// Runs `executable` to the end and returns how it ended with what it printed (by default output and error
    /// together; `error: .null` or `.inherit` leaves error out).
    /// - Parameter timeout: seconds after which the child is killed (nil: no limit); it then ends `.signalled(9)`.
    package static func run(
        _ executable: String, _ arguments: [String] = [], environment: [String: String]? = nil,
        directory: String? = nil, error: Stream = .output, timeout: Double? = nil
    )
        throws(ChildProcessError) -> (termination: Termination, output: String)
    {
        let child = try ChildProcess(
            executable: executable, arguments: arguments, environment: environment,
            directory: directory, output: .pipe, error: error)
        let deadline = timeout.map { Date().addingTimeInterval($0) }
        var collected = Data()
        let fd = child.output!.fileDescriptor
        var buffer = [UInt8](repeating: 0, count: 65536)
        reading: while true {
            let left = deadline.map { $0.timeIntervalSinceNow } ?? .infinity
            if left <= 0 {
                child.kill()
                break
            }
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, left.isFinite ? Int32(min(left * 1000, 1000).rounded(.up)) : 1000) > 0
            else { continue }
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            switch n {
            case 0: break reading
            case ..<0 where errno == EINTR || errno == EAGAIN: continue
            case ..<0: break reading
            default: collected.append(contentsOf: buffer[0..<n])
            }
        }
        let left = deadline.map { max(0, $0.timeIntervalSinceNow) }
        guard let termination = child.wait(timeout: left) else {
            child.kill()
            return (.signalled(SIGKILL), String(decoding: collected, as: UTF8.self))
        }
        return (termination, String(decoding: collected, as: UTF8.self))
    }
}

/// Why a child process could not be started.
package enum ChildProcessError: Error, Sendable, CustomStringConvertible {
    /// posix_spawn failed (no such file, not executable, out of processes).
    case cannotStart(executable: String, reason: String)

    package var description: String {
        switch self {
        case .cannotStart(let executable, let reason): "cannot start \(executable): \(reason)"
        }
    }
}
