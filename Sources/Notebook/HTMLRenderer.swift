import Foundation
import HMFCore

/// Writes the executed notebook as one self-contained HTML page (inline CSS, images as base64, no scripts):
/// a header with the run time, parameters and engine version; a banner linking to the failing cell when the
/// run failed and one listing warnings (unknown figure references, inline expressions that threw); a table of
/// contents from the prose headings; prose rendered with Ink with inline values and figure references in
/// place; highlighted code; outputs, tables and numbered figures. The layout works on phones and follows the
/// reader's light or dark preference.
///
/// Everything that varies between runs of an unchanged notebook (start time, wall times) is inside
/// `<span class="timing">...</span>`; the rest of the page is identical from run to run.
package enum HTMLRenderer {
    /// The page for `result`; `numericsVersion` goes into the header.
    package static func render(_ result: RunResult, numericsVersion: String) -> String {
        let doc = result.document
        let title = doc.frontMatter.title ?? (doc.path as NSString).lastPathComponent
        // A leading "# Heading" of the notebook becomes the header's title, so that the title shows once.
        var blocks = doc.blocks
        var heading = title
        if case .prose(let first) = blocks.first {
            var lines = first.split(separator: "\n", omittingEmptySubsequences: false)
            if let i = lines.firstIndex(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            ), lines[i].hasPrefix("# ") {
                heading = String(lines[i].dropFirst(2)).trimmingCharacters(in: .whitespaces)
                lines.remove(at: i)
                blocks[0] = .prose(lines.joined(separator: "\n"))
            }
        }
        let numbers = doc.figureNumbers
        let reserved = Set(numbers.keys).union((0..<doc.cells.count).map { "cell-\($0 + 1)" })
            .union(["contents"])
        var prose = HTMLProse(result, reservedIDs: reserved)
        var body: [String] = []
        var cellIndex = 0
        for block in blocks {
            switch block {
            case .prose(let text):
                body.append(prose.html(text))
            case .cell(let cell):
                let r =
                    cellIndex < result.cells.count
                    ? result.cells[cellIndex] : CellResult(index: cellIndex)
                cellIndex += 1
                body.append(HTMLCell(cell, r, run: result, figureNumbers: numbers).html)
            }
        }
        let toc = contents(prose.headings)
        let notes = result.notes.map {
            "<div class=\"banner warnings\" role=\"status\">\(escape($0))</div>"
        }
        let main =
            [
                header(result, heading: heading, numericsVersion: numericsVersion),
                failureBanner(result),
                warningsBanner(result),
            ] + notes + [toc.inline] + body
        return page(
            title: title, aside: toc.side, main: main.filter { !$0.isEmpty }.joined(separator: "\n")
        )
    }

    /// A page for a notebook that could not be run at all (it does not parse, the toolchain is missing):
    /// the same look, with `message` in an error banner.
    package static func errorPage(notebook: String, message: String) -> String {
        let main =
            "<header><h1>\(escape((notebook as NSString).lastPathComponent))</h1><p class=\"meta\">\(escape(notebook))</p></header>\n"
            + "<div class=\"banner err\" role=\"alert\"><strong>The notebook could not be run</strong><pre class=\"stderr\">\(escape(message))</pre></div>"
        return page(
            title: "Error: \((notebook as NSString).lastPathComponent)", aside: "", main: main)
    }

    static func page(title: String, aside: String, main: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>\(HTMLStyle.css)</style></head>
        <body><div class="layout">
        \(aside)<main>
        \(main)
        </main></div></body></html>

        """
    }

    static func header(_ result: RunResult, heading: String, numericsVersion: String) -> String {
        var out =
            "<header><h1>\(escape(heading))</h1><p class=\"meta\">Run <span class=\"timing\">\(escape(result.startedAt)) · \(String(format: "%.2f", result.totalSeconds)) s</span> · engine <code>\(escape(numericsVersion))</code> · \(result.cells.filter { $0.status == .ok }.count)/\(result.cells.count) cells ok</p>"
        if !result.parameters.isEmpty {
            out +=
                "<div class=\"table-wrap\"><table class=\"params\"><thead><tr><th>parameter</th><th>value</th></tr></thead><tbody>"
                + result.parameters.map {
                    "<tr><td><code>\(escape($0.name))</code></td><td><code>\(escape($0.value.description))</code></td></tr>"
                }.joined() + "</tbody></table></div>"
        }
        return out + "</header>"
    }

    /// The run's failure at the top of the page, linking to its cell.
    static func failureBanner(_ result: RunResult) -> String {
        guard let f = result.failure else { return "" }
        return
            "<div class=\"banner err\" role=\"alert\"><strong>\(escape(f.heading))</strong> at <code>\(escape(f.location))</code>: \(escape(f.message))"
            + " <a href=\"#cell-\(f.cell + 1)\">Go to cell \(f.cell + 1) ↓</a></div>"
    }

    /// Unknown figure references and inline expressions that threw.
    static func warningsBanner(_ result: RunResult) -> String {
        let doc = result.document
        var items = doc.unresolvedReferences.map { r in
            "<li><code>\(escape(doc.path)):\(r.line)</code>: unknown figure reference <code>@\(escape(r.label))</code> (no cell has <code>//| label: \(escape(r.label))</code>)</li>"
        }
        let values = result.inlineValues
        for e in doc.inlineExpressions {
            if case .error(let message)? = values[e.index] {
                items.append(
                    "<li><code>\(escape(doc.path)):\(e.line)</code>: inline <code>\(escape(e.code))</code> threw: \(escape(message))</li>"
                )
            }
        }
        guard !items.isEmpty else { return "" }
        return
            "<div class=\"banner warnings\"><strong>Warnings</strong><ul>\(items.joined())</ul></div>"
    }

    /// The table of contents (level 2 and 3 headings): a sidebar and a collapsible block, one shown by width.
    static func contents(_ headings: [HTMLProse.Heading]) -> (side: String, inline: String) {
        let shown = headings.filter { $0.level == 2 || $0.level == 3 }
        guard shown.count >= 2 else { return ("", "") }
        let list =
            "<ul>"
            + shown.map { "<li class=\"l\($0.level)\"><a href=\"#\($0.id)\">\($0.text)</a></li>" }
            .joined() + "</ul>"
        return (
            "<aside class=\"toc-side\"><nav class=\"toc\" aria-label=\"Contents\"><p class=\"toc-title\">Contents</p>\(list)</nav></aside>\n",
            "<details class=\"toc-inline toc\" id=\"contents\"><summary>Contents</summary>\(list)</details>"
        )
    }

    static func escape(_ s: String) -> String { HTMLText.escape(s) }
}
