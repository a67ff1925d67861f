import Foundation

/// Writes the executed notebook as Markdown: prose with its inline values and figure numbers in place, each
/// cell's code (unless `echo: false`; in a `<details>` block with `code-fold`) followed by its output, tables
/// as pipe tables, figures as image links relative to the output file (with "Figure N: caption" for labelled
/// cells), and a failure shown at its cell.
package enum MarkdownRenderer {
    /// The document text; `outputDirectory` is where the file will live (image links are relative to it).
    package static func render(_ result: RunResult, outputDirectory: String) -> String {
        var out: [String] = []
        var cellIndex = 0
        var prose = ProseSubstitution(result)
        let numbers = result.document.figureNumbers
        for block in result.document.blocks {
            switch block {
            case .prose(let text):
                out.append(prose.markdown(text))
            case .cell(let cell):
                let r =
                    cellIndex < result.cells.count
                    ? result.cells[cellIndex] : CellResult(index: cellIndex)
                cellIndex += 1
                if cell.options.echo {
                    let code = ["```swift", cell.source, "```"]
                    if cell.options.codeFold == .none {
                        out += code
                    } else {
                        out +=
                            [
                                "<details\(cell.options.codeFold == .shown ? " open" : "")><summary>Code</summary>",
                                "",
                            ] + code + ["", "</details>"]
                    }
                }
                out += outputLines(
                    r, cell: cell, result: result, outputDirectory: outputDirectory,
                    numbers: numbers)
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func outputLines(
        _ r: CellResult, cell: Cell, result: RunResult, outputDirectory: String,
        numbers: [String: Int]
    ) -> [String] {
        var out: [String] = []
        let caption = FigureCaption(cell.options, numbers: numbers)
        if cell.options.output {
            if !r.stdout.isEmpty { out += ["", fenced(r.stdout, info: "text")] }
            for o in r.outputs {
                switch o {
                case .text(let t), .value(let t): out += ["", fenced(t, info: "text")]
                case .table(let t): out += ["", t.markdown]
                case .image(let path, let name):
                    let link = relativePath(path, from: outputDirectory)
                    out += ["", "![\(caption?.text ?? name ?? "figure")](\(link))"]
                case .warning(let w): out += ["", "> **Warning:** \(w)"]
                case .error(let e): out += ["", "> **Error (allowed):** \(e)"]
                }
            }
            if let caption,
                r.outputs.contains(where: {
                    if case .image = $0 { return true } else { return false }
                })
            {
                out += ["", "*\(caption.text)*"]
            }
            if !r.stderr.isEmpty, !isFailure(r) { out += ["", fenced(r.stderr, info: "stderr")] }
        }
        if let f = result.failure(of: r.index) {
            out += [
                "",
                "> **\(f.heading)** at `\(f.location)`: \(f.message.replacingOccurrences(of: "\n", with: " "))",
            ]
            if !r.stderr.isEmpty { out += ["", fenced(r.stderr, info: "stderr")] }
        } else if r.status == .notRun, result.firstFailure != nil {
            out += ["", "> *Not run: an earlier cell failed.*"]
        }
        return out
    }

    private static func isFailure(_ r: CellResult) -> Bool {
        if case .failed = r.status { return true }
        return false
    }

    /// A fenced block long enough that the content cannot close it.
    static func fenced(_ text: String, info: String) -> String {
        let body = text.hasSuffix("\n") ? String(text.dropLast()) : text
        var longest = 0
        var run = 0
        for c in body {
            if c == "`" {
                run += 1
                longest = max(longest, run)
            } else {
                run = 0
            }
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return "\(fence)\(info)\n\(body)\n\(fence)"
    }

    /// `path` relative to `directory` (both relative to the current directory or absolute).
    static func relativePath(_ path: String, from directory: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        func parts(_ p: String) -> [String] {
            let abs = p.hasPrefix("/") ? p : cwd + "/" + p
            return URL(fileURLWithPath: abs).standardizedFileURL.pathComponents.filter { $0 != "/" }
        }
        let a = parts(path)
        let b = parts(directory)
        var common = 0
        while common < min(a.count, b.count), a[common] == b[common] { common += 1 }
        return (Array(repeating: "..", count: b.count - common) + a[common...]).joined(
            separator: "/")
    }
}
