/// Where a step line changes level between points.
public enum StepPosition: Sendable {
    /// Level changes at each x (value holds to the left of the point).
    case pre
    /// Level changes at each x (value holds to the right of the point).
    case post
    /// Level changes halfway between points.
    case mid
}

extension Axes {
    /// Draws a line through (x, y). NaN points break the line. Colour defaults to the next cycle colour.
    @discardableResult
    public func plot(
        _ x: [Double], _ y: [Double], color: Color? = nil, lineWidth: Double? = nil,
        style: LineStyle = .solid, alpha: Double = 1, marker: Marker? = nil, markerSize: Double = 6,
        label: String? = nil, zOrder: Double? = nil
    ) -> Line {
        check("plot y", x.count, y.count)
        let line = Line(
            x: x, y: y, color: color ?? nextColor(), lineWidth: lineWidth ?? theme.lineWidth,
            style: style,
            alpha: alpha, marker: marker, markerSize: markerSize, label: label)
        if let zOrder { line.zOrder = zOrder }
        return add(line)
    }

    /// Draws y against its index 0, 1, 2, ...
    @discardableResult
    public func plot(
        _ y: [Double], color: Color? = nil, lineWidth: Double? = nil, style: LineStyle = .solid,
        alpha: Double = 1, label: String? = nil
    ) -> Line {
        plot(
            y.indices.map(Double.init), y, color: color, lineWidth: lineWidth, style: style,
            alpha: alpha, label: label)
    }

    /// Draws a staircase through (x, y).
    @discardableResult
    public func step(
        _ x: [Double], _ y: [Double], where position: StepPosition = .pre, color: Color? = nil,
        lineWidth: Double? = nil, style: LineStyle = .solid, alpha: Double = 1,
        label: String? = nil
    ) -> Line {
        check("step y", x.count, y.count)
        let n = min(x.count, y.count)
        var sx: [Double] = []
        var sy: [Double] = []
        for i in 0..<n {
            if i == 0 {
                sx.append(x[0])
                sy.append(y[0])
                continue
            }
            switch position {
            case .pre:
                sx += [x[i - 1], x[i]]
                sy += [y[i], y[i]]
            case .post:
                sx += [x[i], x[i]]
                sy += [y[i - 1], y[i]]
            case .mid:
                let m = (x[i - 1] + x[i]) / 2
                sx += [m, m, x[i]]
                sy += [y[i - 1], y[i], y[i]]
            }
        }
        return plot(
            sx, sy, color: color, lineWidth: lineWidth, style: style, alpha: alpha, label: label)
    }

    /// Markers at (x, y). `size` is the marker area in points squared (matplotlib's `s`); `sizes` gives one per point.
    /// With `values`, colours come from `colormap` between `vmin` and `vmax` (default: the value range).
    @discardableResult
    public func scatter(
        _ x: [Double], _ y: [Double], size: Double = 20, sizes: [Double]? = nil,
        color: Color? = nil,
        values: [Double]? = nil, colormap: Colormap = .viridis, vmin: Double? = nil,
        vmax: Double? = nil, alpha: Double = 1, marker: Marker = .circle, label: String? = nil,
        rasterized: Bool? = nil
    ) -> Scatter {
        check("scatter y", x.count, y.count)
        if let sizes { check("scatter sizes", x.count, sizes.count) }
        if let values { check("scatter values", x.count, values.count) }
        let s = Scatter(
            x: x, y: y, sizes: sizes ?? [size], color: color ?? nextColor(), values: values,
            colormap: colormap, vmin: vmin, vmax: vmax, alpha: alpha, marker: marker, label: label)
        s.rasterized = rasterized
        return add(s)
    }

    /// Fills between two curves over x.
    @discardableResult
    public func fillBetween(
        _ x: [Double], _ y1: [Double], _ y2: [Double], color: Color? = nil, alpha: Double = 1,
        edgeColor: Color? = nil, edgeWidth: Double = 1, hatch: Hatch? = nil,
        label: String? = nil
    ) -> FillBetween {
        check("fillBetween y1", x.count, y1.count)
        check("fillBetween y2", x.count, y2.count)
        let paint = PatchPaint(
            fill: color ?? nextColor(), alpha: alpha, edge: edgeColor, edgeWidth: edgeWidth,
            hatch: hatch)
        return add(FillBetween(x: x, y1: y1, y2: y2, paint: paint, label: label))
    }

