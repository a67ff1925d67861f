/// Something drawn inside an axes: lines, markers, patches, images, text.
/// Artists are created by `Axes` methods and returned so that their properties can be adjusted afterwards.
public class Artist {
    /// Legend entry text; nil or a label starting with "_" keeps the artist out of the legend.
    public var label: String?
    /// Drawing order: higher values are drawn on top (lines 2, patches 1, images 0, text 3).
    public var zOrder: Double
    /// Hidden artists are neither drawn nor used for autoscaling.
    public var isVisible = true
    /// Whether the artist is clipped to the plotting area.
    public var clipsToAxes = true

    init(label: String?, zOrder: Double) {
        self.label = label
        self.zOrder = zOrder
    }

    /// Draws the artist; the canvas is clipped to the axes when `clipsToAxes`.
    func draw(_ ctx: RenderContext) {}

    /// Data extent for autoscaling, considering only values the scales can show.
    func dataBounds(xScale: Scale, yScale: Scale) -> DataBounds? { nil }

    /// How the artist appears in a legend.
    var legendHandle: LegendHandle? { nil }

    /// A few positions (figure points) the artist covers, used to place legends where they hide least.
    func samplePoints(_ ctx: RenderContext) -> [(Double, Double)] { [] }

    /// Bounding boxes of unclipped text this artist draws outside the axes (for layout).
    func outsideBoxes(_ ctx: RenderContext) -> [Rect] { [] }
}

/// Data extent of an artist. "Sticky" values are limits autoscaling must not pad beyond (e.g. a histogram's zero).
struct DataBounds {
    var xmin = Double.infinity, xmax = -Double.infinity
    var ymin = Double.infinity, ymax = -Double.infinity
    var stickyX: [Double] = []
    var stickyY: [Double] = []
    var hasX: Bool { xmin <= xmax }
    var hasY: Bool { ymin <= ymax }

    mutating func addX(_ v: Double, _ scale: Scale) {
        guard scale.forward(v) != nil else { return }
        xmin = min(xmin, v)
        xmax = max(xmax, v)
    }

    mutating func addY(_ v: Double, _ scale: Scale) {
        guard scale.forward(v) != nil else { return }
        ymin = min(ymin, v)
        ymax = max(ymax, v)
    }

    /// Bounds of the points whose two coordinates are both showable.
    static func of(x: [Double], y: [Double], xScale: Scale, yScale: Scale) -> DataBounds? {
        var b = DataBounds()
        for i in 0..<min(x.count, y.count)
        where xScale.forward(x[i]) != nil && yScale.forward(y[i]) != nil {
            b.addX(x[i], xScale)
            b.addY(y[i], yScale)
        }
        return b.hasX ? b : nil
    }
}

/// The symbol drawn for an artist in a legend.
enum LegendHandle {
    case line(color: Color, width: Double, style: LineStyle, alpha: Double)
    case patch(fill: Color?, alpha: Double, edge: Color?, edgeWidth: Double, hatch: Hatch?)
    case marker(color: Color, size: Double, marker: Marker, alpha: Double)
}

/// Everything an artist needs to draw itself in an axes.
struct RenderContext {
    let canvas: Canvas
    let x: AxisMap
    let y: AxisMap
    let area: Rect
    let style: Style
    let figureSize: (width: Double, height: Double)

    /// Figure position of (u, v) in the given coordinate system; nil if not showable.
    func point(_ u: Double, _ v: Double, _ coords: Coordinates = .data) -> (Double, Double)? {
        let px: Double?
        let py: Double?
        switch coords {
        case .data:
            px = x(u)
            py = y(v)
        case .axes:
            px = area.minX + u * area.width
            py = area.maxY - v * area.height
        case .dataXAxesY:
            px = x(u)
            py = area.maxY - v * area.height
        case .axesXDataY:
            px = area.minX + u * area.width
            py = y(v)
        case .figure:
            px = u * figureSize.width
            py = (1 - v) * figureSize.height
        }
        guard let px, let py else { return nil }
        return (px, py)
    }

    /// Strokes a polyline through data points, breaking it at points that cannot be shown (NaN, log of <= 0).
    func strokePolyline(_ xs: [Double], _ ys: [Double]) {
        var penDown = false
        var pending = 0
        for i in 0..<min(xs.count, ys.count) {
            guard let px = x(xs[i]), let py = y(ys[i]) else {
                penDown = false
                continue
            }
            if penDown {
                canvas.line(px, py)
            } else {
                canvas.move(px, py)
                penDown = true
            }
            pending += 1
            if pending >= 20_000 {
                // Stroke long paths in pieces to keep cairo's tessellation fast.
                canvas.stroke()
                canvas.move(px, py)
                pending = 0
            }
        }
        canvas.stroke()
    }
}
