import HMFCore
import Foundation
import Ink

/// Writes the executed notebook as one self-contained HTML page: prose rendered with Ink, code and outputs
/// styled, images inlined as base64, a header with the run time, parameters and engine version.
///
/// Everything that varies between runs of an unchanged notebook (start time, wall times) is inside
/// `<span class="timing">...</span>`; the rest of the page is identical from run to run.
public enum HTMLRenderer {
    /// The page for `result`; `numericsVersion` goes into the header.
    public static func render(_ result: RunResult, numericsVersion: String) -> String {
        let parser = MarkdownParser_Ink()
        var body: [String] = []
        let doc = result.document
        let title = doc.frontMatter.title ?? (doc.path as NSString).lastPathComponent
        // A leading "# Heading" of the notebook becomes the header's title, so that the title shows once.
        var blocks = doc.blocks
        var heading = title
        if case .prose(let first) = blocks.first {
            var lines = first.split(separator: "\n", omittingEmptySubsequences: false)
            if let i = lines.firstIndex(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }), lines[i].hasPrefix("# ") {
                heading = String(lines[i].dropFirst(2)).trimmingCharacters(in: .whitespaces)
                lines.remove(at: i)
                blocks[0] = .prose(lines.joined(separator: "\n"))
            }
        }
        body.append("<header><h1>\(escape(heading))</h1><p class=\"meta\">Run <span class=\"timing\">\(escape(result.startedAt)) · \(String(format: "%.2f", result.totalSeconds)) s</span> · engine <code>\(escape(numericsVersion))</code> · \(result.cells.filter { $0.status == .ok }.count)/\(result.cells.count) cells ok</p>")
        if !result.parameters.isEmpty {
            body.append("<table class=\"params\"><tr><th>parameter</th><th>value</th></tr>" + result.parameters.map {
                "<tr><td><code>\(escape($0.name))</code></td><td><code>\(escape($0.value.description))</code></td></tr>"
            }.joined() + "</table>")
        }
        body.append("</header>")
        var cellIndex = 0
        for block in blocks {
            switch block {
            case .prose(let text):
                body.append(parser.html(from: text))
            case .cell(let cell):
                let r = cellIndex < result.cells.count ? result.cells[cellIndex] : CellResult(index: cellIndex)
                cellIndex += 1
                body.append(cellHTML(cell, r, result: result))
            }
        }
        return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>\(escape(title))</title>
        <style>\(style)</style></head>
        <body><main>
        \(body.joined(separator: "\n"))
        </main></body></html>

        """
    }

    static func cellHTML(_ cell: Cell, _ r: CellResult, result: RunResult) -> String {
        var parts: [String] = ["<section class=\"cell\" id=\"cell-\(r.index + 1)\">"]
        if cell.options.echo {
            let time = r.seconds.map { String(format: "%.2f s", $0) } ?? ""
            parts.append("<div class=\"cell-head\">[\(r.index + 1)] <span class=\"timing\">\(time)</span></div><pre class=\"code\"><code class=\"language-swift\">\(escape(cell.source))</code></pre>")
        }
        if cell.options.output {
            if !r.stdout.isEmpty { parts.append("<pre class=\"out\">\(escape(r.stdout))</pre>") }
            for o in r.outputs {
                switch o {
                case .text(let t): parts.append("<pre class=\"out\">\(escape(t))</pre>")
                case .image(let path, let caption):
                    if let data = FileManager.default.contents(atPath: path) {
                        parts.append("<figure><img alt=\"\(escape(caption ?? "figure"))\" src=\"data:image/png;base64,\(data.base64EncodedString())\"><figcaption>\(escape(caption ?? ""))</figcaption></figure>")
                    } else {
                        parts.append("<p class=\"warn\">missing image \(escape(path))</p>")
                    }
                case .warning(let w): parts.append("<p class=\"warn\">Warning: \(escape(w))</p>")
                case .error(let e): parts.append("<p class=\"err\">Error (allowed): \(escape(e))</p>")
                }
            }
            if !r.stderr.isEmpty { parts.append("<pre class=\"stderr\">\(escape(r.stderr))</pre>") }
        }
        if let f = result.failure(of: r.index) {
            parts.append("<div class=\"err\"><strong>\(escape(f.heading))</strong> at <code>\(escape(f.location))</code>: \(escape(f.message))</div>")
        } else if r.status == .notRun, result.firstFailure != nil {
            parts.append("<p class=\"notrun\">Not run: an earlier cell failed.</p>")
        }
        parts.append("</section>")
        return parts.joined(separator: "\n")
    }

    static func escape(_ s: String) -> String { HTMLText.escape(s) }

    static let style = """
    body{font-family:Georgia,serif;background:#fafafa;color:#222;margin:0}
    main{max-width:56rem;margin:0 auto;padding:1rem 2rem;background:#fff}
    header{border-bottom:1px solid #ddd;margin-bottom:1rem}.meta{color:#666;font-size:.9rem}
    table.params{border-collapse:collapse;font-size:.9rem}table.params td,table.params th{border:1px solid #ddd;padding:.2rem .5rem}
    pre{padding:.6rem .8rem;overflow-x:auto;font-size:.85rem;border-radius:4px;white-space:pre-wrap;overflow-wrap:anywhere}
    pre.code{background:#f4f6fa;border-left:3px solid #4a6fa5}pre.out{background:#fff;border:1px solid #e4e4e4}
    pre.stderr{background:#fff8e6;border:1px solid #f0d9a0}
    .cell{margin:1rem 0}.cell-head{font-family:monospace;color:#888;font-size:.8rem}.cell-head span{float:right}
    .err{background:#fdecea;border-left:3px solid #c0392b;padding:.5rem .8rem}.warn{color:#a66b00}.notrun{color:#888;font-style:italic}
    figure{margin:.5rem 0}img{max-width:100%;width:44rem}figcaption{color:#666;font-size:.8rem}
    """
}

/// Ink's parser under a name that does not clash with this module's `MarkdownParser`.
typealias MarkdownParser_Ink = Ink.MarkdownParser
