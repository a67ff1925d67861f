/// Swift source reduced to what can change its meaning: comments removed, each line trimmed, runs of blanks
/// collapsed to one, blanks beside brackets, commas, colons and semicolons dropped, and blank lines removed.
/// String literals (single-line, multi-line and raw) are kept byte for byte, including interpolations.
///
/// Two sources that differ only in comments, indentation or spacing normalise to the same text; so do, in
/// rare cases, a valid program and an invalid one, which is harmless because the invalid one never runs.
package enum SwiftSourceNormalizer {
    /// The normalised text of `source`.
    package static func normalize(_ source: String) -> String {
        var lexer = Lexer(Array(source.unicodeScalars))
        lexer.run()
        return lexer.finish()
    }
}

private struct Lexer {
    let s: [Unicode.Scalar]
    var i = 0
    var lines: [String] = []
    var line = ""
    /// A blank was seen since the last kept character of this line.
    var pendingBlank = false

    init(_ s: [Unicode.Scalar]) { self.s = s }

    func peek(_ k: Int = 0) -> Unicode.Scalar? { i + k < s.count ? s[i + k] : nil }

    static let tight: Set<Unicode.Scalar> = ["(", ")", "[", "]", "{", "}", ",", ":", ";"]

    mutating func emit(_ c: Unicode.Scalar) {
        if pendingBlank, !line.isEmpty, let last = line.unicodeScalars.last,
            !Self.tight.contains(last), !Self.tight.contains(c)
        {
            line.append(" ")
        }
        pendingBlank = false
        line.unicodeScalars.append(c)
    }

    mutating func newline() {
        if !line.isEmpty { lines.append(line) }
        line = ""
        pendingBlank = false
    }

    mutating func finish() -> String {
        newline()
        return lines.joined(separator: "\n")
    }

    /// Code until the end of input, or until an unbalanced `)` when inside an interpolation.
    mutating func run(insideInterpolation: Bool = false) {
        var depth = 0
        while let c = peek() {
            switch c {
            case "\n":
                newline()
                i += 1
            case " ", "\t", "\r":
                pendingBlank = true
                i += 1
            case "/" where peek(1) == "/":
                while let d = peek(), d != "\n" {
                    _ = d
                    i += 1
                }
            case "/" where peek(1) == "*":
                skipBlockComment()
                pendingBlank = true
            case "\"", "#":
                if !string() {
                    emit(c)
                    i += 1
                }
            case "(":
                depth += 1
                emit(c)
                i += 1
            case ")":
                if insideInterpolation && depth == 0 { return }
                depth -= 1
                emit(c)
                i += 1
            default:
                emit(c)
                i += 1
            }
        }
    }

    mutating func skipBlockComment() {
        var depth = 0
        while i < s.count {
            if peek() == "/" && peek(1) == "*" {
                depth += 1
                i += 2
                continue
            }
            if peek() == "*" && peek(1) == "/" {
                depth -= 1
                i += 2
                if depth == 0 { return }
                continue
            }
            i += 1
        }
    }

    /// A string literal at the cursor (optionally raw, `#"..."#`), copied verbatim; false when the cursor is
    /// not at one (a `#` of a directive such as `#if`).
    mutating func string() -> Bool {
        var hashes = 0
        while peek(hashes) == "#" { hashes += 1 }
        guard peek(hashes) == "\"" else { return false }
        let multiline = peek(hashes + 1) == "\"" && peek(hashes + 2) == "\""
        let quotes = multiline ? 3 : 1
        for _ in 0..<(hashes + quotes) {
            emit(s[i])
            i += 1
        }
        while let c = peek() {
            if c == "\\", (0..<hashes).allSatisfy({ peek(1 + $0) == "#" }) {
                // An escape; `\(` (with the raw string's hashes) starts an interpolation, which is code.
                for _ in 0...hashes {
                    line.unicodeScalars.append(s[i])
                    i += 1
                }
                if peek() == "(" {
                    line.unicodeScalars.append("(")
                    i += 1
                    run(insideInterpolation: true)
                    if peek() == ")" {
                        line.unicodeScalars.append(")")
                        i += 1
                    }
                } else if let e = peek() {
                    line.unicodeScalars.append(e)
                    i += 1
                }
                continue
            }
            if c == "\"", (0..<quotes).allSatisfy({ peek($0) == "\"" }),
                (0..<hashes).allSatisfy({ peek(quotes + $0) == "#" })
            {
                for _ in 0..<(quotes + hashes) {
                    line.unicodeScalars.append(s[i])
                    i += 1
                }
                return true
            }
            // unterminated: leave the rest to the compiler
            if c == "\n" && !multiline { return true }
            line.unicodeScalars.append(c)
            i += 1
        }
        return true
    }
}
