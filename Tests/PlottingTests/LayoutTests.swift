import PlotGallery
import Testing

@testable import Plotting

/// The layout pass must keep every text on the canvas and keep tick labels clear of axis labels and titles.
@Suite struct LayoutTests {
    @Test(arguments: Gallery.names)
    func textsStayOnCanvasAndDoNotOverlap(_ name: String) throws {
        let fig = try Gallery.figure(name)
        let texts = fig.laidOutTexts()
        let canvas = Rect(x: 0, y: 0, width: fig.width * 72, height: fig.height * 72)
        for t in texts {
            #expect(
                canvas.contains(t.bounds, tolerance: 0.5),
                "\(name): '\(t.block.raw)' leaves the canvas: \(t.bounds)")
        }
        let ticks = texts.filter { $0.kind == .tickLabel }
        let labels = texts.filter {
            $0.kind == .axisLabel || $0.kind == .title || $0.kind == .figureTitle
        }
        for tick in ticks {
            for label in labels {
                #expect(
                    !tick.bounds.insetBy(0.5).intersects(label.bounds.insetBy(0.5)),
                    "\(name): tick label '\(tick.block.raw)' overlaps '\(label.block.raw)'")
            }
        }
        for (i, a) in labels.enumerated() {
            for b in labels.dropFirst(i + 1) {
                #expect(
                    !a.bounds.insetBy(0.5).intersects(b.bounds.insetBy(0.5)),
                    "\(name): '\(a.block.raw)' overlaps '\(b.block.raw)'")
            }
        }
    }

    @Test func longLabelsStillFit() {
        let fig = Figure(width: 3, height: 2.5)
        let ax = fig.axes()
        ax.plot([0, 1e6], [-123_456.5, 987_654.25])
        ax.xlabel("A rather long x label with $\\alpha_{i}^{2}$")
        ax.ylabel("Line one\nLine two\nLine three")
        ax.setTitle("Title")
        fig.suptitle = "Suptitle"
        let canvas = Rect(x: 0, y: 0, width: 216, height: 180)
        for t in fig.laidOutTexts() {
            #expect(canvas.contains(t.bounds, tolerance: 0.5), "'\(t.block.raw)' leaves the canvas")
        }
    }

    @Test func sharedAxesHideInnerTickLabels() {
        let fig = Figure()
        let grid = fig.subplots(rows: 2, columns: 2, sharex: true, sharey: true)
        for row in grid { for ax in row { ax.plot([0, 1], [0, 1]) } }
        #expect(!grid[0][0].xAxis.showTickLabels && grid[1][0].xAxis.showTickLabels)
        #expect(grid[0][0].yAxis.showTickLabels && !grid[0][1].yAxis.showTickLabels)
    }

    @Test func negativeSpacingOverlapsRows() {
        let fig = Figure(width: 4, height: 6)
        let axs = fig.subplots(rows: 3, hspace: -0.3, sharex: true).map { $0[0] }
        for ax in axs { ax.plot([0, 1], [0, 1]) }
        _ = fig.laidOutTexts()
        #expect(axs[0].rect.maxY > axs[1].rect.minY)
    }
}
