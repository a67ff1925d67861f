import Foundation
import HMFCore

/// Builds per-cell results from the event stream and the captured output files.
struct ResultAssembler {
    private(set) var cells: [CellResult]
    private let stdout: Data
    private let stderr: Data
    private var begins: [Int: (Int, Int)] = [:]
    private var ended: Set<Int> = []
    private var lastBegun: Int?

    init(cellCount: Int, stdout: Data, stderr: Data) {
        cells = (0..<cellCount).map { CellResult(index: $0) }
        self.stdout = stdout
        self.stderr = stderr
    }

    /// The cell that began but never ended (where the program stopped).
    var unfinishedCell: Int? {
        guard let c = lastBegun, !ended.contains(c) else { return nil }
        return c
    }

    mutating func apply(_ events: [NotebookEvent]) {
        for e in events where e.cell >= 0 && e.cell < cells.count {
            switch e.kind {
            case .cellBegin:
                begins[e.cell] = (e.stdout ?? 0, e.stderr ?? 0)
                lastBegun = e.cell
            case .cellEnd:
                ended.insert(e.cell)
                cells[e.cell].seconds = e.seconds
                if cells[e.cell].status == .notRun { cells[e.cell].status = .ok }
                capture(e.cell, endOut: e.stdout, endErr: e.stderr)
            case .display:
                if let image = e.image { cells[e.cell].outputs.append(.image(path: image, caption: nil)) }
                else if let table = e.table { cells[e.cell].outputs.append(.table(table)) }
                else if let text = e.text { cells[e.cell].outputs.append(.text(text)) }
            case .figure:
                if let image = e.image { cells[e.cell].outputs.append(.image(path: image, caption: e.text)) }
                cells[e.cell].figureFiles += e.files ?? []
            case .error:
                cells[e.cell].outputs.append(.error(e.text ?? "error"))
            case .warning:
                cells[e.cell].outputs.append(.warning(e.text ?? "warning"))
            case .cache:
                if e.text == "hit" { cells[e.cell].cacheHits += 1 } else { cells[e.cell].cacheMisses += 1 }
            case .inline, .inlineError:
                guard let index = e.key.flatMap({ Int($0) }) else { continue }
                cells[e.cell].inlineValues[index] = e.kind == .inline ? .value(e.text ?? "") : .error(e.text ?? "error")
            case .progress:
                break
            }
        }
        if let c = unfinishedCell { capture(c, endOut: nil, endErr: nil) }
    }

    mutating func fail(cell: Int, kind: CellResult.FailureKind, message: String, line: Int?) {
        guard cell >= 0 && cell < cells.count else { return }
        cells[cell].status = .failed(kind: kind, message: message, line: line)
    }

    private mutating func capture(_ cell: Int, endOut: Int?, endErr: Int?) {
        guard let (o, e) = begins[cell] else { return }
        cells[cell].stdout = Self.slice(stdout, from: o, to: endOut)
        cells[cell].stderr = Self.slice(stderr, from: e, to: endErr)
    }

    private static func slice(_ data: Data, from: Int, to: Int?) -> String {
        let end = min(to ?? data.count, data.count)
        guard from >= 0, from <= end else { return "" }
        return String(decoding: data[data.startIndex + from ..< data.startIndex + end], as: UTF8.self)
    }
}

/// What the Swift runtime's JSON backtrace says about a crash.
struct CrashReport {
    var line: Int?
    var description: String?

    /// The first frame in the notebook source gives the line.
    static func read(_ path: String, sourcePath: String) -> CrashReport {
        guard let data = FileManager.default.contents(atPath: path),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return CrashReport() }
        var report = CrashReport(description: json["description"] as? String)
        let threads = json["threads"] as? [[String: Any]] ?? []
        let crashed = threads.first { ($0["crashed"] as? Bool) == true } ?? threads.first
        for frame in crashed?["frames"] as? [[String: Any]] ?? [] {
            if let loc = frame["sourceLocation"] as? [String: Any], let file = loc["file"] as? String,
               file == sourcePath || file.hasSuffix("/" + sourcePath), let line = loc["line"] as? Int {
                report.line = line
                break
            }
        }
        return report
    }

    /// The runtime's "Fatal error: ..." message, without the Swift library's file prefix.
    static func message(fromStderr text: String) -> String? {
        guard let line = text.split(separator: "\n").last(where: { $0.contains("Fatal error") }) else { return nil }
        guard let r = line.range(of: "Fatal error") else { return String(line) }
        return String(line[r.lowerBound...])
    }
}
