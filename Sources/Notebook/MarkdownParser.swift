import Foundation

/// Splits a notebook into front matter, prose and ```swift cells.
///
/// Rules (CommonMark's): a fence is three or more backticks or tildes indented by at most three spaces, or, in
/// a list item, by at most three spaces more than the item's content (so cells inside list items run); it
/// closes at a line of the same character, at least as long, and nothing else, and its content lines lose the
/// fence's indentation. Fences indented further (indented code) and fences in block quotes are prose.
/// Only fences whose info string starts with `swift` are cells; a ```swift fence inside a longer fence (e.g. a
/// ````markdown example) is prose. CRLF line endings are accepted. An unclosed fence is an error at its line.
package enum MarkdownParser {
    /// Parses `text`, the content of the notebook at `path`.
    /// - Throws: `NotebookError.syntax` with the line of the problem.
    package static func parse(_ text: String, path: String) throws(NotebookError)
        -> NotebookDocument
    {
        let lines = splitLines(text)
        var index = 0
        var frontMatter = FrontMatter()
        if lines.first.map(trimmedRight) == "---" {
            guard
                let end = lines.indices.dropFirst().first(where: {
                    ["---", "..."].contains(trimmedRight(lines[$0]))
                })
            else {
                throw .syntax(
                    file: path, line: 1,
                    message:
                        "front matter opened with --- is never closed; add a line with --- after it"
                )
            }
            frontMatter = try FrontMatter.parse(
                lines[1..<end].joined(separator: "\n"), file: path, firstLine: 2)
            frontMatter.lineCount = end + 1
            index = end + 1
        }
        var blocks: [NotebookDocument.Block] = []
        var prose: [String] = []
        var proseLine = index + 1
        var cellCount = 0
        var computed = ProseItems()
        func flushProse() throws(NotebookError) {
            if !prose.isEmpty {
                let text = prose.joined(separator: "\n")
                try computed.collect(
                    text, firstLine: proseLine, afterCell: cellCount > 0 ? cellCount - 1 : nil,
                    path: path)
                blocks.append(.prose(text))
            }
            prose.removeAll()
        }
        var listIndent: Int?  // content indentation of the list item the text is in
        while index < lines.count {
            let line = lines[index]
            listIndent = ListContext.update(listIndent, with: line)
            guard let fence = Fence(opening: line, maximumIndent: (listIndent ?? 0) + 3) else {
                if prose.isEmpty { proseLine = index + 1 }
                prose.append(line)
                index += 1
                continue
            }
            let openLine = index + 1
            guard
                let close = lines.indices.dropFirst(index + 1).first(where: {
                    fence.isClosed(by: lines[$0])
                })
            else {
                throw .syntax(
                    file: path, line: openLine,
                    message:
                        "code fence \(fence.marker) opened here is never closed; add a line with \(fence.marker)"
                )
            }
            if fence.isSwift {
                try flushProse()
                let body = lines[(index + 1)..<close].map { fence.removingIndent($0) }
                let (options, optionLines) = try parseOptions(
                    body, firstLine: openLine + 1, path: path)
                let code = body.dropFirst(optionLines)
                blocks.append(
                    .cell(
                        Cell(
                            index: cellCount, source: code.joined(separator: "\n"),
                            firstLine: openLine + 1 + optionLines,
                            fenceLine: openLine, options: options)))
                cellCount += 1
            } else {
                if prose.isEmpty { proseLine = index + 1 }
                prose.append(contentsOf: lines[index...close])
            }
            index = close + 1
        }
        try flushProse()
        var document = NotebookDocument(path: path, frontMatter: frontMatter, blocks: blocks)
        try checkLabels(document.cells, path: path)
        document.inlineExpressions = computed.expressions
        document.references = computed.references
        return document
    }

    /// Labels are unique within a notebook.
    private static func checkLabels(_ cells: [Cell], path: String) throws(NotebookError) {
        var seen: [String: Int] = [:]
        for cell in cells {
            guard let label = cell.options.label else { continue }
            if let first = seen[label] {
                throw .syntax(
                    file: path, line: cell.fenceLine,
                    message:
                        "label \(label) is already used by the cell at line \(first); labels must be unique"
                )
            }
            seen[label] = cell.fenceLine
        }
    }

    /// Lines of `text`; "\r\n" and a lone "\r" end lines like "\n"; a final newline adds no empty line.
    static func splitLines(_ text: String) -> [String] {
        var result: [String] = []
        var current = String.UnicodeScalarView()
        var previousCR = false
        for s in text.unicodeScalars {
            if s == "\n" {
                if previousCR {
                    previousCR = false
                    continue
                }
                result.append(String(current))
                current = String.UnicodeScalarView()
            } else if s == "\r" {
                result.append(String(current))
                current = String.UnicodeScalarView()
                previousCR = true
            } else {
                previousCR = false
                current.append(s)
            }
        }
        if !current.isEmpty { result.append(String(current)) }
        return result
    }

    static func trimmedRight(_ s: String) -> String {
        var t = Substring(s)
        while let last = t.last, last == " " || last == "\t" { t = t.dropLast() }
        return String(t)
    }

    /// Leading `//| key: value` lines; returns the options and how many lines they took.
    static func parseOptions(_ body: [String], firstLine: Int, path: String) throws(NotebookError)
        -> (CellOptions, Int)
    {
        var options = CellOptions()
        var count = 0
        for line in body {
            let t = line.trimmingCharacters(in: .whitespaces)
            guard t.hasPrefix("//|") else { break }
            let lineNo = firstLine + count
            let rest = t.dropFirst(3)
            guard let colon = rest.firstIndex(of: ":") else {
                throw .syntax(
                    file: path, line: lineNo, message: "cell option must be written //| key: value")
            }
            let key = rest[..<colon].trimmingCharacters(in: .whitespaces)
            let value = rest[rest.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            func bool() throws(NotebookError) -> Bool {
                switch value {
                case "true": return true
                case "false": return false
                default:
                    throw .syntax(
                        file: path, line: lineNo,
                        message: "option \(key) must be true or false, got \"\(value)\"")
                }
            }
            switch key {
            case "echo": options.echo = try bool()
            case "output": options.output = try bool()
            case "cache": options.cache = try bool()
            case "cache-key":
                switch value {
                case "inputs": options.keyOnInputsOnly = true
                case "code": options.keyOnInputsOnly = false
                default:
                    throw .syntax(
                        file: path, line: lineNo,
                        message: "option cache-key must be code or inputs, got \"\(value)\"")
                }
            case "error":
                switch value {
                case "allow", "true": options.allowError = true
                case "false", "stop": options.allowError = false
                default:
                    throw .syntax(
                        file: path, line: lineNo,
                        message: "option error must be allow or false, got \"\(value)\"")
                }
            case "label":
                guard FigureLabel.isValid(value) else {
                    throw .syntax(
                        file: path, line: lineNo,
                        message:
                            "option label must be fig- followed by letters, digits, - or _ (such as fig-scores), got \"\(value)\""
                    )
                }
                options.label = value
            case "fig-cap":
                let caption = try captionText(value, path: path, line: lineNo)
                options.figureCaption = caption
            case "code-fold":
                switch value {
                case "true": options.codeFold = .folded
                case "false": options.codeFold = .none
                case "show": options.codeFold = .shown
                default:
                    throw .syntax(
                        file: path, line: lineNo,
                        message: "option code-fold must be true, false or show, got \"\(value)\"")
                }
            case "timeout":
                guard let s = Double(value), s > 0, s.isFinite else {
                    throw .syntax(
                        file: path, line: lineNo,
                        message:
                            "option timeout must be a positive number of seconds, got \"\(value)\"")
                }
                options.timeout = s
            default:
                throw .syntax(
                    file: path, line: lineNo,
                    message:
                        "unknown cell option \"\(key)\"; known options: \(CellOptions.keys.joined(separator: ", "))"
                )
            }
            count += 1
        }
        return (options, count)
    }

    /// A `fig-cap` value: "double-quoted" (with \" and \\ escapes), 'single-quoted' ('' for a quote) or bare.
    static func captionText(_ value: String, path: String, line: Int) throws(NotebookError)
        -> String
    {
        var text = value
        if let q = value.first, q == "\"" || q == "'" {
            guard value.count >= 2, value.last == q else {
                throw .syntax(
                    file: path, line: line,
                    message:
                        "option fig-cap opens a quote (\(q)) that is not closed at the end of the line"
                )
            }
            let inner = String(value.dropFirst().dropLast())
            text =
                q == "'"
                ? inner.replacingOccurrences(of: "''", with: "'")
                : inner.replacingOccurrences(of: "\\\\", with: "\u{0}").replacingOccurrences(
                    of: "\\\"", with: "\""
                )
                .replacingOccurrences(of: "\u{0}", with: "\\")
        }
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw .syntax(
                file: path, line: line,
                message: "option fig-cap is empty; write //| fig-cap: \"What the figure shows\"")
        }
        return text
    }
}

