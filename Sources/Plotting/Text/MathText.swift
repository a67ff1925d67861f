/// A piece of text in one font at one size and baseline offset, produced by the markup parser.
struct TextRun: Equatable {
    var text: String
    var font: FontSpec
    /// Size in points.
    var size: Double
    /// Baseline shift in points, positive upwards.
    var rise: Double
    /// Index of the run where the previous script started: this run is stacked below/above it (x_a^b).
    var stackOn: Int? = nil
    /// Extra space after the run, in points (operator spacing in math mode).
    var spaceAfter: Double = 0
}

/// Which face a run uses; resolved to a concrete family by `FontBook`.
struct FontSpec: Hashable {
    var family: FontFamily
    var bold: Bool
    var italic: Bool
    /// Greek letters and mathematical symbols, drawn from the math font.
    var symbol: Bool = false
}

/// Parser for the small label markup:
/// `_{sub}` / `^{sup}` (or a single character), `$...$` math mode (italic letters, spaces ignored),
/// `\alpha` ... `\Omega` and a few symbols (`\pm \times \cdot \sim \leq \geq \infty \| \odot \AA`),
/// `\mathbf{}` / `\textbf{}` bold, `\mathrm{}` / `\text{}` upright, `\mathit{}` italic, `\mathcal{}`,
/// `\,` thin space, and escapes `\_ \^ \$ \{ \} \\ \%`. A newline starts a new line.
enum MathText {
    static let greek: [String: (lower: Bool, scalar: UInt32)] = {
        let lower = [
            "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
            "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "varsigma", "sigma", "tau",
            "upsilon",
            "phi", "chi", "psi", "omega",
        ]
        var table: [String: (Bool, UInt32)] = [:]
        for (i, name) in lower.enumerated() {
            table[name] = (true, 0x03B1 + UInt32(i))
            let upper = name.prefix(1).uppercased() + name.dropFirst()
            if name != "varsigma" { table[upper] = (false, 0x0391 + UInt32(i)) }
        }
        table["varepsilon"] = (true, 0x03B5)
        table["vartheta"] = (true, 0x03D1)
        table["varphi"] = (true, 0x03C6)
        return table
    }()

    static let symbols: [String: String] = [
        "pm": "\u{00B1}", "mp": "\u{2213}", "times": "\u{00D7}", "cdot": "\u{22C5}",
        "sim": "\u{223C}",
        "approx": "\u{2248}", "leq": "\u{2264}", "le": "\u{2264}", "geq": "\u{2265}",
        "ge": "\u{2265}",
        "neq": "\u{2260}", "infty": "\u{221E}", "|": "\u{2016}", "odot": "\u{2299}",
        "propto": "\u{221D}",
        "rightarrow": "\u{2192}", "to": "\u{2192}", "leftarrow": "\u{2190}", "partial": "\u{2202}",
        "nabla": "\u{2207}", "sum": "\u{2211}", "prod": "\u{220F}", "int": "\u{222B}",
        "circ": "\u{2218}",
        "star": "\u{22C6}", "langle": "\u{27E8}", "rangle": "\u{27E9}", "ell": "\u{2113}",
        "prime": "\u{2032}",
        "minus": "\u{2212}", "degree": "\u{00B0}",
    ]
    static let operators: Set<String> = [
        "pm", "mp", "times", "cdot", "sim", "approx", "leq", "le", "geq", "ge", "neq",
        "propto", "rightarrow", "to", "leftarrow", "odot", "circ", "star",
    ]
    static let plainWords: Set<String> = [
        "log", "ln", "exp", "sin", "cos", "tan", "max", "min", "arg", "det", "lim",
    ]
    static let textSymbols: [String: String] = [
        "AA": "\u{00C5}", "%": "%", "$": "$", "_": "_", "^": "^",
        "{": "{", "}": "}", "\\": "\\", "&": "&", "#": "#", ",": "\u{2009}",
        " ": " ", ";": " ", "!": "",
    ]

    /// Lines of runs for `source` at base size `size`.
    static func parse(_ source: String, size: Double, family: FontFamily, bold: Bool) -> [[TextRun]]
    {
        var parser = Parser(
            chars: Array(source), size: size,
            base: FontSpec(family: family, bold: bold, italic: false))
        parser.parseSequence(
            until: nil,
            state: Parser.State(size: size, rise: 0, bold: bold, italic: nil, math: false))
        parser.flushLine()
        return parser.lines
    }

    private struct Parser {
        struct State {
            var size: Double
            var rise: Double
            var bold: Bool
            /// Forced italic (true/false) or nil for the mode default.
            var italic: Bool?
            var math: Bool
        }

        let chars: [Character]
        let size: Double
        let base: FontSpec
        var pos = 0
        var lines: [[TextRun]] = []
        var current: [TextRun] = []

        init(chars: [Character], size: Double, base: FontSpec) {
            self.chars = chars
            self.size = size
            self.base = base
        }

