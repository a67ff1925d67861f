import Foundation
import HMFCore

/// What the last run of a notebook did, kept next to its documents (`build/Notebooks/NAME.run.json`) so that
/// `hmfbook list` and `hmfbook check` can answer without executing anything.
package struct RunRecord: Codable, Sendable, Equatable {
    /// A figure file written by the run, with the SHA-256 of its content when it was written.
    package typealias FigureFile = FreezeStamp.FileDigest

    /// Notebook path relative to the project root.
    package var notebook: String
    /// "ok" or "failed".
    package var status: String
    /// The first failure, `file:line: kind: message`, when the run failed.
    package var failure: String?
    /// ISO 8601 start time.
    package var startedAt: String
    /// Wall time of the run in seconds.
    package var seconds: Double
    /// The run's freeze key: the notebook's code, parameters, inputs, numerics version and library build.
    package var sourceStamp: String
    /// Figures written by `fig.save`.
    package var figures: [FigureFile]

    /// Path of the record for a notebook whose documents go to `outputDirectory`.
    package static func path(forNotebook notebook: String, outputDirectory: String) -> String {
        let stem = ((notebook as NSString).lastPathComponent as NSString).deletingPathExtension
        return "\(outputDirectory)/\(stem).run.json"
    }

    /// Reads a record; nil when absent or unreadable.
    package static func read(_ path: String) -> RunRecord? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(RunRecord.self, from: data)
    }

    /// The record of `result`; `root` makes figure paths relative.
    package static func make(
        _ result: RunResult, notebook: String, sourceStamp: String, root: String
    ) -> RunRecord {
        let failure = result.failure?.summary
        var figures: [FigureFile] = []
        for file in result.cells.flatMap(\.figureFiles) {
            let absolute = file.hasPrefix("/") ? file : "\(root)/\(file)"
            guard let data = FileManager.default.contents(atPath: absolute) else { continue }
            figures.append(
                FigureFile(path: relative(absolute, to: root), sha256: ContentHasher.hex(data)))
        }
        return RunRecord(
            notebook: notebook, status: result.succeeded ? "ok" : "failed", failure: failure,
            startedAt: result.startedAt, seconds: result.totalSeconds, sourceStamp: sourceStamp,
            figures: figures)
    }

    /// `path` relative to `root` when inside it (standardised), otherwise unchanged.
    static func relative(_ path: String, to root: String) -> String {
        let p = URL(fileURLWithPath: path).standardizedFileURL.path
        let r = URL(fileURLWithPath: root).standardizedFileURL.path
        return p.hasPrefix(r + "/") ? String(p.dropFirst(r.count + 1)) : p
    }

    /// JSON text with sorted keys.
    package func encoded() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
            + "\n"
    }
}