    /// Fills between a curve and a constant level (default 0).
    @discardableResult
    public func fillBetween(
        _ x: [Double], _ y: [Double], baseline: Double = 0, color: Color? = nil, alpha: Double = 1,
        hatch: Hatch? = nil, label: String? = nil
    ) -> FillBetween {
        fillBetween(
            x, y, [Double](repeating: baseline, count: x.count), color: color, alpha: alpha,
            hatch: hatch,
            label: label)
    }

    /// A vertical band from x0 to x1 over the full height (or `ymin`...`ymax` as axes fractions).
    @discardableResult
    public func axvspan(
        _ x0: Double, _ x1: Double, color: Color = .gray, alpha: Double = 1, hatch: Hatch? = nil,
        edgeColor: Color? = nil, ymin: Double = 0, ymax: Double = 1, label: String? = nil
    ) -> Span {
        let paint = PatchPaint(
            fill: color, alpha: alpha, edge: edgeColor, edgeWidth: 0.8, hatch: hatch)
        return add(
            Span(
                .vertical, from: x0, to: x1, extent: min(ymin, ymax)...max(ymin, ymax),
                paint: paint,
                lineStyle: .solid, lineWidth: 0, label: label))
    }

    /// A horizontal band from y0 to y1 over the full width.
    @discardableResult
    public func axhspan(
        _ y0: Double, _ y1: Double, color: Color = .gray, alpha: Double = 1, hatch: Hatch? = nil,
        edgeColor: Color? = nil, xmin: Double = 0, xmax: Double = 1, label: String? = nil
    ) -> Span {
        let paint = PatchPaint(
            fill: color, alpha: alpha, edge: edgeColor, edgeWidth: 0.8, hatch: hatch)
        return add(
            Span(
                .horizontal, from: y0, to: y1, extent: min(xmin, xmax)...max(xmin, xmax),
                paint: paint,
                lineStyle: .solid, lineWidth: 0, label: label))
    }

    /// A vertical line at x across the axes.
    @discardableResult
    public func axvline(
        _ x: Double, color: Color = .black, lineWidth: Double = 1, style: LineStyle = .solid,
        alpha: Double = 1, ymin: Double = 0, ymax: Double = 1, label: String? = nil
    ) -> Span {
        let paint = PatchPaint(
            fill: nil, alpha: alpha, edge: color, edgeWidth: lineWidth, hatch: nil)
        return add(
            Span(
                .vertical, from: x, to: x, extent: min(ymin, ymax)...max(ymin, ymax), paint: paint,
                lineStyle: style, lineWidth: lineWidth, label: label))
    }

    /// A horizontal line at y across the axes.
    @discardableResult
    public func axhline(
        _ y: Double, color: Color = .black, lineWidth: Double = 1, style: LineStyle = .solid,
        alpha: Double = 1, xmin: Double = 0, xmax: Double = 1, label: String? = nil
    ) -> Span {
        let paint = PatchPaint(
            fill: nil, alpha: alpha, edge: color, edgeWidth: lineWidth, hatch: nil)
        return add(
            Span(
                .horizontal, from: y, to: y, extent: min(xmin, xmax)...max(xmin, xmax),
                paint: paint,
                lineStyle: style, lineWidth: lineWidth, label: label))
    }

    /// Draws a matrix as coloured cells. Cell (row r, column c) is centred on (c, r) unless `extent` is given.
    /// With `xLabels`/`yLabels`, every column/row gets a tick with that label.
    @discardableResult
    public func heatmap(
        _ values: [[Double]], colormap: Colormap = .viridis, vmin: Double? = nil,
        vmax: Double? = nil,
        alpha: Double = 1, origin: ImageOrigin = .upper,
        extent: (left: Double, right: Double, bottom: Double, top: Double)? = nil,
        xLabels: [String]? = nil, yLabels: [String]? = nil
    ) -> Heatmap {
        let widths = Set(values.map(\.count))
        if widths.count > 1 {
            problems.append(
                .invalidArgument("heatmap rows have different lengths \(widths.sorted())"))
        }
        let h = add(
            Heatmap(
                values: values, colormap: colormap, vmin: vmin, vmax: vmax, alpha: alpha,
                origin: origin,
                extent: extent.map { ($0.left, $0.right, $0.bottom, $0.top) }))
        if let xLabels {
            check("heatmap xLabels", h.columns, xLabels.count)
            xticks(xLabels.indices.map(Double.init), labels: xLabels)
        }
        if let yLabels {
            check("heatmap yLabels", h.rows, yLabels.count)
            yticks(yLabels.indices.map(Double.init), labels: yLabels)
        }
        xAxis.minorTicks = xAxis.minorTicks ?? false
        yAxis.minorTicks = yAxis.minorTicks ?? false
        return h
    }

