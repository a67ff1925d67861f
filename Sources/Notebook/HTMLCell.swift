import Foundation
import HMFCore

/// One cell of the HTML page: its highlighted code (folded with `code-fold`), then its outputs: printed text,
/// displayed values and tables, figures (one numbered `<figure id="fig-...">` for a labelled cell), warnings,
/// and its failure.
struct HTMLCell {
    let cell: Cell
    let result: CellResult
    let run: RunResult
    let caption: FigureCaption?

    init(_ cell: Cell, _ result: CellResult, run: RunResult, figureNumbers: [String: Int]) {
        self.cell = cell
        self.result = result
        self.run = run
        caption = FigureCaption(cell.options, numbers: figureNumbers)
    }

    var html: String {
        let failed = run.failure(of: result.index) != nil
        var parts: [String] = [
            "<section class=\"cell\(failed ? " failed" : "")\" id=\"cell-\(result.index + 1)\">"
        ]
        if cell.options.echo { parts.append(codeHTML) }
        if cell.options.output { parts += outputsHTML }
        if let f = run.failure(of: result.index) {
            parts.append(
                "<div class=\"err\" role=\"alert\"><strong>\(escape(f.heading))</strong> at <code>\(escape(f.location))</code>: \(escape(f.message))</div>"
            )
            if !cell.options.output, !result.stderr.isEmpty {
                parts.append("<pre class=\"stderr\">\(escape(result.stderr))</pre>")
            }
        } else if result.status == .notRun, run.firstFailure != nil {
            parts.append("<p class=\"notrun\">Not run: an earlier cell failed.</p>")
        }
        parts.append("</section>")
        return parts.joined(separator: "\n")
    }

    private var codeHTML: String {
        let code =
            "<pre class=\"code\"><code class=\"language-swift\">\(SwiftHighlighter.html(cell.source))</code></pre>"
        let head =
            "<span class=\"cell-no\">[\(result.index + 1)]</span>\(dependenciesHTML)<span class=\"timing\">\(executionText)</span>"
        switch cell.options.codeFold {
        case .none:
            return "<div class=\"cell-head\">\(head)</div>\(code)"
        case .folded, .shown:
            let open = cell.options.codeFold == .shown ? " open" : ""
            return
                "<details class=\"fold\"\(open)><summary class=\"cell-head\"><span class=\"fold-label\">Code</span>\(head)</summary>\(code)</details>"
        }
    }

    /// The cells this one depends on, as links ("uses [1] [3]").
    private var dependenciesHTML: String {
        guard !result.dependencies.isEmpty else {
            return "<span class=\"deps\">uses no other cell</span>"
        }
        let links = result.dependencies.map { "<a href=\"#cell-\($0 + 1)\">[\($0 + 1)]</a>" }
            .joined(separator: " ")
        return "<span class=\"deps\">uses \(links)</span>"
    }

    /// Whether this run ran the cell or kept its earlier result, and its time.
    private var executionText: String {
        let time = result.seconds.map { String(format: "%.2f s", $0) } ?? ""
        switch result.execution {
        case .ran: return time.isEmpty ? "" : "ran \(time)"
        case .reused: return "kept" + (time.isEmpty ? "" : " (ran \(time))")
        case .restored: return "ran again to restore values" + (time.isEmpty ? "" : " \(time)")
        }
    }

    private var outputsHTML: [String] {
        var parts: [String] = []
        if !result.stdout.isEmpty {
            parts.append("<pre class=\"out\">\(escape(result.stdout))</pre>")
        }
        let images = result.outputs.compactMap { o -> (String, String?)? in
            if case .image(let path, let name) = o { return (path, name) } else { return nil }
        }
        var figureShown = false
        for o in result.outputs {
            switch o {
            case .text(let t), .value(let t): parts.append("<pre class=\"out\">\(escape(t))</pre>")
            case .table(let t): parts.append("<div class=\"table-wrap\">\(t.html)</div>")
            case .image(let path, let name):
                if let caption {
                    if !figureShown { parts.append(figureHTML(images, caption: caption)) }
                    figureShown = true
                } else {
                    parts.append(
                        "<figure>\(imageHTML(path, alt: name ?? "figure"))"
                            + (name.map {
                                "<figcaption class=\"fig-name\">\(escape($0))</figcaption>"
                            } ?? "") + "</figure>")
                }
            case .warning(let w): parts.append("<p class=\"warn\">Warning: \(escape(w))</p>")
            case .error(let e): parts.append("<p class=\"err\">Error (allowed): \(escape(e))</p>")
            }
        }
        if let caption, !figureShown, caption.label != nil {
            // Keep the anchor that references link to, and say why there is no image.
            let note =
                result.status == .ok ? "<p class=\"warn\">This cell showed no figure.</p>" : ""
            parts.append(
                "<figure class=\"no-image\"\(idAttribute(caption))>\(note)\(captionHTML(caption))</figure>"
            )
        }
        if !result.stderr.isEmpty {
            parts.append("<pre class=\"stderr\">\(escape(result.stderr))</pre>")
        }
        return parts
    }

    private func figureHTML(_ images: [(String, String?)], caption: FigureCaption) -> String {
        let imgs = images.map { imageHTML($0.0, alt: caption.text) }.joined()
        return "<figure\(idAttribute(caption))>\(imgs)\(captionHTML(caption))</figure>"
    }

    private func idAttribute(_ caption: FigureCaption) -> String {
        caption.label.map { " id=\"\(escape($0))\"" } ?? ""
    }

    private func captionHTML(_ caption: FigureCaption) -> String {
        switch (caption.prefix, caption.caption) {
        case (let p?, let c?):
            return
                "<figcaption><span class=\"fig-num\">\(escape(p)):</span> \(escape(c))</figcaption>"
        case (let p?, nil):
            return "<figcaption><span class=\"fig-num\">\(escape(p))</span></figcaption>"
        case (nil, let c?): return "<figcaption>\(escape(c))</figcaption>"
        case (nil, nil): return ""
        }
    }

    /// The PNG inlined as base64, or a note when the file is gone.
    private func imageHTML(_ path: String, alt: String) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            return "<p class=\"warn\">missing image \(escape(path))</p>"
        }
        return
            "<img alt=\"\(escape(alt))\" src=\"data:image/png;base64,\(data.base64EncodedString())\">"
    }

    private func escape(_ s: String) -> String { HTMLText.escape(s) }
}
