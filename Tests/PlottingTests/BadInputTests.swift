import Foundation
import PlotGallery
import Testing

@testable import Plotting

/// Bad data must never crash: it is skipped, or reported as a typed `PlotError` when saving.
@Suite struct BadInputTests {
    @Test func emptyDataRenders() throws {
        let fig = Figure()
        let ax = fig.axes()
        ax.plot([], [])
        ax.scatter([], [])
        ax.hist([])
        ax.heatmap([])
        ax.fillBetween([], [], [])
        ax.legend()
        _ = try fig.renderPNG(dpi: 30)
        _ = try fig.renderPDF()
    }

    @Test func nanPointsAreSkipped() throws {
        let fig = Figure()
        let ax = fig.axes()
        ax.plot([0, 1, .nan, 3, 4], [0, .nan, 2, 3, .infinity])
        ax.scatter([0, .nan, 2], [1, 2, .nan])
        ax.hist([1, .nan, 2, .infinity, 3])
        _ = try fig.renderPNG(dpi: 30)
        let h = ax.hist([0, 1, .nan, 1, 2], bins: 2, range: 0...2)
        #expect(h.heights == [1, 3])
        _ = fig.laidOutTexts()
        #expect(ax.xLimits.0.isFinite && ax.xLimits.1.isFinite && ax.yLimits.0.isFinite)
    }

    @Test func allNaNDataGivesDefaultLimits() throws {
        let fig = Figure()
        let ax = fig.axes()
        ax.plot([.nan, .nan], [.nan, .nan])
        _ = fig.laidOutTexts()
        #expect(ax.xLimits == (0, 1))
        _ = try fig.renderPNG(dpi: 30)
    }

    @Test func zeroSizeRangesAreWidened() throws {
        let fig = Figure()
        let ax = fig.axes()
        ax.plot([2, 2, 2], [5, 5, 5])
        ax.ylim(3, 3)
        _ = fig.laidOutTexts()
        #expect(ax.xLimits.0 < 2 && ax.xLimits.1 > 2)
        #expect(ax.yLimits.0 < 3 && ax.yLimits.1 > 3)
        _ = try fig.renderPNG(dpi: 30)
    }

    @Test func logScaleIgnoresNonPositiveValues() throws {
        let fig = Figure()
        let ax = fig.axes()
        ax.plot([-1, 0, 1, 10, 100], [0, -5, 1, 10, 100])
        ax.hist([0, 0, 1, 2], bins: 3)
        ax.xscale(.log)
        ax.yscale(.log)
        ax.ylim(-1, nil)
        _ = fig.laidOutTexts()
        #expect(ax.xLimits.0 > 0 && ax.yLimits.0 > 0)
        _ = try fig.renderPNG(dpi: 30)
        _ = try fig.renderSVG()
    }

    @Test func mismatchedLengthsAreTypedErrors() {
        let fig = Figure()
        fig.axes().plot([1, 2, 3], [1, 2])
        #expect(throws: PlotError.lengthMismatch(what: "plot y", expected: 3, got: 2)) {
            try fig.renderPNG()
        }
    }

    @Test func invalidArgumentsAreTypedErrors() {
        let fig = Figure()
        fig.axes().hist([1, 2], bins: 0)
        #expect(throws: PlotError.self) { try fig.renderPDF() }
        let bad = Figure(width: -1, height: 2)
        #expect(throws: PlotError.self) { try bad.renderPNG() }
        let grid = Figure()
        grid.grid(rows: 1, columns: 2)
        grid.axes(row: 3, column: 0)
        #expect(throws: PlotError.self) { try grid.renderSVG() }
        #expect(throws: PlotError.self) { try Figure().renderPNG(dpi: 0) }
        #expect(throws: PlotError.self) { try Gallery.figure("no such figure") }
        #expect(throws: PlotError.self) { try Colormap.named("jet") }
    }
}
