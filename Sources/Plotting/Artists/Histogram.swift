import Foundation

/// How a histogram is drawn.
public enum HistogramType: Sendable {
    /// One filled bar per bin.
    case bar
    /// The outline only.
    case step
    /// A filled outline (one shape, no gaps between bins).
    case stepFilled
}

/// Binned counts of data drawn as bars or steps. NaN and infinite values are ignored.
public final class Histogram: Artist {
    /// Bin edges (count + 1 values) and the height of each bin (counts, or density if requested).
    public let edges: [Double]
    public let heights: [Double]
    public var type: HistogramType
    /// Baseline of the bars (0, or the top of a histogram it is stacked on).
    public var bottom: Double
    var paint: PatchPaint

    init(
        edges: [Double], heights: [Double], type: HistogramType, bottom: Double, paint: PatchPaint,
        label: String?
    ) {
        self.edges = edges
        self.heights = heights
        self.type = type
        self.bottom = bottom
        self.paint = paint
        super.init(label: label, zOrder: 1)
    }

    /// Bin edges for `data`: `bins` equal bins over `range` (default: the finite data range).
    static func edges(for data: [Double], bins: Int, range: ClosedRange<Double>?) throws(PlotError)
        -> [Double]
    {
        guard bins > 0 else { throw .invalidArgument("bins must be positive, got \(bins)") }
        let finite = data.filter(\.isFinite)
        var lo = range?.lowerBound ?? finite.min() ?? 0
        var hi = range?.upperBound ?? finite.max() ?? 1
        guard lo.isFinite, hi.isFinite else {
            throw .invalidArgument("histogram range must be finite")
        }
        if hi == lo {
            lo -= 0.5
            hi += 0.5
        }
        return (0...bins).map { lo + (hi - lo) * Double($0) / Double(bins) }
    }

    /// Counts (or densities) of `data` in the bins given by increasing `edges`; the last bin includes its right edge.
    static func heights(for data: [Double], edges: [Double], density: Bool, weights: [Double]?)
        -> [Double]
    {
        let n = edges.count - 1
        guard n > 0 else { return [] }
        var counts = [Double](repeating: 0, count: n)
        let lo = edges[0]
        let hi = edges[n]
        let uniform =
            n > 1
            && edges.indices.dropFirst().allSatisfy {
                abs((edges[$0] - edges[$0 - 1]) - (hi - lo) / Double(n)) < 1e-9
                    * max(1, abs(hi - lo))
            }
        for (k, v) in data.enumerated() where v.isFinite && v >= lo && v <= hi {
            var i: Int
            if uniform {
                i = min(Int((v - lo) / (hi - lo) * Double(n)), n - 1)
            } else {
                var a = 0
                var b = n
                while b - a > 1 {
                    let m = (a + b) / 2
                    if v >= edges[m] { a = m } else { b = m }
                }
                i = a
            }
            i = max(0, i)
            counts[i] += weights.map { k < $0.count ? $0[k] : 0 } ?? 1
        }
        guard density else { return counts }
        let total = counts.reduce(0, +)
        guard total > 0 else { return counts }
        return (0..<n).map { counts[$0] / (total * (edges[$0 + 1] - edges[$0])) }
    }

    private func outline(_ ctx: RenderContext) -> [(Double, Double)] {
        var pts: [(Double, Double)] = []
        let base = ctx.y.clamped(bottom)
        guard let first = edges.first else { return pts }
        pts.append((ctx.x.clamped(first), base))
        for i in 0..<heights.count {
            let top = ctx.y.clamped(bottom + heights[i])
            pts.append((ctx.x.clamped(edges[i]), top))
            pts.append((ctx.x.clamped(edges[i + 1]), top))
        }
        pts.append((ctx.x.clamped(edges[edges.count - 1]), base))
        return pts
    }

    override func draw(_ ctx: RenderContext) {
        guard heights.count == edges.count - 1, !heights.isEmpty else { return }
        let canvas = ctx.canvas
        switch type {
        case .bar:
            let base = ctx.y.clamped(bottom)
            for i in 0..<heights.count where heights[i] != 0 && heights[i].isFinite {
                let x0 = ctx.x.clamped(edges[i])
                let x1 = ctx.x.clamped(edges[i + 1])
                let top = ctx.y.clamped(bottom + heights[i])
                let r = Rect(
                    minX: min(x0, x1), minY: min(top, base), maxX: max(x0, x1), maxY: max(top, base)
                )
                paint.paint(canvas, bounds: r) { canvas.rect(r) }
            }
        case .step, .stepFilled:
            let pts = outline(ctx)
            let bounds = Rect(
                minX: pts.map(\.0).min() ?? 0, minY: pts.map(\.1).min() ?? 0,
                maxX: pts.map(\.0).max() ?? 0, maxY: pts.map(\.1).max() ?? 0)
            var p = paint
            if type == .step {
                p.edge = p.edge ?? p.fill
                p.fill = nil
            }
            let closed = type == .stepFilled
            p.paint(canvas, bounds: bounds) {
                canvas.move(pts[0].0, pts[0].1)
                for q in pts.dropFirst() { canvas.line(q.0, q.1) }
                if closed { canvas.close() }
            }
        }
    }

    override func dataBounds(xScale: Scale, yScale: Scale) -> DataBounds? {
        var b = DataBounds()
        for e in edges { b.addX(e, xScale) }
        for h in heights where h != 0 { b.addY(bottom + h, yScale) }
        if yScale == .linear {
            b.addY(bottom, yScale)
            b.stickyY = [bottom]
        }
        return b.hasX ? b : nil
    }

    override var legendHandle: LegendHandle? {
        if type == .step {
            return .line(
                color: paint.edge ?? paint.fill ?? .black, width: paint.edgeWidth, style: .solid,
                alpha: paint.alpha)
        }
        return paint.legendHandle
    }

    override func samplePoints(_ ctx: RenderContext) -> [(Double, Double)] {
        var pts: [(Double, Double)] = []
        for i in 0..<heights.count where heights[i] > 0 {
            let mid = (edges[i] + edges[i + 1]) / 2
            for f in stride(from: 0.0, through: 1.0, by: 0.1) {
                if let p = ctx.point(mid, bottom + heights[i] * f) { pts.append(p) }
            }
        }
        return pts
    }
}
