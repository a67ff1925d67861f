import ArgumentParser
import Foundation
import Fuzzing
import Spawn

/// `hmfbook-fuzz`: runs each parser on generated inputs and prints what it did with them. Each target runs in a
/// worker process; when an input crashes or hangs the worker, the input is kept as `crash-INDEX` or
/// `hang-INDEX` in the scratch folder and a new worker goes on after it. Exits 1 when any input got a wrong
/// result, crashed or hung.
@main
struct FuzzCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hmfbook-fuzz",
        abstract:
            "Runs hmfbook's parsers on generated inputs: each must get a typed error or a correct result."
    )

    static let fileTargets = ["notebook", "parameter", "npy", "npz", "hdf5", "model", "csv"]

    @Option(name: .customLong("target"), help: "Parsers to fuzz (default: all but request).")
    var targets: [String] = Self.fileTargets

    @Option(help: "Inputs per parser.")
    var count = 10_000

    @Option(help: "The first input's index (to make one input again: --from INDEX --count 1).")
    var from = 0

    @Option(help: "The campaign's seed.")
    var seed: UInt64 = 1

    @Option(help: "Port of a running `hmfbook preview`, for the request target.")
    var previewPort: Int?

    @Option(
        help:
            "Folder for seeds, the current input and kept crashes (default: a new temporary folder)."
    )
    var scratch: String?

    @Option(help: "Seconds one input may take before it counts as a hang.")
    var hangLimit = 20.0

    @Option(
        help: "Run the (single) target on this file only: an input a crash or a hang left behind.")
    var replay: String?

    @Flag(help: .hidden)
    var worker = false

    func run() throws {
        let folder =
            scratch.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent(
                "hmfbook-fuzz-\(getpid())")
        if let replay {
            guard targets.count == 1, let name = targets.first else {
                throw ValidationError("--replay needs exactly one --target")
            }
            let input = [UInt8](try Data(contentsOf: URL(fileURLWithPath: replay)))
            emit(
                "\(name) on \(replay): \(try resolve(name).run(input, URL(fileURLWithPath: replay)))"
            )
            return
        }
        if worker {
            let target = try resolve(targets[0])
            let campaign = FuzzCampaign(
                target: target, seed: seed, scratch: folder, hangLimit: hangLimit)
            _ = try campaign.run(from: from, count: count, checkpoint: checkpoint(folder))
            return
        }
        emit(
            "target     inputs  accepted  rejected (by kind)                          slowest  peak MiB  seconds"
        )
        var failed = false
        for name in targets {
            _ = try resolve(name)
            let report = try campaign(name, folder: folder.appendingPathComponent(name))
            let kinds = report.rejected.sorted { $0.value > $1.value }.map {
                "\($0.key) \($0.value)"
            }
            .joined(separator: ", ")
            emit(
                name.padding(toLength: 10, withPad: " ", startingAt: 0),
                String(
                    format: "%6d  %8d  %-42@ %6.0f ms %8.0f %8.1f", report.inputs, report.accepted,
                    kinds as NSString, report.slowest * 1000, report.peakMemoryMiB, report.seconds))
            for (index, finding) in report.findings.sorted(by: { $0.key < $1.key }) {
                emit("  wrong result: \(name) input \(index) (seed \(seed)): \(finding)")
            }
            for (index, crash) in report.crashes.sorted(by: { $0.key < $1.key }) {
                emit("  \(crash): \(name) input \(index) (seed \(seed))")
            }
            failed = failed || !report.findings.isEmpty || !report.crashes.isEmpty
        }
        if failed { throw ExitCode(1) }
    }

    /// Runs one target's inputs in worker processes, starting a new worker after each crash or hang.
    private func campaign(_ name: String, folder: URL) throws -> FuzzCampaign.Report {
        var report = FuzzCampaign.Report(target: name)
        var next = from
        let end = from + count
        while next < end {
            try? FileManager.default.removeItem(at: checkpoint(folder))
            var arguments = [
                "--worker", "--target", name, "--from", "\(next)", "--count", "\(end - next)",
                "--seed",
                "\(seed)", "--scratch", folder.path, "--hang-limit", "\(hangLimit)",
            ]
            if let previewPort { arguments += ["--preview-port", "\(previewPort)"] }
            // A crash is recorded here; the runtime's backtrace of it would only bury the table.
            var environment = ProcessInfo.processInfo.environment
            environment["SWIFT_BACKTRACE"] = "enable=no"
            let (termination, output) = try ChildProcess.run(
                CommandLine.arguments[0], arguments, environment: environment, error: .inherit)
            let done = (try? Data(contentsOf: checkpoint(folder))).flatMap {
                try? JSONDecoder().decode(FuzzCampaign.Report.self, from: $0)
            }
            if let done { report.add(done) }
            if termination.succeeded { break }
            guard let done else {
                throw ValidationError(
                    "the \(name) worker ended (\(termination)) before its first input: \(output)")
            }
            // The worker stopped on input `next + done.inputs`: keep it and go on after it.
            let index = next + done.inputs
            let kind = termination == .exited(3) ? "hang" : "crash"
            let target = try resolve(name)
            let input = folder.appendingPathComponent(target.fileName)
            let kept = folder.appendingPathComponent("\(kind)-\(index)-" + target.fileName)
            try? FileManager.default.removeItem(at: kept)
            try? FileManager.default.copyItem(at: input, to: kept)
            report.crashes[index] = "\(kind) (\(termination)), kept as \(kept.path)"
            report.inputs += 1
            next = index + 1
        }
        return report
    }

    private func checkpoint(_ folder: URL) -> URL { folder.appendingPathComponent("report.json") }

    /// Writes a line at once (the table is read while a long campaign runs).
    private func emit(_ items: String...) {
        FileHandle.standardOutput.write(Data((items.joined(separator: " ") + "\n").utf8))
    }

    private func resolve(_ name: String) throws -> FuzzTarget {
        let fixed: [FuzzTarget] = [.notebook, .parameter, .npy, .npz, .hdf5, .model, .csv]
        if let target = fixed.first(where: { $0.name == name }) { return target }
        if name == "request" {
            guard let previewPort else {
                throw ValidationError("the request target needs --preview-port")
            }
            return .request(port: previewPort)
        }
        throw ValidationError(
            "unknown target \(name); known: \((fixed.map(\.name) + ["request"]).joined(separator: ", "))"
        )
    }
}
