/// The region between two curves y1(x) and y2(x); NaN points split the region.
public final class FillBetween: Artist {
    public var x: [Double]
    public var y1: [Double]
    public var y2: [Double]
    var paint: PatchPaint

    init(x: [Double], y1: [Double], y2: [Double], paint: PatchPaint, label: String?) {
        self.x = x
        self.y1 = y1
        self.y2 = y2
        self.paint = paint
        super.init(label: label, zOrder: 1)
    }

    /// Index ranges where all three arrays hold showable values.
    private func segments(_ ctx: RenderContext) -> [Range<Int>] {
        let n = min(x.count, y1.count, y2.count)
        var result: [Range<Int>] = []
        var start: Int?
        for i in 0..<n {
            let ok = ctx.x(x[i]) != nil && y1[i].isFinite && y2[i].isFinite
            if ok, start == nil { start = i }
            if !ok, let s = start {
                result.append(s..<i)
                start = nil
            }
        }
        if let s = start { result.append(s..<n) }
        return result
    }

    override func draw(_ ctx: RenderContext) {
        for seg in segments(ctx) {
            let px = seg.compactMap { ctx.x(x[$0]) }
            let top = seg.map { ctx.y.clamped(y1[$0]) }
            let bottom = seg.map { ctx.y.clamped(y2[$0]) }
            guard px.count == seg.count, let minX = px.min(), let maxX = px.max() else { continue }
            let bounds = Rect(
                minX: minX, minY: min(top.min() ?? 0, bottom.min() ?? 0),
                maxX: maxX, maxY: max(top.max() ?? 0, bottom.max() ?? 0))
            paint.paint(ctx.canvas, bounds: bounds) {
                ctx.canvas.move(px[0], top[0])
                for i in 1..<px.count { ctx.canvas.line(px[i], top[i]) }
                for i in stride(from: px.count - 1, through: 0, by: -1) {
                    ctx.canvas.line(px[i], bottom[i])
                }
                ctx.canvas.close()
            }
        }
    }

    override func dataBounds(xScale: Scale, yScale: Scale) -> DataBounds? {
        var b = DataBounds()
        for i in 0..<min(x.count, y1.count, y2.count) where xScale.forward(x[i]) != nil {
            b.addX(x[i], xScale)
            b.addY(y1[i], yScale)
            b.addY(y2[i], yScale)
        }
        return b.hasX ? b : nil
    }

    override var legendHandle: LegendHandle? { paint.legendHandle }

    override func samplePoints(_ ctx: RenderContext) -> [(Double, Double)] {
        let n = min(x.count, y1.count, y2.count)
        let step = max(1, n / 200)
        return stride(from: 0, to: n, by: step).flatMap { i -> [(Double, Double)] in
            [ctx.point(x[i], y1[i]), ctx.point(x[i], y2[i]), ctx.point(x[i], (y1[i] + y2[i]) / 2)]
                .compactMap { $0 }
        }
    }
}
