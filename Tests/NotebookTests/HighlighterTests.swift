import Foundation
import Testing

@testable import Notebook

@Suite struct HighlighterTests {
    /// The text of highlighted HTML: tags removed, entities decoded.
    static func text(_ html: String) -> String {
        html.replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression)
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(
                of: "&#39;", with: "'"
            )
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    @Test func tokensGetTheirClasses() {
        let html = SwiftHighlighter.html(
            "@MainActor let x: Matrix = try f(0x1F, 2.5e-3) // done\n#if DEBUG\n/* a /* nested */ c */"
        )
        #expect(html.contains("<span class=\"a\">@MainActor</span>"))
        #expect(html.contains("<span class=\"k\">let</span>"))
        #expect(html.contains("<span class=\"t\">Matrix</span>"))
        #expect(html.contains("<span class=\"k\">try</span>"))
        #expect(html.contains("<span class=\"n\">0x1F</span>"))
        #expect(html.contains("<span class=\"n\">2.5e-3</span>"))
        #expect(html.contains("<span class=\"c\">// done</span>"))
        #expect(html.contains("<span class=\"d\">#if</span>"))
        #expect(html.contains("<span class=\"c\">/* a /* nested */ c */</span>"))
    }

    @Test func stringsInterpolationsAndRawStrings() {
        let html = SwiftHighlighter.html(
            "let s = \"a \\(b + \"c\") d\"\nlet r = #\"x \"\\d\" \\#(y)\"#\nlet m = \"\"\"\n  line \"one\"\n  \"\"\"\n1...n"
        )
        #expect(
            html.contains(
                "<span class=\"s\">&quot;a \\(</span>b + <span class=\"s\">&quot;c&quot;</span><span class=\"s\">) d&quot;</span>"
            ))
        #expect(
            html.contains(
                "<span class=\"s\">#&quot;x &quot;\\d&quot; \\#(</span>y<span class=\"s\">)&quot;#</span>"
            ))
        #expect(
            html.contains(
                "<span class=\"s\">&quot;&quot;&quot;\n  line &quot;one&quot;\n  &quot;&quot;&quot;</span>"
            ))
        #expect(html.contains("<span class=\"n\">1</span>...n"))
    }

    @Test func everythingIsEscapedAndNothingLost() {
        let samples = [
            "if a < b && c > d { print(\"<script>&'\") }", "let x = \"unterminated\nlet y = 1",
            "/* open comment",
            "`default` .init \"\\\"\" #\"\"#", "let 名前 = \"é\" // ünïcode", "x.0 + $0 ? a : b",
        ]
        for code in samples {
            let html = SwiftHighlighter.html(code)
            #expect(!html.contains("<script>"))
            #expect(Self.text(html) == code, "\(code) -> \(html)")
        }
    }
}
