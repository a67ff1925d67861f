import Foundation

/// An `mpirun` of the built `hmfbook-mpi`, with its output captured in files and a time limit.
struct MPIJob {
    let status: Int32
    let stdout: String
    let stderr: String
    /// Whether the job was killed at the time limit.
    let timedOut: Bool

    /// The `hmfbook-mpi` built beside this test bundle.
    static var tool: String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
        return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("hmfbook-mpi").path
    }

    /// Starts `mpirun -np processes hmfbook-mpi arguments...` in `directory`; `whileRunning` is called with
    /// mpirun's process once it has started.
    static func run(processes: Int, _ arguments: [String], in directory: String, timeout: Double = 300,
                    whileRunning: ((Process) -> Void)? = nil) throws -> MPIJob {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["mpirun", "--oversubscribe", "-np", "\(processes)", tool] + arguments
        p.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment
        if getuid() == 0 { env["OMPI_ALLOW_RUN_AS_ROOT"] = "1"; env["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1" }
        p.environment = env
        let id = UUID().uuidString
        let out = "\(directory)/mpirun-\(id).out", err = "\(directory)/mpirun-\(id).err"
        FileManager.default.createFile(atPath: out, contents: nil)
        FileManager.default.createFile(atPath: err, contents: nil)
        p.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        p.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
        try p.run()
        whileRunning?(p)
        let deadline = Date().addingTimeInterval(timeout)
        while p.isRunning, Date() < deadline { usleep(50_000) }
        let timedOut = p.isRunning
        if timedOut { kill(-p.processIdentifier, SIGKILL); p.terminate() }
        p.waitUntilExit()
        defer { try? FileManager.default.removeItem(atPath: out); try? FileManager.default.removeItem(atPath: err) }
        return MPIJob(status: p.terminationStatus, stdout: (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOfFile: err, encoding: .utf8)) ?? "", timedOut: timedOut)
    }

    /// The processes mpirun started (its children).
    static func ranks(of mpirun: Process) -> [pid_t] {
        let children = (try? String(contentsOfFile: "/proc/\(mpirun.processIdentifier)/task/\(mpirun.processIdentifier)/children",
                                    encoding: .utf8)) ?? ""
        return children.split(separator: " ").compactMap { pid_t($0) }
    }
}