/// Figure labels: `fig-` and at least one letter, digit, `-` or `_`.
enum FigureLabel {
    static func isValid(_ s: String) -> Bool {
        s.hasPrefix("fig-") && s.count > 4
            && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
            && s.last != "-" && s.last != "_"
    }
}

/// Inline expressions and references collected while parsing, with notebook lines.
struct ProseItems {
    var expressions: [InlineExpression] = []
    var references: [FigureReference] = []

    mutating func collect(_ prose: String, firstLine: Int, afterCell: Int?, path: String)
        throws(NotebookError)
    {
        for segment in ProseScanner.segments(prose) {
            switch segment {
            case .text: continue
            case .inline(let code, let line, let column):
                guard !code.isEmpty else {
                    throw .syntax(
                        file: path, line: firstLine + line,
                        message: "inline `{swift}` code is empty; write `{swift} expression`")
                }
                expressions.append(
                    InlineExpression(
                        index: expressions.count, code: code, line: firstLine + line,
                        column: column, afterCell: afterCell))
            case .reference(let label, let line):
                references.append(FigureReference(label: label, line: firstLine + line))
            }
        }
    }
}

/// Whether text is inside a list item, and how far the item's content is indented.
enum ListContext {
    /// The content indentation after `line`: a list item marker (`-`, `*`, `+`, `1.`, `1)`) starts or replaces
    /// it; a non-blank line indented less than the content ends it; blank lines keep it.
    static func update(_ indent: Int?, with line: String) -> Int? {
        let spaces = line.prefix { $0 == " " }.count
        let rest = line.dropFirst(spaces)
        if rest.isEmpty { return indent }
        if let marker = markerWidth(rest) { return spaces + marker }
        if let indent, spaces >= indent { return indent }
        return nil
    }

