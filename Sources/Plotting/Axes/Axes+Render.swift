import Foundation

extension Axes {
    var xMap: AxisMap {
        AxisMap(scale: xAxis.scale, lo: xLimits.0, hi: xLimits.1, p0: rect.minX, p1: rect.maxX)
    }
    var yMap: AxisMap {
        AxisMap(scale: yAxis.scale, lo: yLimits.0, hi: yLimits.1, p0: rect.maxY, p1: rect.minY)
    }

    func context(_ canvas: Canvas, figureSize: (Double, Double)) -> RenderContext {
        RenderContext(
            canvas: canvas, x: xMap, y: yMap, area: rect, style: theme, figureSize: figureSize)
    }

    private var labelSize: Double { tickLabelSize ?? theme.tickLabelSize }

    /// Chooses ticks for the current size and limits.
    func computeTicks() {
        xTicks = ticks(for: xAxis, limits: xLimits, length: rect.width, perLabel: 3 * labelSize)
        yTicks = ticks(for: yAxis, limits: yLimits, length: rect.height, perLabel: 2 * labelSize)
    }

    private func ticks(
        for c: AxisConfig, limits: (Double, Double), length: Double, perLabel: Double
    ) -> TickSet {
        let lo = min(limits.0, limits.1)
        let hi = max(limits.0, limits.1)
        let tol = (hi - lo) * 1e-9
        let minor = c.minorTicks ?? (theme.minorTicks && c.tickLabels == nil)
        let target = c.maxTicks ?? min(max(Int(length / perLabel), 1), 9)
        var set = TickLocator.ticks(lo, hi, scale: c.scale, target: target, minor: minor)
        if let custom = c.ticks {
            var labels: [String] = []
            var major: [Double] = []
            let formatted =
                c.tickLabels
                ?? TickLocator.format(
                    custom, step: custom.count > 1 ? abs(custom[1] - custom[0]) : 1)
            for (i, v) in custom.enumerated()
            where v >= lo - tol && v <= hi + tol && c.scale.forward(v) != nil {
                major.append(v)
                labels.append(i < formatted.count ? formatted[i] : "")
            }
            set.major = major
            set.labels = labels
            if c.minorTicks != true { set.minor = [] }
        }
        return set
    }

