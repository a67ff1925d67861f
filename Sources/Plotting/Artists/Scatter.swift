/// Markers at data points, with one colour or colours from values through a colormap.
/// Large sets are blitted straight into PNG pixels, and rasterised inside PDF/SVG output.
public final class Scatter: Artist {
    public var x: [Double]
    public var y: [Double]
    /// Marker areas in points squared (one value, or one per point), as in matplotlib.
    public var sizes: [Double]
    public var color: Color
    /// Values mapped through `colormap` between `vmin` and `vmax`; overrides `color` when set.
    public var values: [Double]?
    public var colormap: Colormap
    public var vmin: Double?
    public var vmax: Double?
    public var alpha: Double
    public var marker: Marker
    /// Draw as an image in vector output: nil decides automatically (more than 20,000 points).
    public var rasterized: Bool?
    /// Pixels per inch of the rasterised layer in vector output.
    public var rasterDPI = 300.0

    init(
        x: [Double], y: [Double], sizes: [Double], color: Color, values: [Double]?,
        colormap: Colormap,
        vmin: Double?, vmax: Double?, alpha: Double, marker: Marker, label: String?
    ) {
        self.x = x
        self.y = y
        self.sizes = sizes
        self.color = color
        self.values = values
        self.colormap = colormap
        self.vmin = vmin
        self.vmax = vmax
        self.alpha = alpha
        self.marker = marker
        super.init(label: label, zOrder: 2)
    }

    /// The value range used for colouring.
    public var valueRange: (min: Double, max: Double) {
        let finite = (values ?? []).filter(\.isFinite)
        return (vmin ?? finite.min() ?? 0, vmax ?? finite.max() ?? 1)
    }

    private func resolved(_ ctx: RenderContext) -> (
        pts: [(Double, Double)], diam: [Double], colors: [Color]
    ) {
        let n = min(x.count, y.count)
        var pts: [(Double, Double)] = []
        pts.reserveCapacity(n)
        var diam: [Double] = []
        var colors: [Color] = []
        let perPointSize = sizes.count > 1
        let range = valueRange
        let mapped = values
        for i in 0..<n {
            guard let px = ctx.x(x[i]), let py = ctx.y(y[i]) else { continue }
            if let mapped {
                guard i < mapped.count, mapped[i].isFinite else { continue }
                let c = colormap.color(for: mapped[i], vmin: range.min, vmax: range.max)
                colors.append(c.withAlpha(c.alpha * alpha))
            }
            if perPointSize { diam.append(i < sizes.count ? sizes[i].squareRoot() : 0) }
            pts.append((px, py))
        }
        if !perPointSize { diam = [(sizes.first ?? 20).squareRoot()] }
        if mapped == nil { colors = [color.withAlpha(color.alpha * alpha)] }
        return (pts, diam, colors)
    }

    override func draw(_ ctx: RenderContext) {
        let r = resolved(ctx)
        let scale = ctx.canvas.scale
        let blitted = ctx.canvas.withPixels(clip: ctx.area) { target in
            MarkerPainter.blit(
                points: r.pts.map { ($0.0 * scale, $0.1 * scale) },
                radii: r.diam.map { $0 * scale / 2 },
                colors: r.colors, marker: marker, into: target)
        }
        if blitted { return }
        if rasterized ?? (r.pts.count > 20_000) {
            drawRasterized(r, ctx)
        } else {
            MarkerPainter.drawVector(
                points: r.pts, sizes: r.diam, colors: r.colors, marker: marker, edge: nil,
                canvas: ctx.canvas)
        }
    }

    private func drawRasterized(
        _ r: (pts: [(Double, Double)], diam: [Double], colors: [Color]), _ ctx: RenderContext
    ) {
        let s = rasterDPI / 72
        let w = max(1, Int((ctx.area.width * s).rounded(.up)))
        let h = max(1, Int((ctx.area.height * s).rounded(.up)))
        guard w * h <= 100_000_000 else { return }
        var buffer = [UInt32](repeating: 0, count: w * h)
        buffer.withUnsafeMutableBufferPointer { buf in
            guard let base = buf.baseAddress else { return }
            let target = MarkerPainter.PixelTarget(
                pixels: base, width: w, height: h, stride: w, clip: (0, 0, w, h))
            MarkerPainter.blit(
                points: r.pts.map { (($0.0 - ctx.area.minX) * s, ($0.1 - ctx.area.minY) * s) },
                radii: r.diam.map { $0 * s / 2 }, colors: r.colors, marker: marker, into: target)
        }
        ctx.canvas.drawImage(
            pixels: buffer, width: w, height: h,
            in: Rect(
                x: ctx.area.minX, y: ctx.area.minY, width: Double(w) / s, height: Double(h) / s))
    }

    override func dataBounds(xScale: Scale, yScale: Scale) -> DataBounds? {
        DataBounds.of(x: x, y: y, xScale: xScale, yScale: yScale)
    }

    override var legendHandle: LegendHandle? {
        let c = values == nil ? color : colormap.color(at: 0.5)
        return .marker(
            color: c, size: max((sizes.first ?? 20).squareRoot(), 5), marker: marker, alpha: alpha)
    }

    override func samplePoints(_ ctx: RenderContext) -> [(Double, Double)] {
        let n = min(x.count, y.count)
        let step = max(1, n / 2000)
        return stride(from: 0, to: n, by: step).compactMap { ctx.point(x[$0], y[$0]) }
    }
}
