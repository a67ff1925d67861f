import Foundation
import PlotGallery
import Plotting
import Spawn
import Testing

@Suite struct OutputTests {
    func sample() -> Figure {
        let fig = Figure(width: 5, height: 3.5)
        fig.suptitle = "Determinism check"
        let ax = fig.axes()
        let x = (0..<200).map { Double($0) / 20 }
        ax.plot(x, x.map { sin($0) }, color: .black, label: "Data")
        ax.scatter(x, x.map { cos($0) }, values: x, colormap: .magma)
        ax.hist(x.map { sin($0) }, bins: 12, color: Color.cycle(1), alpha: 0.4, hatch: Hatch("//"))
        ax.heatmap([[1, 2], [3, 4]], extent: (6, 8, -1, 0))
        ax.xlabel("Wavelength [nm]")
        ax.ylabel("Normalised Flux")
        ax.legend()
        return fig
    }

    @Test func pngAndSVGAreByteIdentical() throws {
        #expect(try sample().renderPNG(dpi: 100) == sample().renderPNG(dpi: 100))
        #expect(try sample().renderSVG() == sample().renderSVG())
    }

    @Test func pdfIsReproducible() throws {
        #expect(try sample().renderPDF() == sample().renderPDF())
    }

    @Test func pngSizeFollowsDPI() throws {
        let image = try RasterImage(png: sample().renderPNG(dpi: 50))
        #expect(image.width == 250 && image.height == 175)
    }

    @Test func saveChoosesFormatByExtension() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "plotting-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let fig = sample()
        for ext in ["pdf", "svg", "png"] {
            try fig.save(dir.appendingPathComponent("f.\(ext)").path)
        }
        let head = { (ext: String) in
            try Data(contentsOf: dir.appendingPathComponent("f.\(ext)")).prefix(5)
        }
        #expect(try head("pdf") == Data("%PDF-".utf8))
        #expect(try String(decoding: head("svg"), as: UTF8.self).hasPrefix("<?xml"))
        #expect(try head("png").dropFirst().prefix(3) == Data("PNG".utf8))
        #expect(throws: PlotError.unsupportedFormat("jpg")) {
            try fig.save(dir.appendingPathComponent("f.jpg").path)
        }
    }

    static let pdftotext = ["/usr/bin/pdftotext", "/usr/local/bin/pdftotext"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    @Test(
        .enabled(
            if: pdftotext != nil, "pdftotext (poppler-utils) not installed: make deps installs it"))
    func pdfTextIsExtractable() throws {
        let tool = try #require(Self.pdftotext)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "plotting-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let pdf = dir.appendingPathComponent("f.pdf")
        try sample().save(pdf.path)
        let text = try ChildProcess.run(tool, [pdf.path, "-"], error: .null).output
        for label in ["Wavelength [nm]", "Normalised Flux", "Determinism check", "Data"] {
            #expect(text.contains(label), "pdftotext did not find '\(label)' in:\n\(text)")
        }
    }

    @Test func millionPointScatterIsFast() throws {
        var rng = SystemRandomNumberGenerator()
        let x = (0..<1_000_000).map { _ in Double.random(in: 0...1, using: &rng) }
        let y = x.map { $0 * $0 }
        let fig = Figure()
        fig.axes().scatter(x, y, size: 2, values: x, alpha: 0.5)
        let start = Date()
        _ = try fig.renderPNG(dpi: 100)
        let seconds = Date().timeIntervalSince(start)
        #if DEBUG
            // unoptimised build; the release build must stay under 2 s (see plot-gallery)
            let limit = 15.0
        #else
            let limit = 2.0
        #endif
        #expect(seconds < limit, "1M-point scatter took \(seconds) s")
    }
}
