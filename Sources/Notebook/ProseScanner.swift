import Foundation

/// Finds the computed parts of a prose block: `` `{swift} expr` `` inline expressions and `@fig-NAME`
/// cross-references. The parser uses it to list them with their lines, and the renderers to substitute
/// values, so both see exactly the same spans in the same order.
///
/// Rules: fenced code blocks inside prose (```` ```text ````, `~~~`) are left alone; a code span is a run of
/// backticks closed by a run of the same length on the same line; only code spans whose content starts with
/// `{swift}` are expressions, others stay code. A reference is `@fig-` followed by letters, digits, `-` or `_`
/// (a trailing `-` or `_` is not part of it), not preceded by a letter, digit, `_`, `@` or `.`, and outside
/// code.
enum ProseScanner {
    /// A piece of prose.
    enum Segment: Equatable {
        /// Markdown passed through as written (newlines included).
        case text(String)
        /// An inline expression; `line` is 0-based within the block, `column` 1-based; `code` may be empty.
        case inline(code: String, line: Int, column: Int)
        /// A cross-reference to `label`, on 0-based `line` of the block.
        case reference(label: String, line: Int)
    }

    /// The segments of `prose`, in order; joining the text of all segments (with expressions and references
    /// written back) gives `prose` again.
    static func segments(_ prose: String) -> [Segment] {
        var out: [Segment] = []
        func appendText(_ s: String) {
            guard !s.isEmpty else { return }
            if case .text(let previous)? = out.last {
                out[out.count - 1] = .text(previous + s)
            } else {
                out.append(.text(s))
            }
        }
        let lines = prose.split(separator: "\n", omittingEmptySubsequences: false)
        var fence: (char: Character, length: Int)?
        for (n, line) in lines.enumerated() {
            if n > 0 { appendText("\n") }
            let trimmed = line.drop { $0 == " " }
            if let open = fence {
                let run = trimmed.prefix { $0 == open.char }.count
                if run >= open.length,
                    trimmed.dropFirst(run).allSatisfy({ $0 == " " || $0 == "\t" })
                {
                    fence = nil
                }
                appendText(String(line))
                continue
            }
            if let c = trimmed.first, c == "`" || c == "~" {
                let run = trimmed.prefix { $0 == c }.count
                if run >= 3, c == "~" || !trimmed.dropFirst(run).contains("`") {
                    fence = (c, run)
                    appendText(String(line))
                    continue
                }
            }
            for segment in lineSegments(Array(line), line: n) {
                if case .text(let t) = segment { appendText(t) } else { out.append(segment) }
            }
        }
        return out
    }

    /// Segments of one line outside fenced code.
    private static func lineSegments(_ chars: [Character], line: Int) -> [Segment] {
        var out: [Segment] = []
        var text = ""
        var i = 0
        func flush() {
            if !text.isEmpty {
                out.append(.text(text))
                text = ""
            }
        }
        while i < chars.count {
            let c = chars[i]
            if c == "\\", i + 1 < chars.count {
                text.append(c)
                text.append(chars[i + 1])
                i += 2
                continue
            }
            if c == "`" {
                let run = countRun(chars, from: i)
                guard let close = closingRun(chars, from: i + run, length: run) else {
                    text += String(chars[i..<(i + run)])
                    i += run
                    continue
                }
                let content = String(chars[(i + run)..<close])
                if let code = inlineCode(content) {
                    flush()
                    let lead = content.prefix { $0 == " " }.count + "{swift}".count
                    let rest = content.dropFirst(lead)
                    out.append(
                        .inline(
                            code: code, line: line,
                            column: i + run + lead + (rest.prefix { $0 == " " }.count) + 1))
                } else {
                    text += String(chars[i..<(close + run)])
                }
                i = close + run
                continue
            }
            if c == "@", isReferenceStart(chars, at: i) {
                var j = i + 1
                while j < chars.count, chars[j].isASCII,
                    chars[j].isLetter || chars[j].isNumber || chars[j] == "-" || chars[j] == "_"
                { j += 1 }
                while j > i + 5, chars[j - 1] == "-" || chars[j - 1] == "_" { j -= 1 }
                if j > i + 5 {
                    flush()
                    out.append(.reference(label: String(chars[(i + 1)..<j]), line: line))
                    i = j
                    continue
                }
            }
            text.append(c)
            i += 1
        }
        flush()
        return out
    }

    /// `@fig-` at `i`, not inside a word, an e-mail address or a file name.
    private static func isReferenceStart(_ chars: [Character], at i: Int) -> Bool {
        guard i + 5 <= chars.count, String(chars[(i + 1)..<(i + 5)]) == "fig-" else { return false }
        guard i > 0 else { return true }
        let p = chars[i - 1]
        return !(p.isLetter || p.isNumber || p == "_" || p == "@" || p == ".")
    }

    /// The expression of a code span's content when it is `{swift} expr` (nil for ordinary code).
    private static func inlineCode(_ content: String) -> String? {
        let body = content.drop { $0 == " " }
        guard body.hasPrefix("{swift}") else { return nil }
        let rest = body.dropFirst("{swift}".count)
        guard rest.isEmpty || rest.first == " " else { return nil }
        return rest.trimmingCharacters(in: .whitespaces)
    }

    private static func countRun(_ chars: [Character], from i: Int) -> Int {
        var j = i
        while j < chars.count, chars[j] == "`" { j += 1 }
        return j - i
    }

    /// Start of the next backtick run of exactly `length` at or after `from`.
    private static func closingRun(_ chars: [Character], from: Int, length: Int) -> Int? {
        var j = from
        while j < chars.count {
            if chars[j] == "`" {
                let run = countRun(chars, from: j)
                if run == length { return j }
                j += run
            } else {
                j += 1
            }
        }
        return nil
    }
}
