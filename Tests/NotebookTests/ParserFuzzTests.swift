import NotebookKernel
import NotebookKit
import Testing

@testable import Notebook

@Suite struct ParserFuzzTests {
    /// Random and mutated Markdown never crashes the parser: it returns a document or a typed error.
    @Test func thousandsOfInputsNeverCrash() {
        var rng = SeededGenerator(seed: 42)
        let pieces = [
            "```swift\n", "```\n", "````\n", "~~~\n", "---\n", "title: x\n", "parameters:\n",
            "  n: 3\n", "  - [\n",
            "//| echo: false\n", "//| timeout: -1\n", "//| bogus\n", "let x = 1\n", "> quote\n",
            "- item\n", "\r\n",
            "\r", "\n", "`", "é", "\u{0}", "  ```swift\n", "...\n", ": :\n", "\t\n",
        ]
        let seedDoc =
            "---\ntitle: T\nparameters:\n  n: 3\n---\n# H\n```swift\n//| echo: false\nlet a = n\n```\ntext\n"
        var parsed = 0
        var rejected = 0
        for i in 0..<3000 {
            var text: String
            if i % 2 == 0 {
                text = (0..<Int(rng.next() % 30)).map { _ in
                    pieces[Int(rng.next() % UInt64(pieces.count))]
                }.joined()
            } else {
                var scalars = Array(seedDoc.unicodeScalars)
                for _ in 0..<Int(rng.next() % 6 + 1) where !scalars.isEmpty {
                    let at = Int(rng.next() % UInt64(scalars.count))
                    switch rng.next() % 3 {
                    case 0: scalars.remove(at: at)
                    case 1:
                        let ins = Array("`-:\n\r{[~".unicodeScalars)
                        scalars.insert(ins[Int(rng.next() % UInt64(ins.count))], at: at)
                    default: scalars.swapAt(at, Int(rng.next() % UInt64(scalars.count)))
                    }
                }
                text = String(String.UnicodeScalarView(scalars))
            }
            do {
                let doc = try MarkdownParser.parse(text, path: "F.md")
                _ = NotebookGraph.of(doc)
                parsed += 1
            } catch {
                rejected += 1
            }
        }
        #expect(parsed + rejected == 3000)
        #expect(parsed > 0 && rejected > 0)
    }
}
