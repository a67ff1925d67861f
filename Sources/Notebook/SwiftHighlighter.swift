import HMFCore

/// Swift syntax highlighting for the HTML page: a small lexer that wraps tokens in `<span>`s with short
/// classes and escapes everything else.
///
/// Classes: `k` keyword, `s` string literal (single-line, multi-line `"""`, raw `#"..."#`, with `\(...)`
/// interpolations highlighted as code inside), `c` comment (line, nested block), `n` number, `t` type-like
/// (capitalised) identifier, `a` attribute (`@MainActor`), `d` directive or macro (`#if`, `#sourceLocation`).
/// Unterminated strings and comments run to the end of the line or text; the output never loses a character.
package enum SwiftHighlighter {
    /// `code` as HTML (for the inside of `<pre><code>`).
    package static func html(_ code: String) -> String {
        var lexer = SwiftLexer(Array(code))
        lexer.code(insideInterpolation: false)
        return lexer.out
    }

    static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import",
        "init", "inout",
        "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public",
        "rethrows",
        "static", "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue",
        "default",
        "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return",
        "throw", "switch",
        "where", "while", "as", "await", "false", "is", "nil", "self", "Self", "super", "throws",
        "true", "try",
        "async", "actor", "some", "any", "nonisolated", "isolated", "consuming", "borrowing",
        "mutating",
        "nonmutating", "lazy", "weak", "unowned", "override", "final", "required", "convenience",
        "indirect",
        "macro", "package",
    ]
}

/// The lexer behind `SwiftHighlighter`.
struct SwiftLexer {
    private let c: [Character]
    private var i = 0
    private(set) var out = ""

    init(_ chars: [Character]) { c = chars }

    private func at(_ k: Int) -> Character? { k < c.count ? c[k] : nil }

    private mutating func emit(_ cls: String?, _ from: Int, _ to: Int) {
        guard to > from else { return }
        let text = HTMLText.escape(String(c[from..<to]))
        out += cls.map { "<span class=\"\($0)\">\(text)</span>" } ?? text
    }

    /// Lexes code up to the end, or (inside an interpolation) up to its closing parenthesis, which it leaves.
    mutating func code(insideInterpolation: Bool) {
        var depth = 0
        while i < c.count {
            let ch = c[i]
            if insideInterpolation {
                if ch == "(" { depth += 1 }
                if ch == ")" {
                    if depth == 0 { return }
                    depth -= 1
                }
            }
            if ch == "/", at(i + 1) == "/" {
                let start = i
                while i < c.count, c[i] != "\n" { i += 1 }
                emit("c", start, i)
            } else if ch == "/", at(i + 1) == "*" {
                blockComment()
            } else if ch == "\"" || (ch == "#" && hashesThenQuote(from: i)) {
                string()
            } else if ch == "#" || ch == "@", let next = at(i + 1), isIdentifierStart(next) {
                let start = i
                i += 1
                while let n = at(i), isIdentifierPart(n) { i += 1 }
                emit(ch == "#" ? "d" : "a", start, i)
            } else if ch.isASCII, ch.isNumber {
                number()
            } else if isIdentifierStart(ch) {
                let start = i
                while let n = at(i), isIdentifierPart(n) { i += 1 }
                let word = String(c[start..<i])
                let isKeyword =
                    SwiftHighlighter.keywords.contains(word) && !(start > 0 && c[start - 1] == ".")
                emit(isKeyword ? "k" : (word.first?.isUppercase == true ? "t" : nil), start, i)
            } else if ch == "`" {
                let start = i
                i += 1
                while let n = at(i), n != "`", n != "\n" { i += 1 }
                if at(i) == "`" { i += 1 }
                emit(nil, start, i)
            } else {
                emit(nil, i, i + 1)
                i += 1
            }
        }
    }

    private func isIdentifierStart(_ ch: Character) -> Bool { ch == "_" || ch.isLetter }
    private func isIdentifierPart(_ ch: Character) -> Bool {
        ch == "_" || ch.isLetter || ch.isNumber
    }

    private func hashesThenQuote(from k: Int) -> Bool {
        var j = k
        while at(j) == "#" { j += 1 }
        return at(j) == "\""
    }

    private mutating func blockComment() {
        let start = i
        var depth = 0
        while i < c.count {
            if c[i] == "/", at(i + 1) == "*" {
                depth += 1
                i += 2
                continue
            }
            if c[i] == "*", at(i + 1) == "/" {
                depth -= 1
                i += 2
                if depth == 0 { break }
                continue
            }
            i += 1
        }
        emit("c", start, i)
    }

    private mutating func number() {
        let start = i
        let radix = at(i) == "0" ? at(i + 1) : nil
        if let r = radix, r == "x" || r == "b" || r == "o" {
            i += 2
            while let n = at(i), n.isHexDigit || n == "_" { i += 1 }
            if r == "x", at(i) == ".", at(i + 1)?.isHexDigit == true {
                i += 1
                while let n = at(i), n.isHexDigit || n == "_" { i += 1 }
            }
            if r == "x", let p = at(i), p == "p" || p == "P" { exponent() }
        } else {
            digits()
            if at(i) == ".", let n = at(i + 1), n.isASCII, n.isNumber {
                i += 1
                digits()
            }
            if let e = at(i), e == "e" || e == "E" { exponent() }
        }
        emit("n", start, i)
    }

    private mutating func digits() {
        while let n = at(i), (n.isASCII && n.isNumber) || n == "_" { i += 1 }
    }

    private mutating func exponent() {
        var j = i + 1
        if let s = at(j), s == "+" || s == "-" { j += 1 }
        guard let d = at(j), d.isASCII, d.isNumber else { return }
        i = j
        digits()
    }

    /// A string literal with `hashes` `#` delimiters; interpolations are lexed as code.
    private mutating func string() {
        var start = i
        var hashes = 0
        while at(i) == "#" {
            hashes += 1
            i += 1
        }
        let multiline = at(i) == "\"" && at(i + 1) == "\"" && at(i + 2) == "\""
        i += multiline ? 3 : 1
        let close: [Character] =
            Array(repeating: "\"", count: multiline ? 3 : 1) + Array(repeating: "#", count: hashes)
        while i < c.count {
            if !multiline, c[i] == "\n" { break }
            if matches(close, at: i) {
                i += close.count
                break
            }
            if c[i] == "\\", matches(Array(repeating: "#", count: hashes), at: i + 1) {
                let after = i + 1 + hashes
                if at(after) == "(" {
                    emit("s", start, after + 1)
                    i = after + 1
                    code(insideInterpolation: true)
                    start = i
                    if at(i) == ")" { i += 1 }
                    continue
                }
                i = min(c.count, after + 1)
                continue
            }
            i += 1
        }
        emit("s", start, i)
    }

    private func matches(_ pattern: [Character], at k: Int) -> Bool {
        guard k + pattern.count <= c.count else { return false }
        for (n, p) in pattern.enumerated() where c[k + n] != p { return false }
        return true
    }
}