    /// A histogram of `data` in `bins` equal bins over `range` (default: data range), or over explicit `edges`.
    /// `density` normalises to unit area. NaN values are ignored. Hatched, stacked (`bottom`) and log (`yscale(.log)`) work.
    @discardableResult
    public func hist(
        _ data: [Double], bins: Int = 10, edges: [Double]? = nil, range: ClosedRange<Double>? = nil,
        density: Bool = false, weights: [Double]? = nil, type: HistogramType = .bar,
        color: Color? = nil, edgeColor: Color? = nil, edgeWidth: Double = 1, alpha: Double = 1,
        hatch: Hatch? = nil, bottom: Double = 0, label: String? = nil
    ) -> Histogram {
        if let weights { check("hist weights", data.count, weights.count) }
        var binEdges = edges ?? []
        if edges == nil {
            do { binEdges = try Histogram.edges(for: data, bins: bins, range: range) } catch {
                problems.append(error)
            }
        } else if binEdges.count < 2
            || zip(binEdges, binEdges.dropFirst()).contains(where: { !($0 < $1) })
        {
            problems.append(
                .invalidArgument("histogram edges must be at least two increasing values"))
            binEdges = []
        }
        let heights =
            binEdges.count >= 2
            ? Histogram.heights(for: data, edges: binEdges, density: density, weights: weights) : []
        let fill = color ?? nextColor()
        let paint = PatchPaint(
            fill: fill, alpha: alpha, edge: edgeColor, edgeWidth: edgeColor == nil ? 0 : edgeWidth,
            hatch: hatch)
        var p = paint
        if type == .step {
            p.edge = edgeColor ?? fill
            p.edgeWidth = edgeWidth
        }
        return add(
            Histogram(
                edges: binEdges.count >= 2 ? binEdges : [0, 1],
                heights: binEdges.count >= 2 ? heights : [0],
                type: type, bottom: bottom, paint: p, label: label))
    }

    /// Text at (x, y) in the given coordinates (markup allowed). Not clipped to the axes.
    @discardableResult
    public func text(
        _ x: Double, _ y: Double, _ text: String, coordinates: Coordinates = .data,
        size: Double? = nil,
        color: Color? = nil, weight: FontWeight = .normal, family: FontFamily? = nil,
        rotation: Double = 0, ha: HAlign = .left, va: VAlign = .baseline, box: TextBox? = nil
    ) -> TextLabel {
        let spec = TextSpec(
            text: text, size: size ?? theme.textSize, color: color ?? theme.textColor,
            weight: weight,
            family: family ?? theme.family, rotation: rotation, ha: ha, va: va, box: box)
        return add(TextLabel(x: x, y: y, coordinates: coordinates, spec: spec))
    }

    /// Text at `textAt` joined by a leader line to `point` (for labelling features such as spectral lines).
    @discardableResult
    public func annotate(
        _ text: String, point: (x: Double, y: Double), pointCoordinates: Coordinates = .data,
        textAt: (x: Double, y: Double), textCoordinates: Coordinates = .data,
        leader: LeaderLine? = LeaderLine(), size: Double? = nil, color: Color? = nil,
        rotation: Double = 0, ha: HAlign = .center, va: VAlign = .bottom
    ) -> Annotation {
        let spec = TextSpec(
            text: text, size: size ?? theme.textSize, color: color ?? theme.textColor,
            weight: .normal,
            family: theme.family, rotation: rotation, ha: ha, va: va, box: nil)
        return add(
            Annotation(
                point: point, pointCoordinates: pointCoordinates, textPosition: textAt,
                textCoordinates: textCoordinates, leader: leader, spec: spec))
    }

}
