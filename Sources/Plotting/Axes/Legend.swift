/// A measured legend: handles and labels in a grid of columns, filled column by column.
struct LegendBox {
    let entries: [(block: TextBlock, handle: LegendHandle)]
    let spec: LegendSpec
    let fontSize: Double
    let rows: Int
    let columns: Int
    let columnWidths: [Double]
    let rowHeight: Double
    let size: (width: Double, height: Double)

    private var handleLength: Double { spec.handleLength * fontSize }
    private var handlePad: Double { 0.8 * fontSize }
    private var labelSpacing: Double { 0.5 * fontSize }
    private var borderPad: Double { 0.4 * fontSize }
    private var columnSpacing: Double { 2.0 * fontSize }

    init?(entries raw: [(String, LegendHandle)], spec: LegendSpec, style: Style, canvas: Canvas) {
        guard !raw.isEmpty else { return nil }
        let fs = spec.fontSize ?? style.legendSize
        fontSize = fs
        self.spec = spec
        entries = raw.map {
            (TextBlock($0.0, size: fs, family: style.family, canvas: canvas), $0.1)
        }
        columns = min(max(spec.columns, 1), raw.count)
        rows = (raw.count + columns - 1) / columns
        rowHeight = max(entries.map(\.block.height).max() ?? fs, fs)
        var widths = [Double](repeating: 0, count: columns)
        for (i, e) in entries.enumerated() {
            widths[i / rows] = max(widths[i / rows], e.block.width)
        }
        columnWidths = widths.map { $0 + spec.handleLength * fs + 0.8 * fs }
        let w = 2 * 0.4 * fs + columnWidths.reduce(0, +) + Double(columns - 1) * 2.0 * fs
        let h = 2 * 0.4 * fs + Double(rows) * rowHeight + Double(rows - 1) * 0.5 * fs
        size = (w, h)
    }

    /// Draws with the top-left corner at (x, y).
    func draw(at x: Double, _ y: Double, canvas: Canvas) {
        if spec.frame {
            let r = Rect(x: x, y: y, width: size.width, height: size.height)
            canvas.setColor(.white, alpha: 0.8)
            canvas.roundedRect(r, radius: 3)
            canvas.fillPreserve()
            canvas.setColor(Color(gray: 0.8))
            canvas.setLine(width: 0.8)
            canvas.stroke()
        }
        var colX = x + borderPad
        for col in 0..<columns {
            for row in 0..<rows {
                let i = col * rows + row
                guard i < entries.count else { break }
                let top = y + borderPad + Double(row) * (rowHeight + labelSpacing)
                let mid = top + rowHeight / 2
                drawHandle(entries[i].handle, x: colX, midY: mid, canvas: canvas)
                entries[i].block.draw(
                    on: canvas, x: colX + handleLength + handlePad, y: mid, ha: .left, va: .center,
                    color: .black)
            }
            colX += columnWidths[col] + columnSpacing
        }
    }

    private func drawHandle(_ handle: LegendHandle, x: Double, midY: Double, canvas: Canvas) {
        switch handle {
        case .line(let color, let width, let style, let alpha):
            canvas.setColor(color, alpha: alpha)
            canvas.setLine(width: width, style: style)
            canvas.move(x, midY)
            canvas.line(x + handleLength, midY)
            canvas.stroke()
        case .patch(let fill, let alpha, let edge, let edgeWidth, let hatch):
            let r = Rect(
                x: x, y: midY - 0.35 * fontSize, width: handleLength, height: 0.7 * fontSize)
            PatchPaint(fill: fill, alpha: alpha, edge: edge, edgeWidth: edgeWidth, hatch: hatch)
                .paint(canvas, bounds: r) { canvas.rect(r) }
        case .marker(let color, let size, let marker, let alpha):
            MarkerPainter.drawVector(
                points: [(x + handleLength / 2, midY)], sizes: [size],
                colors: [color.withAlpha(color.alpha * alpha)], marker: marker, edge: nil,
                canvas: canvas)
        }
    }

    /// Top-left corner for a location inside `area`.
    func origin(_ location: LegendLocation, in area: Rect) -> (Double, Double) {
        let pad = 0.5 * fontSize
        let left = area.minX + pad
        let right = area.maxX - pad - size.width
        let cx = area.midX - size.width / 2
        let top = area.minY + pad
        let bottom = area.maxY - pad - size.height
        let cy = area.midY - size.height / 2
        switch location {
        case .best, .upperRight: return (right, top)
        case .upperLeft: return (left, top)
        case .lowerLeft: return (left, bottom)
        case .lowerRight: return (right, bottom)
        case .right, .centerRight: return (right, cy)
        case .centerLeft: return (left, cy)
        case .lowerCenter: return (cx, bottom)
        case .upperCenter: return (cx, top)
        case .center: return (cx, cy)
        case .at(let fx, let fy): return (area.minX + fx * area.width, area.maxY - fy * area.height)
        }
    }

    /// The location that covers the fewest sample points (first candidate wins ties).
    func bestLocation(points: [(Double, Double)], area: Rect) -> LegendLocation {
        let candidates: [LegendLocation] = [
            .upperRight, .upperLeft, .lowerLeft, .lowerRight, .centerRight,
            .centerLeft, .lowerCenter, .upperCenter, .center,
        ]
        var best = LegendLocation.upperRight
        var bestCount = Int.max
        for c in candidates {
            let o = origin(c, in: area)
            let r = Rect(x: o.0, y: o.1, width: size.width, height: size.height)
            let count = points.reduce(0) { $0 + (r.contains(x: $1.0, y: $1.1) ? 1 : 0) }
            if count < bestCount {
                bestCount = count
                best = c
            }
        }
        return best
    }

    func drawInside(_ ctx: RenderContext, artists: [Artist]) {
        var location = spec.location
        if case .best = location {
            location = bestLocation(
                points: artists.flatMap { $0.samplePoints(ctx) }, area: ctx.area)
        }
        let o = origin(location, in: ctx.area)
        draw(at: o.0, o.1, canvas: ctx.canvas)
    }
}
