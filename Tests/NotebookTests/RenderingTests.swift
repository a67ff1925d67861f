import Foundation
import NotebookKit
import Testing

@testable import Notebook
@testable import NotebookKernel

/// The executed documents of a notebook that uses every rendering feature (Fixtures/report.md), inline values
/// that fail to compile, throw or trap, and screenshots of the page.
@Suite(.serialized, .kitBuilt)
struct RenderingTests {
    static let report: String = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/report.md")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }()

    @Test func reportPageAndMarkdown() throws {
        let p = try Project()
        defer { p.remove() }
        try p.write("report.md", Self.report)
        let r = try #require(p.result(try p.run("report.md", ipynb: true)))
        #expect(r.succeeded)
        let html = p.read("build/Notebooks/report.html")
        // Inline values, tables, figures and references.
        #expect(
            html.contains("the data size, <span class=\"inline-value\" title=\"n\">120</span> rows")
        )
        #expect(html.contains("<span class=\"inline-value\" title=\"data.M\">30</span> columns"))
        #expect(html.contains("<table>\n<thead><tr><th>quantity</th><th>value</th></tr></thead>"))
        #expect(html.contains("<td>cycles</td><td class=\"num\">"))
        #expect(
            html.contains(
                "<figure id=\"fig-basis\"><img alt=\"Figure 1: The fitted basis functions, one line per component.\" src=\"data:image/png;base64,"
            ))
        #expect(
            html.contains(
                "<figcaption><span class=\"fig-num\">Figure 1:</span> The fitted basis functions, one line per component.</figcaption>"
            ))
        #expect(html.contains("As <a class=\"xref\" href=\"#fig-basis\">Figure 1</a> shows"))
        #expect(html.contains("?@fig-missing"))
        #expect(
            html.contains("<div class=\"banner warnings\">")
                && html.contains("Notebooks/report.md:60</code>: unknown figure reference"))
        // Structure: headings with ids and a table of contents, folded code, highlighting.
        #expect(html.contains("<h2 id=\"data\">") && html.contains("<h3 id=\"basis\">"))
        #expect(
            html.contains("<aside class=\"toc-side\">")
                && html.contains("<li class=\"l3\"><a href=\"#basis\">Basis</a></li>"))
        #expect(
            html.contains(
                "<details class=\"toc-inline toc\" id=\"contents\"><summary>Contents</summary>"))
        #expect(
            html.contains(
                "<details class=\"fold\"><summary class=\"cell-head\"><span class=\"fold-label\">Code</span>"
            ))
        #expect(
            html.contains(
                "<span class=\"k\">let</span> fit = <span class=\"k\">try</span> <span class=\"t\">Session</span>()"
            ))
        #expect(
            html.contains("<meta name=\"viewport\"") && html.contains("prefers-color-scheme:dark"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("banner err"))

        let md = p.read("build/Notebooks/report.md")
        #expect(md.contains("the data size, 120 rows."))
        #expect(md.contains("| quantity | value |\n| ---: | ---: |\n| rank | 3 |"))
        #expect(
            md.contains(
                "![Figure 1: The fitted basis functions, one line per component.](../../figures/report/basis.png)"
            ))
        #expect(md.contains("As Figure 1 shows, the 3 components are smooth."))
        #expect(md.contains("?@fig-missing"))
        #expect(
            md.contains("<details><summary>Code</summary>\n\n```swift\nlet fit = try Session()"))
        let ipynb = p.read("build/Notebooks/report.ipynb")
        #expect(
            ipynb.contains("\"text/html\"")
                && ipynb.contains("As Figure 1 shows, the 3 components are smooth."))
    }

    @Test func inlineCompileErrorIsAtItsProseLine() throws {
        let p = try Project()
        defer { p.remove() }
        try p.write(
            "i.md",
            "```swift\nlet best = (rank: 4, loss: 0.5)\n```\n\nRank `{swift} best.rank`, then\n`{swift} best.nope`.\n"
        )
        let r = try #require(p.result(try p.run("i.md")))
        guard case .failed(.compile, let message, let line) = r.cells[0].status else {
            Issue.record("expected a compile error: \(r.cells[0])")
            return
        }
        #expect(line == 6)
        #expect(message.contains("nope"))
        #expect(r.cells[0].stderr.contains("Notebooks/i.md:6:15: error: value of tuple type"))
        let html = p.read("build/Notebooks/i.html")
        #expect(
            html.contains(
                "<div class=\"banner err\" role=\"alert\"><strong>Compile Error in cell 1</strong> at <code>Notebooks/i.md:6</code>"
            ))
        #expect(html.contains("<a href=\"#cell-1\">Go to cell 1"))
        #expect(html.contains("<code class=\"inline-error\" title=\"compile error: "))
        #expect(p.read("build/Notebooks/i.md").contains("Notebooks/i.md:6"))
    }

    @Test func inlineValuesThatThrowOrTrap() throws {
        let p = try Project()
        defer { p.remove() }
        let nb = """
            Parameters only: `{swift} 1 + 1`.

            ```swift
            struct Oops: Error {}
            func risky() throws -> Int { throw Oops() }
            let xs = [1.0 / 3, 2]
            ```

            Third `{swift} xs[0]`, failing `{swift} try risky()`, string `{swift} "a\\(xs.count)"`.
            """
        try p.write("t.md", nb)
        let r = try #require(p.result(try p.run("t.md")))
        #expect(r.succeeded)
        #expect(r.inlineValues[0] == .value("2"))
        #expect(r.inlineValues[1] == .value("0.333333"))
        #expect(r.inlineValues[2] == .error("Oops()"))
        #expect(r.inlineValues[3] == .value("a2"))
        #expect(
            p.read("build/Notebooks/t.md").contains(
                "Third 0.333333, failing `try risky()`, string a2."))
        #expect(
            p.read("build/Notebooks/t.html").contains(
                "inline <code>try risky()</code> threw: Oops()"))

        try p.write("t.md", nb + "\n\nOut of range: `{swift} xs[5]`.\n")
        let r2 = try #require(p.result(try p.run("t.md")))
        guard case .failed(.trap, _, let line) = r2.cells[0].status else {
            Issue.record("expected a crash: \(r2.cells[0])")
            return
        }
        #expect(line == 11)
    }

    /// Screenshots of the page, wide and light, wide and dark, and phone-sized: each decodes, is not blank,
    /// and the dark one is darker.
    @Test(.enabled(if: Chromium.available, "Chromium is not installed"))
    func screenshotsAreNotBlank() throws {
        let p = try Project()
        defer { p.remove() }
        try p.write("report.md", Self.report)
        _ = try p.run("report.md")
        let url = "file://\(p.root)/build/Notebooks/report.html"
        var brightness: [Double] = []
        for (width, dark) in [(1200, false), (1200, true), (400, false)] {
            let png = try #require(
                Chromium.screenshot(url, width: width, height: 1600, dark: dark),
                "no screenshot at \(width) px")
            let image = try RasterImage(png: png)
            #expect(image.width == width && image.height == 1600)
            var colours = Set<UInt32>()
            var sum = 0.0
            for i in stride(from: 0, to: image.rgba.count, by: 4) {
                let (r, g, b) = (image.rgba[i], image.rgba[i + 1], image.rgba[i + 2])
                colours.insert(UInt32(r) << 16 | UInt32(g) << 8 | UInt32(b))
                sum += 0.299 * Double(r) + 0.587 * Double(g) + 0.114 * Double(b)
            }
            #expect(
                colours.count > 50,
                "a near-blank screenshot at \(width) px, dark \(dark): \(colours.count) colours")
            brightness.append(sum / Double(image.width * image.height))
        }
        #expect(
            brightness[0] > 180 && brightness[1] < 90,
            "mean brightness light \(brightness[0]), dark \(brightness[1])")
    }
}