        mutating func flushLine() {
            lines.append(current)
            current = []
        }

        /// Index of the first run of the script just closed, and whether it was a superscript.
        var lastScript: (start: Int, sup: Bool, end: Int)?
        var pendingStack: Int?

        mutating func emit(_ text: String, _ s: State, symbol: Bool = false, italic: Bool? = nil) {
            guard !text.isEmpty else { return }
            if let stack = pendingStack {
                pendingStack = nil
                let spec = FontSpec(
                    family: base.family, bold: s.bold,
                    italic: italic ?? s.italic ?? (s.math && text.allSatisfy { $0.isLetter }),
                    symbol: symbol)
                current.append(
                    TextRun(text: text, font: spec, size: s.size, rise: s.rise, stackOn: stack))
                return
            }
            let isItalic = italic ?? s.italic ?? (s.math && text.allSatisfy { $0.isLetter })
            let spec = FontSpec(family: base.family, bold: s.bold, italic: isItalic, symbol: symbol)
            if var last = current.last, last.font == spec, last.size == s.size, last.rise == s.rise,
                last.spaceAfter == 0
            {
                last.text += text
                current[current.count - 1] = last
            } else {
                current.append(TextRun(text: text, font: spec, size: s.size, rise: s.rise))
            }
        }

        /// A binary operator or relation in math mode, with a little space on both sides (none when leading).
        mutating func emitOperator(_ text: String, _ s: State, symbol: Bool = false) {
            let gap = 0.22 * s.size
            let leading = current.isEmpty
            if !leading, var last = current.popLast() {
                last.spaceAfter += gap
                current.append(last)
            }
            emit(text, s, symbol: symbol, italic: false)
            if !leading, var last = current.popLast() {
                last.spaceAfter += gap
                current.append(last)
            }
        }

        /// Parses until `terminator` (consumed) or the end.
        mutating func parseSequence(until terminator: Character?, state: State) {
            var s = state
            while pos < chars.count {
                let c = chars[pos]
                if let terminator, c == terminator {
                    pos += 1
                    return
                }
                pos += 1
                switch c {
                case "\n": flushLine()
                case "$": s.math.toggle()
                case "{": parseSequence(until: "}", state: s)
                case "_", "^":
                    var inner = s
                    inner.size = s.size * 0.7
                    inner.rise = s.rise + (c == "^" ? 0.45 * s.size : -0.2 * s.size)
                    let sup = c == "^"
                    // x_a^b: stack the second script over the first instead of after it.
                    if let last = lastScript, last.sup != sup, last.end == current.count {
                        pendingStack = last.start
                    }
                    let start = current.count
                    parseArgument(inner)
                    pendingStack = nil
                    lastScript = (start, sup, current.count)
                case "-" where s.math:
                    emitOperator("\u{2212}", s)
                case "=" where s.math, "+" where s.math, "<" where s.math, ">" where s.math:
                    emitOperator(String(c), s)
                case "\\": parseCommand(&s)
                case " " where s.math: continue
                default: emit(String(c), s)
                }
            }
        }

        /// A braced group or a single character (or command) as a sub/superscript or command argument.
        mutating func parseArgument(_ s: State) {
            guard pos < chars.count else { return }
            if chars[pos] == "{" {
                pos += 1
                parseSequence(until: "}", state: s)
            } else if chars[pos] == "\\" {
                pos += 1
                var inner = s
                parseCommand(&inner)
            } else {
                emit(String(chars[pos]), s)
                pos += 1
            }
        }

        mutating func parseCommand(_ s: inout State) {
            var name = ""
            while pos < chars.count, chars[pos].isLetter {
                name.append(chars[pos])
                pos += 1
            }
            if name.isEmpty, pos < chars.count {
                name = String(chars[pos])
                pos += 1
            }
            if let g = MathText.greek[name], let scalar = Unicode.Scalar(g.scalar) {
                emit(
                    String(Character(scalar)), s, symbol: true,
                    italic: g.lower && (s.italic ?? true))
            } else if let sym = MathText.symbols[name] {
                if MathText.operators.contains(name) && s.math {
                    emitOperator(sym, s, symbol: true)
                } else {
                    emit(sym, s, symbol: true, italic: false)
                }
            } else if let t = MathText.textSymbols[name] {
                emit(t, s, italic: false)
            } else if MathText.plainWords.contains(name) {
                emit(name, s, italic: false)
            } else {
                switch name {
                case "rm":
                    s.italic = false
                    return
                case "it":
                    s.italic = true
                    return
                case "bf":
                    s.bold = true
                    return
                default: break
                }
                var inner = s
                switch name {
                case "mathbf", "textbf", "boldsymbol": inner.bold = true
                case "mathrm", "textrm", "text", "mathsf", "textsf", "operatorname":
                    inner.italic = false
                case "mathit", "textit", "mathcal", "emph": inner.italic = true
                default:
                    emit("\\" + name, s, italic: false)
                    return
                }
                parseArgument(inner)
            }
        }
    }
}
