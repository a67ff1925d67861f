import Foundation
import HMFCore

/// Verifies, without executing anything, that every figure a notebook declares and every figure the paper
/// includes exists and is up to date with the notebook that writes it (`hmfbook check`).
///
/// A notebook declares the figures it publishes with `fig.publish("name")` (string literals in its cells) and those
/// its last run recorded in `build/Notebooks/NAME.run.json`. A figure is up to date when the notebook's
/// source stamp (notebook, default parameters, inputs, engine version) equals the recorded one, the last run
/// succeeded, and the file still has the checksum recorded when it was written.
public struct ProjectCheck {
    /// One stale or missing figure.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        /// The figure (or notebook) path, relative to the project root.
        public var path: String
        /// Why, and what to run.
        public var reason: String
        public var description: String { "\(path): \(reason)" }
    }

    /// What a check found.
    public struct Report: Sendable {
        /// Figures checked (declared by notebooks or included by the paper).
        public var figures: [String] = []
        public var problems: [Problem] = []
        /// Figures the paper includes that no notebook writes (reported, not an error).
        public var unowned: [String] = []
    }

    public var root: String
    public var notebooksDirectory = ProjectLayout.notebooksDirectory
    public var outputDirectory = ProjectLayout.outputDirectory
    public var paperDirectory = ProjectLayout.paperDirectory

    public init(root: String) { self.root = root }

    /// Notebook paths (relative to the root) under the notebooks folder, sorted.
    public func notebooks() -> [String] {
        let dir = "\(root)/\(notebooksDirectory)"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.filter { $0.hasSuffix(".md") }.sorted().map { "\(notebooksDirectory)/\($0)" }
    }

    /// Runs the check.
    public func run() -> Report {
        var report = Report()
        var owner: [String: (notebook: String, stale: String?)] = [:]
        for nb in notebooks() {
            let figures = declaredFigures(nb, &report)
            let staleness = notebookStaleness(nb)
            for (path, recordedHash) in figures.sorted(by: { $0.key < $1.key }) {
                report.figures.append(path)
                var reason: String?
                if !exists(path) {
                    reason = "missing; run `hmfbook run \(nb)`"
                } else if let s = staleness {
                    reason = "stale: \(s); run `hmfbook run \(nb)`"
                } else if let recordedHash {
                    if let d = FileManager.default.contents(atPath: absolute(path)), ContentHasher.hex(d) != recordedHash {
                        reason = "changed since \(nb) wrote it; run `hmfbook run --force \(nb)`"
                    }
                } else {
                    reason = "declared by \(nb) but not written by its last run"
                }
                if let reason { report.problems.append(Problem(path: path, reason: reason)) }
                owner[path] = (nb, reason)
            }
        }
        for (tex, line, path) in paperFigures() {
            let candidates = (path as NSString).pathExtension.isEmpty ? [".pdf", ".png", ".jpg", ".eps"].map { path + $0 } : [path]
            let resolved = candidates.flatMap { ["\(paperDirectory)/\($0)", $0] }.map(normalise).first(where: exists)
            guard let found = resolved else {
                report.problems.append(Problem(path: path, reason: "included at \(tex):\(line) but missing"))
                continue
            }
            if !report.figures.contains(found) { report.figures.append(found) }
            if let o = owner[found] {
                if let r = o.stale { report.problems.append(Problem(path: found, reason: "included at \(tex):\(line): \(r)")) }
            } else if !report.unowned.contains(found) {
                report.unowned.append(found)
            }
        }
        return report
    }

    /// Figures of notebook `nb`: path -> checksum recorded by the last run (nil when only declared in source).
    func declaredFigures(_ nb: String, _ report: inout Report) -> [String: String?] {
        var out: [String: String?] = [:]
        let stem = ((nb as NSString).lastPathComponent as NSString).deletingPathExtension
        if let text = try? String(contentsOfFile: absolute(nb), encoding: .utf8),
           let doc = try? MarkdownParser.parse(text, path: nb) {
            let folder = doc.frontMatter.figures ?? "figures/\(stem)"
            for cell in doc.cells {
                for name in Self.publishedNames(cell.source) {
                    let base = normalise(name.hasPrefix("/") ? name : "\(folder)/\(name)")
                    let ext = (name as NSString).pathExtension.lowercased()
                    for p in ["pdf", "png", "svg"].contains(ext) ? [base] : [base + ".pdf", base + ".png"] { out[p] = .some(nil) }
                }
            }
        }
        if let record = RunRecord.read(RunRecord.path(forNotebook: nb, outputDirectory: "\(root)/\(outputDirectory)")) {
            for f in record.figures { out[f.path] = .some(f.sha256) }
        }
        return out
    }

    /// Why `nb`'s outputs are stale (nil when up to date).
    public func notebookStaleness(_ nb: String) -> String? {
        guard let record = RunRecord.read(RunRecord.path(forNotebook: nb, outputDirectory: "\(root)/\(outputDirectory)")) else {
            return "\(nb) has never run"
        }
        guard record.status == "ok" else { return "the last run of \(nb) failed" }
        guard let data = FileManager.default.contents(atPath: absolute(nb)),
              let doc = try? MarkdownParser.parse(String(decoding: data, as: UTF8.self), path: nb) else {
            return "\(nb) cannot be read or parsed"
        }
        let stamp = NotebookRunner.sourceStamp(data, parameters: doc.frontMatter.parameters, frontMatter: doc.frontMatter, root: root)
        return stamp == record.sourceStamp ? nil : "\(nb) (or its parameters, inputs or the engine version) changed since its last run"
    }

    /// `(file, line, path)` for every `\includegraphics[...]{path}` in paper/*.tex.
    func paperFigures() -> [(String, Int, String)] {
        let dir = "\(root)/\(paperDirectory)"
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".tex") }.sorted()
        var out: [(String, Int, String)] = []
        for f in files {
            guard let text = try? String(contentsOfFile: "\(dir)/\(f)", encoding: .utf8) else { continue }
            for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let code = line.split(separator: "%", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
                for path in Self.includes(code) { out.append(("\(paperDirectory)/\(f)", i + 1, path)) }
            }
        }
        return out
    }

    /// Paths in `\includegraphics{...}` / `\includegraphics[opts]{...}` on one line.
    static func includes(_ line: String) -> [String] {
        var out: [String] = []
        var rest = Substring(line)
        while let r = rest.range(of: "\\includegraphics") {
            rest = rest[r.upperBound...]
            if rest.first == "[", let close = rest.firstIndex(of: "]") { rest = rest[rest.index(after: close)...] }
            guard rest.first == "{", let close = rest.firstIndex(of: "}") else { continue }
            out.append(String(rest[rest.index(after: rest.startIndex)..<close]).trimmingCharacters(in: .whitespaces))
            rest = rest[close...]
        }
        return out
    }

    /// String literals passed to `.publish("...")` in a cell.
    static func publishedNames(_ source: String) -> [String] {
        var out: [String] = []
        var rest = Substring(source)
        while let r = rest.range(of: ".publish(\"") {
            rest = rest[r.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { break }
            let name = String(rest[..<end])
            if !name.contains("\\(") && !name.isEmpty { out.append(name) }
            rest = rest[end...]
        }
        return out
    }

    private func absolute(_ p: String) -> String { p.hasPrefix("/") ? p : "\(root)/\(p)" }
    private func exists(_ p: String) -> Bool { FileManager.default.fileExists(atPath: absolute(p)) }
    private func normalise(_ p: String) -> String { RunRecord.relative(absolute(p), to: root) }
}
