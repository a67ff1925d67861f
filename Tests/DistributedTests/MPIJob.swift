import Foundation
import Spawn

/// An `mpirun` of the built `hmfbook-mpi`, with its output captured in files and a time limit.
struct MPIJob {
    let status: Int32
    let stdout: String
    let stderr: String
    /// Whether the job was killed at the time limit.
    let timedOut: Bool

    /// The `hmfbook-mpi` built beside this test bundle.
    static var tool: String {
        let exe =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
        return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent(
            "hmfbook-mpi"
        ).path
    }

    /// Starts `mpirun -np processes hmfbook-mpi arguments...` in `directory`; `whileRunning` is called with
    /// mpirun's process once it has started.
    static func run(
        processes: Int, _ arguments: [String], in directory: String, timeout: Double = 300,
        whileRunning: ((ChildProcess) -> Void)? = nil
    ) throws -> MPIJob {
        var env = ProcessInfo.processInfo.environment
        if getuid() == 0 {
            env["OMPI_ALLOW_RUN_AS_ROOT"] = "1"
            env["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1"
        }
        let id = UUID().uuidString
        let out = "\(directory)/mpirun-\(id).out"
        let err = "\(directory)/mpirun-\(id).err"
        _ = FileManager.default.createFile(atPath: out, contents: nil)
        _ = FileManager.default.createFile(atPath: err, contents: nil)
        let outHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        let errHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
        // In a process group of its own, so that a time-out kills mpirun and its ranks together.
        let p = try ChildProcess(
            executable: "/usr/bin/env",
            arguments: ["mpirun", "--oversubscribe", "-np", "\(processes)", tool] + arguments,
            environment: env, directory: directory, output: .descriptor(outHandle.fileDescriptor),
            error: .descriptor(errHandle.fileDescriptor), newProcessGroup: true)
        try? outHandle.close()
        try? errHandle.close()
        whileRunning?(p)
        let timedOut = p.wait(timeout: timeout) == nil
        if timedOut { kill(-p.pid, SIGKILL) }
        let status = p.wait()?.status ?? -1
        defer {
            try? FileManager.default.removeItem(atPath: out)
            try? FileManager.default.removeItem(atPath: err)
        }
        return MPIJob(
            status: status, stdout: (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: err, encoding: .utf8)) ?? "", timedOut: timedOut)
    }

    /// The processes mpirun started (its children).
    static func ranks(of mpirun: ChildProcess) -> [pid_t] {
        let children =
            (try? String(
                contentsOfFile: "/proc/\(mpirun.pid)/task/\(mpirun.pid)/children",
                encoding: .utf8)) ?? ""
        return children.split(separator: " ").compactMap { pid_t($0) }
    }
}
