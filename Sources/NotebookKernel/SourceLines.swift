import Foundation
import Notebook

/// Maps lines of a unit's `#sourceLocation` file (named after its module) back to notebook lines.
enum SourceLines {
    /// The notebook line of line `line` of `unit`'s code: for a cell, counted from the cell's first line; for
    /// inline expressions, the prose line of expression number `line`.
    static func notebookLine(_ line: Int, of unit: NotebookUnit) -> Int? {
        switch unit.kind {
        case .cell(let cell): return cell.firstLine + max(0, line - 1)
        case .inline(let expressions):
            return expressions.indices.contains(line - 1) ? expressions[line - 1].line : nil
        }
    }
}

/// What the Swift runtime's JSON backtrace says about a crash.
struct CrashReport {
    var line: Int?
    var description: String?

    /// Reads the backtrace at `path`; the first frame in a cell's code gives the line (`notebookLine` maps a
    /// frame's file and line, or says nil for files that are not cells).
    static func read(_ path: String, notebookLine: (String, Int) -> Int?) -> CrashReport {
        guard let data = FileManager.default.contents(atPath: path),
            let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return CrashReport() }
        var report = CrashReport(description: json["description"] as? String)
        let threads = json["threads"] as? [[String: Any]] ?? []
        let crashed = threads.first { ($0["crashed"] as? Bool) == true } ?? threads.first
        for frame in crashed?["frames"] as? [[String: Any]] ?? [] {
            if let loc = frame["sourceLocation"] as? [String: Any],
                let file = loc["file"] as? String,
                let line = loc["line"] as? Int,
                let mapped = notebookLine((file as NSString).lastPathComponent, line)
            {
                report.line = mapped
                break
            }
        }
        return report
    }

    /// The runtime's "Fatal error: ..." message, without the Swift library's file prefix.
    static func message(fromStderr text: String) -> String? {
        guard let line = text.split(separator: "\n").last(where: { $0.contains("Fatal error") })
        else { return nil }
        guard let r = line.range(of: "Fatal error") else { return String(line) }
        return String(line[r.lowerBound...])
    }
}
