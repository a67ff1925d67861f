/// Anything coloured through a colormap, so that a colorbar can describe it.
public protocol ScalarMappable: AnyObject {
    var colormap: Colormap { get }
    /// Values mapped to the two ends of the colormap.
    var valueRange: (min: Double, max: Double) { get }
}

extension Scatter: ScalarMappable {}

/// Which matrix row is drawn at the top of an image.
public enum ImageOrigin: Sendable {
    /// Row 0 at the top (like a matrix print-out).
    case upper
    /// Row 0 at the bottom (like a y axis).
    case lower
}

/// A matrix drawn as an image of cells (nearest neighbour, no smoothing). NaN cells are transparent.
public final class Heatmap: Artist, ScalarMappable {
    /// The values, `rows` arrays of `columns` values.
    public let values: [[Double]]
    public var colormap: Colormap
    public var vmin: Double?
    public var vmax: Double?
    public var alpha: Double
    public var origin: ImageOrigin
    /// Data coordinates of the image edges: left, right, bottom, top.
    public var extent: (left: Double, right: Double, bottom: Double, top: Double)

    init(
        values: [[Double]], colormap: Colormap, vmin: Double?, vmax: Double?, alpha: Double,
        origin: ImageOrigin,
        extent: (Double, Double, Double, Double)?
    ) {
        self.values = values
        self.colormap = colormap
        self.vmin = vmin
        self.vmax = vmax
        self.alpha = alpha
        self.origin = origin
        let rows = Double(values.count)
        let cols = Double(values.map(\.count).max() ?? 0)
        self.extent =
            extent ?? (
                -0.5, cols - 0.5, origin == .lower ? -0.5 : rows - 0.5,
                origin == .lower ? rows - 0.5 : -0.5
            )
        super.init(label: nil, zOrder: 0)
    }

    public var rows: Int { values.count }
    public var columns: Int { values.map(\.count).max() ?? 0 }

    public var valueRange: (min: Double, max: Double) {
        let finite = values.joined().filter(\.isFinite)
        return (vmin ?? finite.min() ?? 0, vmax ?? finite.max() ?? 1)
    }

    override func draw(_ ctx: RenderContext) {
        let nr = rows
        let nc = columns
        guard nr > 0, nc > 0 else { return }
        let xl = ctx.x.clamped(extent.left)
        let xr = ctx.x.clamped(extent.right)
        let yb = ctx.y.clamped(extent.bottom)
        let yt = ctx.y.clamped(extent.top)
        // Image row 0 lands at the visual top; row 0 of the matrix belongs at extent.top (upper) or extent.bottom (lower).
        let flipRows = origin == .upper ? yt > yb : yb > yt
        let flipCols = xl > xr
        let range = valueRange
        var pixels = [UInt32](repeating: 0, count: nr * nc)
        for r in 0..<nr {
            let outRow = flipRows ? nr - 1 - r : r
            for c in 0..<nc {
                let v = c < values[r].count ? values[r][c] : .nan
                guard v.isFinite else { continue }
                let col = colormap.color(for: v, vmin: range.min, vmax: range.max)
                let a = col.alpha * alpha
                let px =
                    (UInt32((a * 255).rounded()) << 24)
                    | (UInt32((col.red * a * 255).rounded()) << 16)
                    | (UInt32((col.green * a * 255).rounded()) << 8)
                    | UInt32((col.blue * a * 255).rounded())
                pixels[outRow * nc + (flipCols ? nc - 1 - c : c)] = px
            }
        }
        let rect = Rect(minX: min(xl, xr), minY: min(yb, yt), maxX: max(xl, xr), maxY: max(yb, yt))
        ctx.canvas.drawImage(pixels: pixels, width: nc, height: nr, in: rect)
    }

    override func dataBounds(xScale: Scale, yScale: Scale) -> DataBounds? {
        var b = DataBounds()
        b.addX(extent.left, xScale)
        b.addX(extent.right, xScale)
        b.addY(extent.bottom, yScale)
        b.addY(extent.top, yScale)
        b.stickyX = [extent.left, extent.right]
        b.stickyY = [extent.bottom, extent.top]
        return b.hasX ? b : nil
    }
}
