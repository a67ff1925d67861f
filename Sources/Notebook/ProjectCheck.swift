import Foundation
import HMFCore
import NotebookProtocol

/// Verifies, without executing anything, that every figure and value file a notebook publishes and every one
/// the paper includes exists and is current (`hmfbook check`). It works on a fresh clone: the evidence is the
/// freeze stamp committed beside each figure set (`figures/NAME/freeze.json`, see `FreezeStamp`).
///
/// A file is current when the notebook that writes it has a stamp whose source (code, default parameters,
/// input digests, numerics version) equals the notebook's source now, the stamp lists the file, and the file
/// still has the digest recorded when it was written. A notebook also declares the figures it publishes with
/// `fig.publish("name")` (string literals in its cells): those must be listed too.
package struct ProjectCheck {
    /// One stale or missing file.
    package struct Problem: Sendable, Equatable, CustomStringConvertible {
        /// The file (or notebook) path, relative to the project root.
        package var path: String
        /// Why, and what to run.
        package var reason: String
        package var description: String { "\(path): \(reason)" }
    }

    /// What a check found.
    package struct Report: Sendable {
        /// Files checked (published by notebooks or included by the paper).
        package var figures: [String] = []
        package var problems: [Problem] = []
    }

    package var root: String
    package var notebooksDirectory = ProjectLayout.notebooksDirectory
    package var outputDirectory = ProjectLayout.outputDirectory
    package var paperDirectory = ProjectLayout.paperDirectory
    /// The versions of the kit notebooks run against now.
    package var versions: KitVersions

    package init(root: String, versions: KitVersions) {
        self.root = root
        self.versions = versions
    }

    /// Notebook paths (relative to the root) under the notebooks folder, sorted.
    package func notebooks() -> [String] {
        let dir = "\(root)/\(notebooksDirectory)"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.filter { $0.hasSuffix(".md") }.sorted().map { "\(notebooksDirectory)/\($0)" }
    }

    /// Runs the check.
    package func run() -> Report {
        var report = Report()
        var owner: [String: (notebook: String, stale: String?)] = [:]
        for nb in notebooks() {
            let (files, staleness) = publishedFiles(nb)
            for (path, recordedHash) in files.sorted(by: { $0.key < $1.key }) {
                report.figures.append(path)
                var reason: String?
                if !exists(path) {
                    reason = "missing; run `hmfbook run \(nb)`"
                } else if let s = staleness {
                    reason = "stale: \(s); run `hmfbook run \(nb)`"
                } else if let recordedHash {
                    if let d = FileManager.default.contents(atPath: absolute(path)),
                        ContentHasher.hex(d) != recordedHash
                    {
                        reason = "changed since \(nb) wrote it; run `hmfbook run --force \(nb)`"
                    }
                } else {
                    reason =
                        "published by \(nb) but not written by the run its freeze stamp records; run `hmfbook run --force \(nb)`"
                }
                if let reason { report.problems.append(Problem(path: path, reason: reason)) }
                owner[path] = (nb, reason)
            }
        }
        for (tex, line, path, kind) in paperIncludes() {
            let extensions = kind == .graphics ? [".pdf", ".png", ".jpg", ".eps"] : [".tex"]
            let candidates =
                (path as NSString).pathExtension.isEmpty ? extensions.map { path + $0 } : [path]
            let resolved = candidates.flatMap { ["\(paperDirectory)/\($0)", $0] }.map(normalise)
                .first(where: exists)
            guard let found = resolved else {
                report.problems.append(
                    Problem(path: path, reason: "included at \(tex):\(line) but missing"))
                continue
            }
            if !report.figures.contains(found) { report.figures.append(found) }
            if let o = owner[found] {
                if let r = o.stale {
                    report.problems.append(
                        Problem(path: found, reason: "included at \(tex):\(line): \(r)"))
                }
            } else if kind == .graphics || found.hasPrefix(ProjectLayout.figuresDirectory + "/") {
                // The paper's figures and values come from notebooks only: anything else is an error.
                let reason =
                    found.hasPrefix(ProjectLayout.figuresDirectory + "/")
                    ? "included at \(tex):\(line) but written by no notebook (its freeze stamp does not list it)"
                    : "included at \(tex):\(line) from outside \(ProjectLayout.figuresDirectory)/; the paper uses only notebook outputs"
                report.problems.append(Problem(path: found, reason: reason))
            }
        }
        return report
    }

    /// The files notebook `nb` publishes (path -> digest recorded in its stamp, nil when only declared in its
    /// source), and why its stamp is stale (nil when current).
    func publishedFiles(_ nb: String) -> (files: [String: String?], staleness: String?) {
        var out: [String: String?] = [:]
        let stem = ((nb as NSString).lastPathComponent as NSString).deletingPathExtension
        guard let text = try? String(contentsOfFile: absolute(nb), encoding: .utf8),
            let doc = try? MarkdownParser.parse(text, path: nb)
        else { return ([:], "\(nb) cannot be read or parsed") }
        let folder = doc.frontMatter.figures ?? "\(ProjectLayout.figuresDirectory)/\(stem)"
        for cell in doc.cells {
            for name in Self.publishedNames(cell.source) {
                let base = normalise("\(folder)/\(name)")
                let ext = (name as NSString).pathExtension.lowercased()
                for p in ["pdf", "png", "svg"].contains(ext)
                    ? [base] : [base + ".pdf", base + ".png"]
                { out[p] = .some(nil) }
            }
        }
        guard let stamp = FreezeStamp.read(absolute(FreezeStamp.path(inFolder: folder))) else {
            return (out, out.isEmpty ? nil : "\(nb) has no freeze stamp in \(folder)")
        }
        for f in stamp.outputs { out[f.path] = .some(f.sha256) }
        guard let parameters = try? doc.frontMatter.resolve(overrides: [:]) else {
            return (out, "\(nb) has invalid parameters")
        }
        return (
            out,
            stamp.staleness(
                against: FreezeStamp.source(
                    of: doc, parameters: parameters, root: root, versions: versions))
        )
    }

    /// Why `nb`'s published outputs are stale (nil when current).
    package func notebookStaleness(_ nb: String) -> String? { publishedFiles(nb).staleness }

    /// What a paper line includes.
    enum IncludeKind { case graphics, input }

    /// `(file, line, path, kind)` for every `\includegraphics[...]{path}` and `\input{path}` in paper/*.tex.
    func paperIncludes() -> [(String, Int, String, IncludeKind)] {
        let dir = "\(root)/\(paperDirectory)"
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter {
            $0.hasSuffix(".tex")
        }.sorted()
        var out: [(String, Int, String, IncludeKind)] = []
        for f in files {
            guard let text = try? String(contentsOfFile: "\(dir)/\(f)", encoding: .utf8) else {
                continue
            }
            for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false)
                .enumerated()
            {
                let code =
                    line.split(separator: "%", maxSplits: 1, omittingEmptySubsequences: false).first
                    .map(String.init) ?? ""
                for path in Self.includes(code) {
                    out.append(("\(paperDirectory)/\(f)", i + 1, path, .graphics))
                }
                for path in Self.includes(code, command: "\\input") {
                    out.append(("\(paperDirectory)/\(f)", i + 1, path, .input))
                }
            }
        }
        return out
    }

    /// Paths in `\includegraphics{...}` / `\includegraphics[opts]{...}` (or another `command`) on one line.
    static func includes(_ line: String, command: String = "\\includegraphics") -> [String] {
        var out: [String] = []
        var rest = Substring(line)
        while let r = rest.range(of: command) {
            rest = rest[r.upperBound...]
            if rest.first == "[", let close = rest.firstIndex(of: "]") {
                rest = rest[rest.index(after: close)...]
            }
            guard rest.first == "{", let close = rest.firstIndex(of: "}") else { continue }
            out.append(
                String(rest[rest.index(after: rest.startIndex)..<close]).trimmingCharacters(
                    in: .whitespaces))
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
