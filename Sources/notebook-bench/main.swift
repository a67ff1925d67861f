// notebook-bench: the edit loop of the toy notebook, measured as a user lives it (make bench-notebook).
//
// In a scratch copy of the project it runs the notebook cold with `hmfbook run`, starts `hmfbook preview`, and
// makes three kinds of edit while the preview runs: a plotting cell (five times), a cheap analysis cell, and the
// grid's tolerance. For each it prints the seconds from save to the updated page, the cells that ran and kept,
// and the ratio to the cold run; then `hmfbook run` after one more plotting edit, with its store misses. The last
// line says which targets hold. Everything runs as whole processes, the way a user starts them.
import Foundation

struct Bench {
    let hmfbook: String
    let kit: String
    let work: String
    let notebook = "Notebooks/toy.md"

    var environment: [String: String] {
        ProcessInfo.processInfo.environment.merging(["HMFBOOK_KIT_DIR": kit]) { $1 }
    }

    /// Runs hmfbook with `args` in the scratch project; its output and wall time.
    func hmf(_ args: [String]) throws -> (output: String, seconds: Double) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: hmfbook)
        p.arguments = args
        p.currentDirectoryURL = URL(fileURLWithPath: work)
        p.environment = environment
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        let t0 = Date()
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (String(decoding: data, as: UTF8.self), Date().timeIntervalSince(t0))
    }

    var notebookPath: String { "\(work)/\(notebook)" }

    func edit(_ change: (String) -> String) throws {
        let text = try String(contentsOfFile: notebookPath, encoding: .utf8)
        let changed = change(text)
        guard changed != text else {
            throw BenchError(
                "the edit changed nothing: the notebook no longer has the line it edits")
        }
        try changed.write(toFile: notebookPath, atomically: true, encoding: .utf8)
    }

    /// The executed page's cells: how many ran (or ran again to restore values) and how many were kept.
    func pageCounts() -> (ran: Int, kept: Int, cellSeconds: Double) {
        let html =
            (try? String(contentsOfFile: "\(work)/build/Notebooks/toy.html", encoding: .utf8)) ?? ""
        var ran = 0
        var kept = 0
        var seconds = 0.0
        for match in html.matches(
            of: /class="timing">(ran|kept|ran again to restore values)[^<]*?([0-9.]+) s/)
        {
            if match.1 == "kept" {
                kept += 1
            } else {
                ran += 1
                seconds += Double(match.2) ?? 0
            }
        }
        return (ran, kept, seconds)
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// A running `hmfbook preview` and its page version.
final class Preview {
    let process = Process()
    let port: Int
    private let log = Pipe()
    private var logText = ""

    init(_ bench: Bench) throws {
        process.executableURL = URL(fileURLWithPath: bench.hmfbook)
        process.arguments = ["preview", bench.notebook, "--port", "0"]
        process.currentDirectoryURL = URL(fileURLWithPath: bench.work)
        process.environment = bench.environment
        process.standardOutput = log
        process.standardError = log
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        var port: Int?
        while port == nil, Date() < deadline {
            logText += String(decoding: log.fileHandleForReading.availableData, as: UTF8.self)
            port = logText.firstMatch(of: /127\.0\.0\.1:([0-9]+)\//).flatMap { Int($0.1) }
        }
        guard let port else { throw BenchError("the preview did not start: \(logText)") }
        self.port = port
    }

    /// The page version (`GET /version`), -1 when the server does not answer.
    func version() -> Int {
        let text = HTTP.get(port: port, path: "/version") ?? ""
        return Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    /// Waits until the page version passes `version`; the seconds waited.
    func wait(after version: Int, since start: Date, limit: Double = 1800) throws -> Double {
        while self.version() <= version {
            if Date().timeIntervalSince(start) > limit {
                throw BenchError("no new page within \(limit) s")
            }
            usleep(5_000)
        }
        return Date().timeIntervalSince(start)
    }

    func stop() {
        process.interrupt()
        process.waitUntilExit()
    }
}

/// A plain HTTP/1.0 GET on 127.0.0.1 (Foundation's URL loading is not dependable on Linux for this).
enum HTTP {
    static func get(port: Int, path: String) -> String? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { return nil }
        let request = Array("GET \(path) HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".utf8)
        guard write(fd, request, request.count) == request.count else { return nil }
        var response = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { break }
            response += buffer[0..<n]
        }
        let text = String(decoding: response, as: UTF8.self)
        return text.range(of: "\r\n\r\n").map { String(text[$0.upperBound...]) }
    }
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

func f(_ x: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", x) }

func main() throws {
    let root = FileManager.default.currentDirectoryPath
    let args = CommandLine.arguments
    let bench = Bench(
        hmfbook: args.count > 1 ? args[1] : "\(root)/.build/release/hmfbook",
        kit: args.count > 2 ? args[2] : "\(root)/.build/release",
        work: "\(root)/build/bench-notebook")
    try? FileManager.default.removeItem(atPath: bench.work)
    try FileManager.default.createDirectory(
        atPath: "\(bench.work)/Notebooks", withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: "\(root)/Notebooks/toy.md", toPath: bench.notebookPath)
    let coretype =
        ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"]
        ?? "unset (hmfbook measures and picks)"
    print("notebook-bench: \(bench.notebook) in \(bench.work); OPENBLAS_CORETYPE \(coretype)")

    // A value no earlier run used, so that every edit compiles a new module.
    let salt = Int(Date().timeIntervalSince1970) % 89 + 10
    let plotLine = /rows\[1\]\.plot\(nm, residual, color: \.black, lineWidth: [0-9.]+\)/
    func plottingEdit(_ k: Int) throws {
        try bench.edit {
            $0.replacing(
                plotLine,
                with: "rows[1].plot(nm, residual, color: .black, lineWidth: 1.\(salt)\(k))")
        }
    }

    let cold = try bench.hmf(["run", bench.notebook])
    // Every cell ran and none failed, however many cells the notebook has.
    guard cold.output.contains(/\b(\d+)\/\1 cells ok/) else {
        throw BenchError("the cold run failed:\n\(cold.output)")
    }
    let coldCells = bench.pageCounts()
    print(
        "cold run: \(f(cold.seconds, 1)) s; the cells themselves \(f(coldCells.cellSeconds, 1)) s "
            + "(the floor), so \(f(cold.seconds - coldCells.cellSeconds, 1)) s of compiling, starting and writing"
    )

    let preview = try Preview(bench)
    let warmStart = Date()
    _ = try preview.wait(after: 1, since: warmStart)
    print(
        "preview: first page and every cell's values loaded in \(f(Date().timeIntervalSince(warmStart), 1)) s"
    )

    var rows: [[String]] = []
    func timed(_ name: String, _ change: () throws -> Void) throws -> (
        seconds: Double, ran: Int, kept: Int
    ) {
        let v0 = preview.version()
        let t0 = Date()
        try change()
        let s = try preview.wait(after: v0, since: t0)
        let c = bench.pageCounts()
        rows.append([name, f(s), "\(c.ran)", "\(c.kept)", f(s / cold.seconds, 4)])
        usleep(300_000)
        return (s, c.ran, c.kept)
    }
    var plotting: [Double] = []
    for k in 1...5 {
        plotting.append(try timed("plotting cell, edit \(k)") { try plottingEdit(k) }.seconds)
    }
    let analysis = try timed("analysis cell") {
        try bench.edit {
            $0.replacingOccurrences(of: "(0.674 for a unit normal)", with: "(0.674 for N(0, 1))")
        }
    }
    let tolerance = try timed("grid tolerance 0.01 -> 0.02") {
        try bench.edit {
            $0.replacingOccurrences(of: "  tolerance: 0.01\n", with: "  tolerance: 0.02\n")
        }
    }
    preview.stop()

    try plottingEdit(6)
    let run = try bench.hmf(["run", bench.notebook])
    let misses = run.output.firstMatch(of: /([0-9]+) miss\(es\)/).flatMap { Int($0.1) } ?? -1
    rows.append([
        "hmfbook run after a plotting edit", f(run.seconds), "\(bench.pageCounts().ran)",
        "\(bench.pageCounts().kept)",
        f(run.seconds / cold.seconds, 4),
    ])

    print("")
    let header = ["edit", "seconds", "cells ran", "kept", "ratio to cold"]
    let widths = header.indices.map { i in ([header] + rows).map { $0[i].count }.max() ?? 0 }
    for row in [header] + rows {
        print(
            row.enumerated().map { i, c in
                i == 0
                    ? c.padding(toLength: widths[i], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[i] - c.count) + c
            }.joined(separator: "  "))
    }
    print("")
    let plotMedian = median(plotting)
    let graph = try bench.hmf(["graph", bench.notebook]).output
    let toleranceCells = graph.split(separator: "\n\n").filter {
        $0.contains("parameters") && $0.contains("tolerance")
    }.count
    var targets: [String] = []
    targets.append(
        "plotting edit in preview <= 1.0 s (median of 5): \(plotMedian <= 1.0 ? "holds" : "MISSED") (\(f(plotMedian)) s)"
    )
    targets.append(
        "hmfbook run after a plotting edit <= 3 s with 0 misses: "
            + "\(run.seconds <= 3 && misses == 0 ? "holds" : "MISSED") (\(f(run.seconds)) s, \(misses) misses)"
    )
    targets.append(
        "tolerance edit runs only the grid's dependents: \(tolerance.ran) of \(tolerance.ran + tolerance.kept) cells ran "
            + "(\(toleranceCells) use the tolerance; \(tolerance.kept) independent cells kept)")
    targets.append("analysis edit: \(analysis.ran) cells ran in \(f(analysis.seconds)) s")
    targets.append(
        "cold run \(f(cold.seconds, 1)) s = \(f(cold.seconds / max(coldCells.cellSeconds, 1e-9), 3)) x the cells' own time"
    )
    print("targets: " + targets.joined(separator: "; "))
}

do { try main() } catch {
    FileHandle.standardError.write(Data("notebook-bench: \(error)\n".utf8))
    exit(1)
}
