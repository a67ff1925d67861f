/// A polyline through data points, optionally with markers; NaN points break the line.
public final class Line: Artist {
    public var x: [Double]
    public var y: [Double]
    public var color: Color
    public var lineWidth: Double
    public var style: LineStyle
    public var alpha: Double
    /// Optional marker drawn at each point, with its size (diameter in points).
    public var marker: Marker?
    public var markerSize: Double

    init(
        x: [Double], y: [Double], color: Color, lineWidth: Double, style: LineStyle, alpha: Double,
        marker: Marker?, markerSize: Double, label: String?
    ) {
        self.x = x
        self.y = y
        self.color = color
        self.lineWidth = lineWidth
        self.style = style
        self.alpha = alpha
        self.marker = marker
        self.markerSize = markerSize
        super.init(label: label, zOrder: 2)
    }

    override func draw(_ ctx: RenderContext) {
        if style != .none && lineWidth > 0 {
            ctx.canvas.setColor(color, alpha: alpha)
            ctx.canvas.setLine(width: lineWidth, style: style)
            ctx.strokePolyline(x, y)
        }
        if let marker {
            let pts = (0..<min(x.count, y.count)).compactMap { ctx.point(x[$0], y[$0]) }
            MarkerPainter.drawVector(
                points: pts, sizes: [markerSize], colors: [color.withAlpha(color.alpha * alpha)],
                marker: marker, edge: nil, canvas: ctx.canvas)
        }
    }

    override func dataBounds(xScale: Scale, yScale: Scale) -> DataBounds? {
        DataBounds.of(x: x, y: y, xScale: xScale, yScale: yScale)
    }

    override var legendHandle: LegendHandle? {
        if style == .none, let marker {
            return .marker(color: color, size: markerSize, marker: marker, alpha: alpha)
        }
        return .line(color: color, width: lineWidth, style: style, alpha: alpha)
    }

    /// Points along the line every few points of length (so legends avoid the segments, not just vertices).
    override func samplePoints(_ ctx: RenderContext) -> [(Double, Double)] {
        let n = min(x.count, y.count)
        let step = max(1, n / 2000)
        let vertices = stride(from: 0, to: n, by: step).map { ctx.point(x[$0], y[$0]) }
        var out: [(Double, Double)] = []
        var previous: (Double, Double)?
        for v in vertices {
            guard let p = v else {
                previous = nil
                continue
            }
            if let q = previous, style != .none {
                let d = max(abs(p.0 - q.0), abs(p.1 - q.1))
                let k = min(Int(d / 4), 200)
                if k > 1 {
                    for j in 1..<k {
                        let t = Double(j) / Double(k)
                        out.append((q.0 + (p.0 - q.0) * t, q.1 + (p.1 - q.1) * t))
                    }
                }
            }
            out.append(p)
            previous = p
        }
        return out
    }
}
