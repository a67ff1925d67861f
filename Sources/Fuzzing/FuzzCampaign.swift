import Foundation

/// Runs one target on `count` generated inputs and tallies what happened. A watchdog thread stops the process
/// (status 3) when one input runs longer than `hangLimit` seconds; a crash stops it too. Either way the input
/// it was on is left in the scratch folder, and the report saved before each input (`checkpoint`) says how
/// many inputs were done, so a parent process can record the crash and go on after it (`hmfbook-fuzz` does).
package struct FuzzCampaign: Sendable {
    package let target: FuzzTarget
    package let seed: UInt64
    package let scratch: URL
    package let hangLimit: Double

    package init(target: FuzzTarget, seed: UInt64, scratch: URL, hangLimit: Double = 20) {
        self.target = target
        self.seed = seed
        self.scratch = scratch
        self.hangLimit = hangLimit
    }

    /// What a campaign saw.
    package struct Report: Sendable, Codable {
        package var target: String
        package var inputs = 0
        package var accepted = 0
        /// Rejections by the kind of error.
        package var rejected: [String: Int] = [:]
        /// Inputs with a wrong result, by index.
        package var findings: [Int: String] = [:]
        /// Inputs that crashed or hung the process, by index (filled in by the parent process).
        package var crashes: [Int: String] = [:]
        /// The slowest input, in seconds.
        package var slowest = 0.0
        package var seconds = 0.0
        /// The process's peak resident memory at the end, in MiB.
        package var peakMemoryMiB = 0.0

        package init(target: String) { self.target = target }

        /// Adds the tallies of a later part of the same campaign.
        package mutating func add(_ other: Report) {
            inputs += other.inputs
            accepted += other.accepted
            rejected.merge(other.rejected, uniquingKeysWith: +)
            findings.merge(other.findings) { a, _ in a }
            crashes.merge(other.crashes) { a, _ in a }
            slowest = max(slowest, other.slowest)
            seconds += other.seconds
            peakMemoryMiB = max(peakMemoryMiB, other.peakMemoryMiB)
        }
    }

    /// Runs inputs `from ..< from + count`; with a `checkpoint`, the report so far is saved there before each
    /// input.
    package func run(from: Int = 0, count: Int, checkpoint: URL? = nil) throws -> Report {
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let mutator = Mutator(seeds: try target.makeSeeds(scratch), tokens: target.tokens)
        let file = scratch.appendingPathComponent(target.fileName)
        let watch = Watchdog(limit: hangLimit, target: target.name, seed: seed, file: file.path)
        defer { watch.stop() }
        var report = Report(target: target.name)
        let started = Date()
        for index in from..<(from + count) {
            if let checkpoint {
                try JSONEncoder().encode(report.finished(since: started)).write(to: checkpoint)
            }
            let input = mutator.input(index, seed: seed)
            FileManager.default.createFile(atPath: file.path, contents: Data(input))
            let t0 = Date()
            watch.begin(index)
            do {
                switch try target.run(input, file) {
                case .accepted: report.accepted += 1
                case .rejected(let kind): report.rejected[kind, default: 0] += 1
                }
            } catch {
                report.findings[index] = "\(error)"
            }
            watch.end()
            report.slowest = max(report.slowest, Date().timeIntervalSince(t0))
            report.inputs += 1
        }
        let finished = report.finished(since: started)
        if let checkpoint { try JSONEncoder().encode(finished).write(to: checkpoint) }
        return finished
    }
}

extension FuzzCampaign.Report {
    /// The report with its time and the process's peak memory filled in.
    fileprivate func finished(since start: Date) -> Self {
        var report = self
        report.seconds = Date().timeIntervalSince(start)
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        report.peakMemoryMiB = Double(usage.ru_maxrss) / 1024
        return report
    }
}

/// Stops the process when the current input has run for longer than `limit` seconds.
private final class Watchdog: @unchecked Sendable {
    private let lock = NSLock()
    private var current: (index: Int, since: Date)?
    private var running = true

    init(limit: Double, target: String, seed: UInt64, file: String) {
        Thread.detachNewThread { [self] in
            while lock.withLock({ running }) {
                Thread.sleep(forTimeInterval: 0.25)
                guard let (index, since) = lock.withLock({ current }),
                    Date().timeIntervalSince(since) > limit
                else { continue }
                let line =
                    "fuzz: \(target) input \(index) (seed \(seed)) has run for over \(limit) s: "
                    + "a hang; the input is \(file)\n"
                FileHandle.standardError.write(Data(line.utf8))
                _exit(3)
            }
        }
    }

    func begin(_ index: Int) { lock.withLock { current = (index, Date()) } }
    func end() { lock.withLock { current = nil } }
    func stop() { lock.withLock { running = false } }
}