    /// Tick labels, axis labels and title, positioned for the current rectangle.
    func decorations(_ canvas: Canvas) -> [PlacedText] {
        var out: [PlacedText] = []
        let outward = theme.tickDirection == .inward ? 0 : theme.majorTickLength
        let pad = theme.tickLabelPad + outward
        let x = xMap
        let y = yMap
        var xEdge = xAxis.opposite ? rect.minY - pad : rect.maxY + pad
        if xAxis.showTickLabels {
            for (v, s) in zip(xTicks.major, xTicks.labels) where !s.isEmpty {
                guard let px = x(v) else { continue }
                let rot = xAxis.tickLabelRotation
                let t = PlacedText(
                    block: TextBlock(s, size: labelSize, family: theme.family, canvas: canvas),
                    x: px,
                    y: xEdge, ha: rot == 0 ? .center : .right, va: xAxis.opposite ? .bottom : .top,
                    rotation: rot, color: theme.textColor, kind: .tickLabel)
                out.append(t)
            }
            let b = out.map(\.bounds)
            if !b.isEmpty {
                xEdge = xAxis.opposite ? b.map(\.minY).min() ?? xEdge : b.map(\.maxY).max() ?? xEdge
            }
        }
        var yEdge = yAxis.opposite ? rect.maxX + pad : rect.minX - pad
        var yLabelBounds: [Rect] = []
        if yAxis.showTickLabels {
            for (v, s) in zip(yTicks.major, yTicks.labels) where !s.isEmpty {
                guard let py = y(v) else { continue }
                let t = PlacedText(
                    block: TextBlock(s, size: labelSize, family: theme.family, canvas: canvas),
                    x: yEdge, y: py, ha: yAxis.opposite ? .left : .right, va: .center,
                    rotation: yAxis.tickLabelRotation, color: theme.textColor, kind: .tickLabel)
                out.append(t)
                yLabelBounds.append(t.bounds)
            }
            if !yLabelBounds.isEmpty {
                yEdge =
                    yAxis.opposite
                    ? yLabelBounds.map(\.maxX).max() ?? yEdge
                    : yLabelBounds.map(\.minX).min() ?? yEdge
            }
        }
        if let label = xAxis.label, !label.isEmpty {
            let pos =
                alignedXLabelY ?? (xAxis.opposite ? xEdge - theme.labelPad : xEdge + theme.labelPad)
            out.append(
                PlacedText(
                    block: TextBlock(
                        label, size: theme.labelSize, family: theme.family, canvas: canvas),
                    x: rect.midX, y: pos, ha: .center, va: xAxis.opposite ? .bottom : .top,
                    rotation: 0,
                    color: xAxis.labelColor ?? theme.textColor, kind: .axisLabel))
        }
        if let label = yAxis.label, !label.isEmpty {
            let pos =
                alignedYLabelX ?? (yAxis.opposite ? yEdge + theme.labelPad : yEdge - theme.labelPad)
            out.append(
                PlacedText(
                    block: TextBlock(
                        label, size: theme.labelSize, family: theme.family, canvas: canvas),
                    x: pos, y: rect.midY, ha: .center, va: yAxis.opposite ? .top : .bottom,
                    rotation: 90,
                    color: yAxis.labelColor ?? theme.textColor, kind: .axisLabel))
        }
        if let title, !title.isEmpty {
            let top =
                xAxis.opposite && xAxis.showTickLabels ? xEdge - theme.labelPad : rect.minY - 6
            out.append(
                PlacedText(
                    block: TextBlock(
                        title, size: theme.titleSize, family: theme.family, canvas: canvas),
                    x: rect.midX, y: top, ha: .center, va: .bottom, rotation: 0,
                    color: theme.textColor,
                    kind: .title))
        }
        return out
    }

    /// Natural (unaligned) position of the y label, for aligning labels of a column.
    func naturalYLabelX(_ canvas: Canvas) -> Double? {
        let saved = alignedYLabelX
        alignedYLabelX = nil
        defer { alignedYLabelX = saved }
        return decorations(canvas).first { $0.kind == .axisLabel && $0.rotation == 90 }?.x
    }

    /// Natural position of the x label, for aligning labels of a row.
    func naturalXLabelY(_ canvas: Canvas) -> Double? {
        let saved = alignedXLabelY
        alignedXLabelY = nil
        defer { alignedXLabelY = saved }
        return decorations(canvas).first { $0.kind == .axisLabel && $0.rotation == 0 }?.y
    }

    /// Everything drawn outside the plotting area: decorations and unclipped artists.
    func outerBounds(_ canvas: Canvas, figureSize: (Double, Double)) -> Rect {
        var r = rect
        for t in decorations(canvas) { r = r.union(t.bounds) }
        let ctx = context(canvas, figureSize: figureSize)
        for a in artists where a.isVisible && !a.clipsToAxes {
            for b in a.outsideBoxes(ctx) { r = r.union(b) }
        }
        return r
    }

    // MARK: drawing

    func draw(_ canvas: Canvas, figureSize: (Double, Double)) {
        if let background { canvas.fill(rect, background) }
        let ctx = context(canvas, figureSize: figureSize)
        drawGrid(canvas)
        let ordered = artists.enumerated().filter { $0.element.isVisible }
            .sorted { ($0.element.zOrder, $0.offset) < ($1.element.zOrder, $1.offset) }.map(
                \.element)
        for artist in ordered {
            canvas.save()
            if artist.clipsToAxes { canvas.clip(rect) }
            artist.draw(ctx)
            canvas.restore()
        }
        drawFrame(canvas)
        for t in decorations(canvas) { t.draw(canvas) }
        if let spec = legendSpec {
            LegendBox(entries: legendEntries, spec: spec, style: theme, canvas: canvas)?.drawInside(
                ctx, artists: ordered)
        }
    }