    /// The width of a list marker and the blanks after it, nil when `text` does not start with one.
    private static func markerWidth(_ text: Substring) -> Int? {
        var width = 0
        if let c = text.first, "-*+".contains(c) {
            width = 1
        } else {
            let digits = text.prefix { $0.isNumber }.count
            guard digits > 0, digits <= 9, let c = text.dropFirst(digits).first,
                c == "." || c == ")"
            else { return nil }
            width = digits + 1
        }
        let blanks = text.dropFirst(width).prefix { $0 == " " }.count
        guard blanks >= 1, text.count > width + blanks else { return nil }
        return width + min(blanks, 4)
    }
}

/// An opening code fence.
struct Fence {
    let char: Character
    let length: Int
    let info: String
    /// Spaces before the fence.
    let indent: Int

    var marker: String { String(repeating: char, count: length) }
    var isSwift: Bool {
        info.split(separator: " ").first.map { $0.lowercased() == "swift" } ?? false
    }

    init?(opening line: String, maximumIndent: Int = 3) {
        let spaces = line.prefix { $0 == " " }.count
        guard spaces <= maximumIndent else { return nil }
        let text = line.dropFirst(spaces)
        guard let c = text.first, c == "`" || c == "~" else { return nil }
        let run = text.prefix { $0 == c }.count
        guard run >= 3 else { return nil }
        let info = text.dropFirst(run).trimmingCharacters(in: .whitespaces)
        if c == "`" && info.contains("`") { return nil }  // CommonMark: not a fence
        (char, length, self.info, indent) = (c, run, info, spaces)
    }

    func isClosed(by line: String) -> Bool {
        let spaces = line.prefix { $0 == " " }.count
        guard spaces <= indent + 3 else { return false }
        let text = line.dropFirst(spaces)
        let run = text.prefix { $0 == char }.count
        return run >= length && text.dropFirst(run).allSatisfy { $0 == " " || $0 == "\t" }
    }

    /// A content line without (up to) the fence's indentation.
    func removingIndent(_ line: String) -> String {
        String(line.dropFirst(min(indent, line.prefix { $0 == " " }.count)))
    }
}
