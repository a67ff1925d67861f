import Foundation
import HMFCore
import Plotting

/// How a published file stays the same when a re-run differs from the last only in rounding.
///
/// Published numbers are written at a stated precision (`significant` digits, 6 by default), and a file is
/// rewritten only when what it says changed: a text file (JSON, CSV) when it differs from the one on disk in
/// more than the last printed digit of a number; a figure when its PNG rendering has a pixel that differs by
/// more than `pixelTolerance` in a channel. A re-run on another CPU, or with another OpenBLAS kernel, whose
/// results agree to rounding leaves the figures folder, and with it the freeze stamp, as it was.
package enum StablePublication {
    /// The largest difference, out of 255, of any channel of any pixel between two renderings of the same
    /// figure (antialiasing of an edge that moved by a fraction of a pixel).
    package static let pixelTolerance = 16

    /// Writes `data` to `path` atomically, unless the file there already says the same (`same(old, new)`).
    /// - Returns: whether the file was written.
    @discardableResult
    package static func write(_ data: Data, to path: String, unless same: (Data, Data) -> Bool)
        throws
        -> Bool
    {
        if let old = FileManager.default.contents(atPath: path), old == data || same(old, data) {
            return false
        }
        try AtomicFile.write(data, to: path)
        return true
    }

    /// `text` with every number that has a fraction or an exponent written with `significant` significant
    /// digits (integers, and everything inside double-quoted strings, unchanged).
    package static func rounded(_ text: String, significant: Int) -> String {
        tokens(of: text).map { token in
            guard case .number(let literal) = token,
                literal.contains(where: { ".eE".contains($0) }),
                let value = Double(literal), value.isFinite
            else { return token.text }
            return shortest(value, significant: significant)
        }.joined()
    }

    /// Whether two texts are the same but for numbers with a fraction or an exponent that differ by at most
    /// one unit of their `significant`th significant digit (a value on a rounding boundary, written one way
    /// by one run and the other way by the next). Integers, such as counts, must be equal.
    package static func sameToRounding(_ a: String, _ b: String, significant: Int = 6) -> Bool {
        let x = tokens(of: a)
        let y = tokens(of: b)
        guard x.count == y.count else { return false }
        let isRounded = { (literal: String) in literal.contains(where: { ".eE".contains($0) }) }
        for (s, t) in zip(x, y) {
            switch (s, t) {
            case (.number(let p), .number(let q)) where isRounded(p) && isRounded(q):
                guard let u = Double(p), let v = Double(q) else { return false }
                let magnitude = max(abs(u), abs(v))
                guard u != v, magnitude > 0 else { continue }
                let unit = pow(10, (log10(magnitude)).rounded(.down) - Double(significant - 1))
                if abs(u - v) > unit * 1.000_001 { return false }
            default:
                if s.text != t.text { return false }
            }
        }
        return true
    }

    /// `sameToRounding` over UTF-8 file contents, at 6 significant digits.
    package static func sameTextToRounding(_ old: Data, _ new: Data) -> Bool {
        sameToRounding(String(decoding: old, as: UTF8.self), String(decoding: new, as: UTF8.self))
    }

    /// Whether two PNG files draw the same picture: equal sizes, and no pixel whose channels differ by more
    /// than `pixelTolerance`. (An unreadable file is never the same.)
    package static func sameRendering(_ old: Data, _ new: Data) -> Bool {
        guard let a = try? RasterImage(png: [UInt8](old)),
            let b = try? RasterImage(png: [UInt8](new))
        else { return false }
        return a.fractionDiffering(from: b, threshold: pixelTolerance) == 0
    }

    /// `value` at `significant` significant digits, `%g` style (trailing zeros dropped, an exponent for very
    /// large or small values), with ".0" on a whole value so that it still reads as a rounded number.
    static func shortest(_ value: Double, significant: Int) -> String {
        let text = String(format: "%.\(max(1, significant))g", value)
        return text.contains(".") || text.contains("e") ? text : text + ".0"
    }

    enum Token {
        case number(String)
        case other(String)

        var text: String {
            switch self {
            case .number(let s), .other(let s): return s
            }
        }
    }

    /// Splits a text into number literals and everything else; a double-quoted string (with its escapes)
    /// is one token, so a number inside a string is never touched.
    static func tokens(of text: String) -> [Token] {
        var out: [Token] = []
        var other = ""
        let chars = Array(text)
        var i = 0
        func flush() {
            if !other.isEmpty { out.append(.other(other)) }
            other = ""
        }
        while i < chars.count {
            let c = chars[i]
            if c == "\"" {
                var j = i + 1
                while j < chars.count, chars[j] != "\"" { j += chars[j] == "\\" ? 2 : 1 }
                other += String(chars[i..<min(j + 1, chars.count)])
                i = j + 1
                continue
            }
            let startsNumber =
                c.isASCII
                && (c.isNumber || (c == "-" && i + 1 < chars.count && chars[i + 1].isNumber))
            let afterWord = i > 0 && (chars[i - 1].isLetter || chars[i - 1] == "_")
            if startsNumber && !afterWord {
                var j = i + 1
                while j < chars.count,
                    chars[j].isNumber || chars[j] == "." || chars[j] == "e" || chars[j] == "E"
                        || ((chars[j] == "-" || chars[j] == "+") && "eE".contains(chars[j - 1]))
                {
                    j += 1
                }
                flush()
                out.append(.number(String(chars[i..<j])))
                i = j
                continue
            }
            other.append(c)
            i += 1
        }
        flush()
        return out
    }
}
