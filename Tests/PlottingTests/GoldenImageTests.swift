import Foundation
import PlotGallery
import Plotting
import Testing

/// Golden-image tests: every gallery figure is rendered to PNG and compared, tolerantly, with the reference
/// PNG stored under Golden/. Regenerate the references with PLOTTING_UPDATE_GOLDEN=1 (and look at them).
@Suite struct GoldenImageTests {
    static let dpi = 72.0
    /// Pixels may differ by font rasterisation across FreeType versions; allow 1% of pixels beyond the threshold.
    static let allowedFraction = 0.01

    static var sourceGoldenDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    }

    static func golden(_ name: String) -> URL? {
        Bundle.module.url(forResource: name, withExtension: "png", subdirectory: "Golden")
    }

    @Test(arguments: Gallery.names)
    func matchesGolden(_ name: String) throws {
        let png = try Gallery.figure(name).renderPNG(dpi: Self.dpi)
        if ProcessInfo.processInfo.environment["PLOTTING_UPDATE_GOLDEN"] == "1" {
            let url = Self.sourceGoldenDirectory.appendingPathComponent("\(name).png")
            try Data(png).write(to: url)
            return
        }
        let url = try #require(
            Self.golden(name), "no golden image for \(name); run with PLOTTING_UPDATE_GOLDEN=1")
        let expected = try RasterImage(png: Array(try Data(contentsOf: url)))
        let actual = try RasterImage(png: png)
        #expect(actual.width == expected.width && actual.height == expected.height)
        let fraction = actual.fractionDiffering(from: expected)
        #expect(
            fraction <= Self.allowedFraction,
            "\(name): \(fraction * 100)% of pixels differ from the golden image")
    }

    @Test func everyGoldenHasAFigure() throws {
        let dir = try #require(Bundle.module.resourceURL?.appendingPathComponent("Golden"))
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter {
            $0.hasSuffix(".png")
        }
        #expect(Set(files.map { String($0.dropLast(4)) }).isSubset(of: Set(Gallery.names)))
    }
}
