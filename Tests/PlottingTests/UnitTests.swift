import PlotGallery
import Testing

@testable import Plotting

@Suite struct TickTests {
    @Test func linearTicksAreNice() {
        let t = TickLocator.ticks(400, 600, scale: .linear, target: 9, minor: true)
        #expect(t.major == [400, 425, 450, 475, 500, 525, 550, 575, 600])
        #expect(t.labels.first == "400")
        #expect(t.minor.count == 8 * 3)  // step 25 has 4 minor intervals
        let s = TickLocator.ticks(-0.6, 0.6, scale: .linear, target: 3, minor: false)
        #expect(s.labels == ["\u{2212}0.5", "0.0", "0.5"])
    }

    @Test func logTicksAreDecades() {
        let t = TickLocator.ticks(0.7, 2e4, scale: .log, target: 9, minor: true)
        #expect(t.major == [1, 10, 100, 1000, 10000])
        #expect(t.minor.contains(2) && t.minor.contains(900))
    }

    @Test func invertedLimitsGiveSameTicks() {
        #expect(
            TickLocator.ticks(15, -5, scale: .linear, target: 8, minor: false).major
                == TickLocator.ticks(-5, 15, scale: .linear, target: 8, minor: false).major)
    }
}

@Suite struct ColorTests {
    @Test func colormapEndsMatchPublishedValues() {
        #expect(Colormap.viridis.color(at: 0).hexString == "#440154")
        #expect(Colormap.viridis.color(at: 1).hexString == "#fde725")
        #expect(Colormap.magma.color(at: 1).hexString == "#fcfdbf")
        #expect(Colormap.cividis.color(at: 0).hexString == "#00224e")
        #expect(Colormap.viridis.reversed.color(at: 0) == Colormap.viridis.color(at: 1))
        #expect(Colormap.viridis.reversed.name == "viridis_r")
    }

    @Test func hlsPaletteIsEvenlySpaced() {
        let p = Palette.hls(6, lightness: 0.5, saturation: 1)
        #expect(p.count == 6)
        // Hue 0.01 at l=0.5, s=1 is a nearly pure red.
        #expect(p[0].red == 1 && p[0].blue == 0 && p[0].green < 0.1)
        let white = Palette.fromHLS(hue: 0.3, lightness: 1, saturation: 1)
        #expect(white == .white)
    }

    @Test func hexParsing() {
        #expect(Color(hex: "#ff000080")?.alpha == 128.0 / 255)
        #expect(Color(hex: "zz") == nil)
    }
}

@Suite struct MathTextTests {
    @Test func subAndSuperscripts() {
        let lines = MathText.parse("w_i^{object}", size: 10, family: .serif, bold: false)
        #expect(lines.count == 1)
        let runs = lines[0]
        #expect(runs.map(\.text) == ["w", "i", "object"])
        #expect(runs[1].rise < 0 && runs[2].rise > 0 && runs[1].size < 10)
    }

    @Test func greekAndCommands() {
        let runs = MathText.parse(
            "$\\alpha$ \\mathbf{KL} x\\_y", size: 10, family: .serif, bold: false)[0]
        #expect(runs.contains { $0.text == "\u{03B1}" && $0.font.symbol })
        #expect(runs.contains { $0.text.contains("KL") && $0.font.bold })
        #expect(runs.map(\.text).joined().hasSuffix("x_y"))
    }

    @Test func newlinesSplitLines() {
        #expect(MathText.parse("Residual\nFlux", size: 10, family: .serif, bold: false).count == 2)
    }
}
