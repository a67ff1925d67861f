/// A band or line across the whole axes: vertical (x range, full height) or horizontal (y range, full width).
/// Zero-width spans are drawn as lines (`axvline`, `axhline`).
public final class Span: Artist {
    public enum Orientation: Sendable { case vertical, horizontal }
    public let orientation: Orientation
    public var from: Double
    public var to: Double
    /// Extent across the axes as fractions (0...1) of its height (vertical) or width (horizontal).
    public var extent: ClosedRange<Double>
    var paint: PatchPaint
    var lineStyle: LineStyle
    var lineWidth: Double

    init(
        _ orientation: Orientation, from: Double, to: Double, extent: ClosedRange<Double>,
        paint: PatchPaint,
        lineStyle: LineStyle, lineWidth: Double, label: String?
    ) {
        self.orientation = orientation
        self.from = from
        self.to = to
        self.extent = extent
        self.paint = paint
        self.lineStyle = lineStyle
        self.lineWidth = lineWidth
        super.init(label: label, zOrder: from == to ? 2 : 0.5)
    }

    var isLine: Bool { from == to }

    override func draw(_ ctx: RenderContext) {
        let map = orientation == .vertical ? ctx.x : ctx.y
        let a = ctx.area
        if isLine {
            guard let p = map(from), let color = paint.edge ?? paint.fill else { return }
            ctx.canvas.setColor(color, alpha: paint.alpha)
            ctx.canvas.setLine(width: lineWidth, style: lineStyle)
            if orientation == .vertical {
                ctx.canvas.move(p, a.maxY - extent.lowerBound * a.height)
                ctx.canvas.line(p, a.maxY - extent.upperBound * a.height)
            } else {
                ctx.canvas.move(a.minX + extent.lowerBound * a.width, p)
                ctx.canvas.line(a.minX + extent.upperBound * a.width, p)
            }
            ctx.canvas.stroke()
            return
        }
        let p0 = map.clamped(from)
        let p1 = map.clamped(to)
        let r: Rect
        if orientation == .vertical {
            r = Rect(
                minX: min(p0, p1), minY: a.maxY - extent.upperBound * a.height,
                maxX: max(p0, p1), maxY: a.maxY - extent.lowerBound * a.height)
        } else {
            r = Rect(
                minX: a.minX + extent.lowerBound * a.width, minY: min(p0, p1),
                maxX: a.minX + extent.upperBound * a.width, maxY: max(p0, p1))
        }
        paint.paint(ctx.canvas, bounds: r) { ctx.canvas.rect(r) }
    }

    override func dataBounds(xScale: Scale, yScale: Scale) -> DataBounds? {
        var b = DataBounds()
        if orientation == .vertical {
            b.addX(from, xScale)
            b.addX(to, xScale)
            return b.hasX ? b : nil
        }
        b.addY(from, yScale)
        b.addY(to, yScale)
        return b.hasY ? b : nil
    }

    override var legendHandle: LegendHandle? {
        if isLine, let c = paint.edge ?? paint.fill {
            return .line(color: c, width: lineWidth, style: lineStyle, alpha: paint.alpha)
        }
        return paint.legendHandle
    }
}
