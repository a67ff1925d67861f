import Foundation
import Spawn
import Testing

@Suite struct ChildProcessTests {
    @Test func statusOutputAndSignals() throws {
        let (ok, out) = try ChildProcess.run("/bin/sh", ["-c", "echo out; echo err >&2; exit 0"])
        #expect(ok == .exited(0) && ok.succeeded)
        #expect(out == "out\nerr\n")
        let (failed, onlyOut) = try ChildProcess.run(
            "/bin/sh", ["-c", "echo out; echo err >&2; exit 3"], error: .null)
        #expect(failed == .exited(3) && failed.status == 3 && onlyOut == "out\n")
        let killed = try ChildProcess.run("/bin/sh", ["-c", "kill -TERM $$"]).termination
        #expect(killed == .signalled(SIGTERM) && killed.status == 128 + SIGTERM)
    }

    @Test func environmentAndDirectory() throws {
        let dir = FileManager.default.temporaryDirectory.resolvingSymlinksInPath().path
        let (t, out) = try ChildProcess.run(
            "/bin/sh", ["-c", "echo $GREETING; pwd"], environment: ["GREETING": "hello"],
            directory: dir)
        #expect(t.succeeded)
        #expect(out == "hello\n\(dir)\n")
    }

    @Test func aMissingExecutableIsATypedError() {
        #expect(throws: ChildProcessError.self) { try ChildProcess.run("/no/such/tool") }
    }

    @Test func timeoutKillsTheChild() throws {
        let t0 = Date()
        let (t, out) = try ChildProcess.run(
            "/bin/sh", ["-c", "echo started; exec sleep 30"], timeout: 0.5)
        #expect(t == .signalled(SIGKILL))
        #expect(out == "started\n")
        #expect(Date().timeIntervalSince(t0) < 10)
    }

    @Test func pipesBothWaysAndWaitWithATimeLimit() throws {
        let cat = try ChildProcess(executable: "/bin/cat", input: .pipe, output: .pipe)
        #expect(cat.wait(timeout: 0.05) == nil && cat.isRunning)
        try cat.input?.write(contentsOf: Data("round trip\n".utf8))
        try cat.input?.close()
        #expect(try cat.output?.readToEnd() == Data("round trip\n".utf8))
        #expect(cat.wait(timeout: 10) == .exited(0))
        #expect(!cat.isRunning)
    }

    /// The child holds no descriptor of the parent but its three streams, not even one the parent opened
    /// without close-on-exec.
    @Test func theChildInheritsOnlyItsStreams() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)  // plain pipe(2): no close-on-exec
        defer {
            close(fds[0])
            close(fds[1])
        }
        let (t, out) = try ChildProcess.run("/bin/sh", ["-c", "ls /proc/$$/fd"], error: .null)
        #expect(t.succeeded)
        let open = Set(out.split(separator: "\n").compactMap { Int32($0) })
        #expect(
            !open.contains(fds[0]) && !open.contains(fds[1]), "the child holds \(open.sorted())")
        // sh opens a descriptor of its own for `ls`'s pipe at most; nothing from the parent.
        #expect(open.isSubset(of: [0, 1, 2, 3, 10, 255]), "the child holds \(open.sorted())")
    }

    /// A short child's wait does not last as long as a long-lived child started at the same moment from
    /// another thread. With Foundation's `Process`, the long child could inherit the short one's pipe and
    /// exit-watch socket, and the short one's wait then lasted until the long one ended: this is what hung the
    /// test suite. Here every short run must end well before the long children (30 s) do.
    @Test func aLongLivedChildStartedMeanwhileDoesNotHoldAShortOneOpen() throws {
        let stop = Flag()
        let done = DispatchSemaphore(value: 0)
        let spawner = Thread {
            var long: [ChildProcess] = []
            while !stop.isSet {
                if let c = try? ChildProcess(
                    executable: "/bin/sleep", arguments: ["30"], output: .null)
                {
                    long.append(c)
                }
                usleep(1000)
            }
            for c in long { c.kill() }
            done.signal()
        }
        spawner.start()
        var slowest = 0.0
        for _ in 0..<150 {
            let t0 = Date()
            let (t, out) = try ChildProcess.run("/bin/echo", ["short"])
            slowest = max(slowest, Date().timeIntervalSince(t0))
            #expect(t.succeeded && out == "short\n")
        }
        stop.set()
        done.wait()
        #expect(slowest < 10, "a short run waited \(slowest) s for a long-lived child")
    }
}

private final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
    func set() {
        lock.lock()
        value = true
        lock.unlock()
    }
}
