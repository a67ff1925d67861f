/// Puts computed values into prose for the text renderers (Markdown, Jupyter): each `` `{swift} expr` `` becomes
/// its value, each `@fig-NAME` becomes "Figure N". An expression without a value (the run stopped before it,
/// or it threw) stays as inline code; an unknown reference is written `?@fig-NAME`, as Quarto does.
///
/// Expressions are numbered in document order, so prose blocks must be given in order, each once.
struct ProseSubstitution {
    let values: [Int: CellResult.InlineValue]
    let figureNumbers: [String: Int]
    private(set) var nextExpression = 0

    init(_ result: RunResult) {
        values = result.inlineValues
        figureNumbers = result.document.figureNumbers
    }

    /// `prose` with values and figure numbers in place.
    mutating func markdown(_ prose: String) -> String {
        var out = ""
        for segment in ProseScanner.segments(prose) {
            switch segment {
            case .text(let t):
                out += t
            case .inline(let code, _, _):
                if case .value(let v)? = values[nextExpression] {
                    out += v
                } else {
                    out += InlineCode.span(code)
                }
                nextExpression += 1
            case .reference(let label, _):
                out += figureNumbers[label].map { "Figure \($0)" } ?? "?@\(label)"
            }
        }
        return out
    }
}

/// Markdown inline code that shows `code` exactly.
enum InlineCode {
    /// `code` between enough backticks (padded with spaces when it starts or ends with one).
    static func span(_ code: String) -> String {
        var longest = 0
        var run = 0
        for c in code {
            if c == "`" {
                run += 1
                longest = max(longest, run)
            } else {
                run = 0
            }
        }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = code.hasPrefix("`") || code.hasSuffix("`") ? " " : ""
        return fence + pad + code + pad + fence
    }
}
