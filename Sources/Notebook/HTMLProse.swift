import Foundation
import HMFCore
import Ink

/// Prose to HTML: inline values and figure references substituted, the Markdown rendered by Ink, and an id
/// on every heading (collected for the table of contents).
///
/// Computed parts are replaced by placeholders before Ink sees the text and by their HTML afterwards, so that
/// values are escaped exactly once and never read as Markdown. Blocks must be given in document order.
struct HTMLProse {
    /// A heading of the prose, for the table of contents.
    struct Heading: Equatable {
        var level: Int
        var id: String
        /// The heading's text, HTML-escaped, without markup.
        var text: String
    }

    private let parser = Ink.MarkdownParser()
    private let values: [Int: CellResult.InlineValue]
    private let expressions: [InlineExpression]
    private let figureNumbers: [String: Int]
    /// The notebook line and message of a compile error, to mark the expression it is in.
    private let compileError: (line: Int, message: String)?
    private var nextExpression = 0
    private var usedIDs: Set<String>
    private(set) var headings: [Heading] = []

    init(_ result: RunResult, reservedIDs: Set<String>) {
        values = result.inlineValues
        expressions = result.document.inlineExpressions
        figureNumbers = result.document.figureNumbers
        if let f = result.failure, f.kind == .compile, let line = f.line {
            compileError = (line, f.message)
        } else {
            compileError = nil
        }
        usedIDs = reservedIDs
    }

    /// The HTML of one prose block.
    mutating func html(_ prose: String) -> String {
        var markdown = ""
        var pieces: [String] = []
        for segment in ProseScanner.segments(prose) {
            switch segment {
            case .text(let t):
                markdown += t
            case .inline(let code, _, _):
                markdown += Self.placeholder(pieces.count)
                pieces.append(inlineHTML(code))
                nextExpression += 1
            case .reference(let label, _):
                markdown += Self.placeholder(pieces.count)
                if let n = figureNumbers[label] {
                    pieces.append(
                        "<a class=\"xref\" href=\"#\(HTMLText.escape(label))\">Figure \(n)</a>")
                } else {
                    pieces.append(
                        "<span class=\"xref-missing\" title=\"no cell has label: \(HTMLText.escape(label))\">?@\(HTMLText.escape(label))</span>"
                    )
                }
            }
        }
        var html = parser.html(from: markdown)
        for (n, piece) in pieces.enumerated() {
            html = html.replacingOccurrences(of: Self.placeholder(n), with: piece)
        }
        return addHeadingIDs(html)
    }

    private static func placeholder(_ n: Int) -> String { "\u{E000}\(n)\u{E001}" }

    /// The value in place, or the expression marked as failed or not evaluated.
    private func inlineHTML(_ code: String) -> String {
        let expr = HTMLText.escape(code)
        switch values[nextExpression] {
        case .value(let v)?:
            return "<span class=\"inline-value\" title=\"\(expr)\">\(HTMLText.escape(v))</span>"
        case .error(let e)?:
            return "<code class=\"inline-error\" title=\"\(HTMLText.escape(e))\">\(expr)</code>"
        case nil:
            let line = nextExpression < expressions.count ? expressions[nextExpression].line : nil
            if let c = compileError, c.line == line {
                return
                    "<code class=\"inline-error\" title=\"compile error: \(HTMLText.escape(c.message))\">\(expr)</code>"
            }
            return
                "<code class=\"inline-missing\" title=\"not evaluated: the run stopped before it\">\(expr)</code>"
        }
    }

    /// Gives every `<hN>` an id from its text (unique in the page) and records it.
    private mutating func addHeadingIDs(_ html: String) -> String {
        // invariant: a constant, valid pattern
        guard
            let regex = try? NSRegularExpression(
                pattern: "<h([1-6])>(.*?)</h\\1>", options: [.dotMatchesLineSeparators])
        else { return html }
        let ns = html as NSString
        var out = ""
        var last = 0
        for m in regex.matches(in: html, range: NSRange(location: 0, length: ns.length)) {
            let level = Int(ns.substring(with: m.range(at: 1))) ?? 2
            let inner = ns.substring(with: m.range(at: 2))
            let text = Self.plainText(inner)
            let id = uniqueID(Self.slug(text))
            headings.append(Heading(level: level, id: id, text: text))
            out += ns.substring(with: NSRange(location: last, length: m.range.location - last))
            out +=
                "<h\(level) id=\"\(id)\"><a class=\"anchor\" href=\"#\(id)\" aria-hidden=\"true\">#</a>\(inner)</h\(level)>"
            last = m.range.location + m.range.length
        }
        out += ns.substring(from: last)
        return out
    }

    private mutating func uniqueID(_ base: String) -> String {
        var id = base
        var n = 2
        while usedIDs.contains(id) {
            id = "\(base)-\(n)"
            n += 1
        }
        usedIDs.insert(id)
        return id
    }

    /// Heading HTML without tags (still escaped).
    static func plainText(_ html: String) -> String {
        html.replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression)
            .trimmingCharacters(in: .whitespaces)
    }

    /// "Test-set scores (K = 4)" -> "test-set-scores-k-4".
    static func slug(_ escapedText: String) -> String {
        let text = escapedText.replacingOccurrences(
            of: "&[a-z]+;|&#[0-9]+;", with: " ", options: .regularExpression)
        var out = ""
        for c in text.lowercased() {
            if c.isLetter || c.isNumber {
                out.append(c)
            } else if c == "-" || c == "_" || c == " ", out.last != "-", !out.isEmpty {
                out.append("-")
            }
        }
        while out.last == "-" { out.removeLast() }
        return out.isEmpty ? "section" : out
    }
}