    private func drawGrid(_ canvas: Canvas) {
        guard gridX || gridY else { return }
        canvas.setColor(theme.gridColor)
        canvas.setLine(width: theme.gridWidth)
        if gridX {
            for v in xTicks.major {
                if let p = xMap(v) {
                    canvas.move(p, rect.minY)
                    canvas.line(p, rect.maxY)
                }
            }
        }
        if gridY {
            for v in yTicks.major {
                if let p = yMap(v) {
                    canvas.move(rect.minX, p)
                    canvas.line(rect.maxX, p)
                }
            }
        }
        canvas.stroke()
    }

    private func drawFrame(_ canvas: Canvas) {
        canvas.setColor(.black)
        let inward = theme.tickDirection != .outward
        let outward = theme.tickDirection != .inward
        func ticks(
            _ values: [Double], map: AxisMap, length: Double, width: Double, horizontal: Bool
        ) {
            canvas.setLine(width: width)
            for v in values {
                guard let p = map(v), p >= (horizontal ? rect.minX : rect.minY) - 0.01,
                    p <= (horizontal ? rect.maxX : rect.maxY) + 0.01
                else { continue }
                for side in Side.allCases where spines.contains(side) {
                    let isX = side == .top || side == .bottom
                    guard isX == horizontal else { continue }
                    if !theme.mirrorTicks
                        && side
                            == (horizontal
                                ? (xAxis.opposite ? .bottom : .top)
                                : (yAxis.opposite ? .left : .right))
                    {
                        continue
                    }
                    let edge: Double
                    let dir: Double
                    switch side {
                    case .bottom:
                        edge = rect.maxY
                        dir = -1
                    case .top:
                        edge = rect.minY
                        dir = 1
                    case .left:
                        edge = rect.minX
                        dir = 1
                    case .right:
                        edge = rect.maxX
                        dir = -1
                    }
                    let a = edge - (outward ? dir * length : 0)
                    let b = edge + (inward ? dir * length : 0)
                    if horizontal {
                        canvas.move(p, a)
                        canvas.line(p, b)
                    } else {
                        canvas.move(a, p)
                        canvas.line(b, p)
                    }
                }
            }
            canvas.stroke()
        }
        if xAxis.showTicks {
            ticks(
                xTicks.minor, map: xMap, length: theme.minorTickLength, width: theme.minorTickWidth,
                horizontal: true)
            ticks(
                xTicks.major, map: xMap, length: theme.majorTickLength, width: theme.majorTickWidth,
                horizontal: true)
        }
        if yAxis.showTicks {
            ticks(
                yTicks.minor, map: yMap, length: theme.minorTickLength, width: theme.minorTickWidth,
                horizontal: false)
            ticks(
                yTicks.major, map: yMap, length: theme.majorTickLength, width: theme.majorTickWidth,
                horizontal: false)
        }
        canvas.setLine(width: theme.spineWidth, cap: .square)
        for side in Side.allCases where spines.contains(side) {
            switch side {
            case .left:
                canvas.move(rect.minX, rect.minY)
                canvas.line(rect.minX, rect.maxY)
            case .right:
                canvas.move(rect.maxX, rect.minY)
                canvas.line(rect.maxX, rect.maxY)
            case .top:
                canvas.move(rect.minX, rect.minY)
                canvas.line(rect.maxX, rect.minY)
            case .bottom:
                canvas.move(rect.minX, rect.maxY)
                canvas.line(rect.maxX, rect.maxY)
            }
        }
        canvas.stroke()
    }
}
