extension Axes {
    /// Draws a line through (x, centre) over a shaded band from `low` to `high` in the same colour: a mean
    /// with its spread over repeated runs. The band gets no legend entry; the line gets `label`.
    @discardableResult
    public func plotBand(
        _ x: [Double], _ centre: [Double], low: [Double], high: [Double], color: Color? = nil,
        lineWidth: Double? = nil, style: LineStyle = .solid, marker: Marker? = nil,
        bandAlpha: Double = 0.2, label: String? = nil
    ) -> Line {
        check("plotBand centre", x.count, centre.count)
        check("plotBand low", x.count, low.count)
        check("plotBand high", x.count, high.count)
        let colour = color ?? nextColor()
        fillBetween(x, low, high, color: colour, alpha: bandAlpha, edgeWidth: 0)
        return plot(
            x, centre, color: colour, lineWidth: lineWidth, style: style, marker: marker,
            label: label)
    }
}
