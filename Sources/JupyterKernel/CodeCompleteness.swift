import SwiftParser
import SwiftSyntax

/// Answers `is_complete_request`: whether the code typed so far is a whole cell (`complete`), needs more lines
/// (`incomplete`: an open brace, bracket, parenthesis or multi-line string, with the indent for the next line),
/// or cannot become valid by adding lines (`invalid`).
enum CodeCompleteness {
    static func reply(_ code: String) -> [String: Any] {
        let tree = Parser.parse(source: code)
        guard tree.hasError else { return ["status": "complete"] }
        var depth = 0
        var openString = false
        for token in tree.tokens(viewMode: .sourceAccurate) where token.presence == .present {
            switch token.tokenKind {
            case .leftBrace, .leftParen, .leftSquare: depth += 1
            case .rightBrace, .rightParen, .rightSquare: depth -= 1
            case .multilineStringQuote: openString.toggle()
            default: break
            }
        }
        if depth > 0 || openString {
            return [
                "status": "incomplete", "indent": String(repeating: "    ", count: max(0, depth)),
            ]
        }
        return ["status": "invalid"]
    }
}
