/// A box drawn behind text.
public struct TextBox: Sendable {
    public var fill: Color
    public var edge: Color?
    public var alpha: Double
    /// Space between text and box edge, in points.
    public var pad: Double
    /// Corner radius in points (0 for square corners).
    public var cornerRadius: Double
    public var edgeWidth: Double

    public init(
        fill: Color = .white, edge: Color? = nil, alpha: Double = 1, pad: Double = 3,
        cornerRadius: Double = 0, edgeWidth: Double = 0.8
    ) {
        self.fill = fill
        self.edge = edge
        self.alpha = alpha
        self.pad = pad
        self.cornerRadius = cornerRadius
        self.edgeWidth = edgeWidth
    }

    /// Rounded box, as used for bin labels.
    public static func rounded(fill: Color, edge: Color? = nil, alpha: Double = 1) -> TextBox {
        TextBox(fill: fill, edge: edge, alpha: alpha, pad: 3, cornerRadius: 4)
    }
}

/// Font and placement of a piece of text.
struct TextSpec {
    var text: String
    var size: Double
    var color: Color
    var weight: FontWeight
    var family: FontFamily
    var rotation: Double
    var ha: HAlign
    var va: VAlign
    var box: TextBox?

    func block(_ canvas: Canvas) -> TextBlock {
        TextBlock(text, size: size, family: family, weight: weight, canvas: canvas)
    }

    func bounds(at p: (Double, Double), canvas: Canvas) -> Rect {
        var r = block(canvas).bounds(x: p.0, y: p.1, ha: ha, va: va, rotation: rotation)
        if let box { r = r.insetBy(-box.pad - box.edgeWidth) }
        return r
    }

    func draw(at p: (Double, Double), canvas: Canvas) {
        let block = block(canvas)
        if let box {
            let local = block.localBox(ha: ha, va: va).insetBy(-box.pad)
            canvas.save()
            canvas.translate(p.0, p.1)
            if rotation != 0 { canvas.rotate(degrees: rotation) }
            let paint = PatchPaint(
                fill: box.fill, alpha: box.alpha, edge: box.edge, edgeWidth: box.edgeWidth,
                hatch: nil)
            paint.paint(canvas, bounds: local) {
                canvas.roundedRect(local, radius: box.cornerRadius)
            }
            canvas.restore()
        }
        block.draw(on: canvas, x: p.0, y: p.1, ha: ha, va: va, rotation: rotation, color: color)
    }
}

/// Text placed in data, axes or figure coordinates; supports the label markup (`_{}`, `^{}`, `\alpha`, `$...$`).
public final class TextLabel: Artist {
    public var x: Double
    public var y: Double
    public var coordinates: Coordinates
    var spec: TextSpec

    init(x: Double, y: Double, coordinates: Coordinates, spec: TextSpec) {
        self.x = x
        self.y = y
        self.coordinates = coordinates
        self.spec = spec
        super.init(label: nil, zOrder: 3)
        clipsToAxes = false
    }

    /// The text itself.
    public var text: String {
        get { spec.text }
        set { spec.text = newValue }
    }

    override func draw(_ ctx: RenderContext) {
        guard let p = ctx.point(x, y, coordinates) else { return }
        spec.draw(at: p, canvas: ctx.canvas)
    }

    override func outsideBoxes(_ ctx: RenderContext) -> [Rect] {
        guard !clipsToAxes, let p = ctx.point(x, y, coordinates) else { return [] }
        return [spec.bounds(at: p, canvas: ctx.canvas)]
    }

    override func samplePoints(_ ctx: RenderContext) -> [(Double, Double)] {
        guard let p = ctx.point(x, y, coordinates) else { return [] }
        let r = spec.bounds(at: p, canvas: ctx.canvas)
        return [
            (r.minX, r.minY), (r.maxX, r.minY), (r.minX, r.maxY), (r.maxX, r.maxY),
            (r.midX, r.midY),
        ]
    }
}

/// A line from a labelled point to its text (for spectral-line labels).
public struct LeaderLine: Sendable {
    public var color: Color
    public var width: Double
    public var style: LineStyle
    /// Gap left between the line's end and the text, in points.
    public var gap: Double

    public init(
        color: Color = .black, width: Double = 0.6, style: LineStyle = .solid, gap: Double = 1.5
    ) {
        self.color = color
        self.width = width
        self.style = style
        self.gap = gap
    }
}

/// Text at one position connected by a leader line to a point of interest.
public final class Annotation: Artist {
    public var point: (x: Double, y: Double)
    public var pointCoordinates: Coordinates
    public var textPosition: (x: Double, y: Double)
    public var textCoordinates: Coordinates
    public var leader: LeaderLine?
    var spec: TextSpec

    init(
        point: (Double, Double), pointCoordinates: Coordinates, textPosition: (Double, Double),
        textCoordinates: Coordinates, leader: LeaderLine?, spec: TextSpec
    ) {
        self.point = point
        self.pointCoordinates = pointCoordinates
        self.textPosition = textPosition
        self.textCoordinates = textCoordinates
        self.leader = leader
        self.spec = spec
        super.init(label: nil, zOrder: 3)
        clipsToAxes = false
    }

    override func draw(_ ctx: RenderContext) {
        guard let t = ctx.point(textPosition.x, textPosition.y, textCoordinates) else { return }
        if let leader, let p = ctx.point(point.x, point.y, pointCoordinates) {
            let dx = p.0 - t.0
            let dy = p.1 - t.1
            let len = (dx * dx + dy * dy).squareRoot()
            if len > leader.gap {
                let s = leader.gap / len
                ctx.canvas.setColor(leader.color)
                ctx.canvas.setLine(width: leader.width, style: leader.style)
                ctx.canvas.move(t.0 + dx * s, t.1 + dy * s)
                ctx.canvas.line(p.0, p.1)
                ctx.canvas.stroke()
            }
        }
        spec.draw(at: t, canvas: ctx.canvas)
    }

    override func outsideBoxes(_ ctx: RenderContext) -> [Rect] {
        guard let t = ctx.point(textPosition.x, textPosition.y, textCoordinates) else { return [] }
        return [spec.bounds(at: t, canvas: ctx.canvas)]
    }
}
