/// A plotting area of a figure with its two axes, artists, labels and legend.
/// Create with `Figure.axes()` or `Figure.subplots(...)`; add artists with `plot`, `scatter`, `hist`, ...
public final class Axes {
    /// The x and y axis settings (scale, limits, label, ticks).
    public var xAxis = AxisConfig()
    public var yAxis = AxisConfig()
    /// Title drawn above the plotting area.
    public var title: String?
    /// Visible frame sides; ticks are drawn on visible sides only.
    public var spines: Set<Side> = Set(Side.allCases)
    /// Background of the plotting area (nil: transparent, useful for overlapping ridge plots).
    public var background: Color? = .white
    /// Major grid lines.
    public var gridX = false
    public var gridY = false
    /// Legend, if `legend(...)` was called.
    public var legendSpec: LegendSpec?
    var legendArtists: [Artist]?
    /// Font size of tick labels (nil: the style's).
    public var tickLabelSize: Double?

    /// Artists in the order they were added.
    public internal(set) var artists: [Artist] = []
    let slot: GridSlot
    /// The figure's style.
    let theme: Style
    var cycleIndex = 0
    /// Input problems found while building; reported by `Figure.save`/`render`.
    var problems: [PlotError] = []
    var shareX: ShareGroup?
    var shareY: ShareGroup?

    // Layout results.
    var rect = Rect(x: 0, y: 0, width: 1, height: 1)
    var xLimits = (0.0, 1.0)
    var yLimits = (0.0, 1.0)
    var xTicks = TickSet()
    var yTicks = TickSet()
    var alignedYLabelX: Double?
    var alignedXLabelY: Double?

    init(slot: GridSlot, style: Style) {
        self.slot = slot
        self.theme = style
    }

    @discardableResult
    func add<A: Artist>(_ artist: A) -> A {
        artists.append(artist)
        return artist
    }

    func nextColor() -> Color {
        defer { cycleIndex += 1 }
        return Color.cycle(cycleIndex)
    }

    func check(_ what: String, _ a: Int, _ b: Int) {
        if a != b { problems.append(.lengthMismatch(what: what, expected: a, got: b)) }
    }

    // MARK: labels and limits

    /// Sets the x-axis label (markup allowed, e.g. "Wavelength [nm]", "$\\lambda$ [nm]").
    public func xlabel(_ text: String) { xAxis.label = text }
    /// Sets the y-axis label; use "\n" for two lines.
    public func ylabel(_ text: String) { yAxis.label = text }
    /// Sets the axes title.
    public func setTitle(_ text: String) { title = text }

    /// Fixes the x limits; pass nil for an end to keep it automatic.
    public func xlim(_ lower: Double?, _ upper: Double?) {
        xAxis.lower = lower
        xAxis.upper = upper
    }

    /// Fixes the y limits; pass nil for an end to keep it automatic.
    public func ylim(_ lower: Double?, _ upper: Double?) {
        yAxis.lower = lower
        yAxis.upper = upper
    }

    /// Sets the x scale (`.linear` or `.log`).
    public func xscale(_ scale: Scale) { xAxis.scale = scale }
    /// Sets the y scale (`.linear` or `.log`).
    public func yscale(_ scale: Scale) { yAxis.scale = scale }
    /// Draws x from high to low.
    public func invertX(_ inverted: Bool = true) { xAxis.inverted = inverted }
    /// Draws y from high to low.
    public func invertY(_ inverted: Bool = true) { yAxis.inverted = inverted }

    /// Explicit x ticks, optionally with labels (one per tick).
    public func xticks(_ positions: [Double], labels: [String]? = nil) {
        if let labels { check("xticks labels", positions.count, labels.count) }
        xAxis.ticks = positions
        xAxis.tickLabels = labels
    }

    /// Explicit y ticks, optionally with labels (one per tick).
    public func yticks(_ positions: [Double], labels: [String]? = nil) {
        if let labels { check("yticks labels", positions.count, labels.count) }
        yAxis.ticks = positions
        yAxis.tickLabels = labels
    }

    /// Hides the given frame sides (and their ticks).
    public func hideSpines(_ sides: Side...) { spines.subtract(sides) }

    /// Turns major grid lines on or off.
    public func grid(_ on: Bool = true, x: Bool = true, y: Bool = true) {
        gridX = on && x
        gridY = on && y
    }

    /// Adds a legend of all labelled artists (or of `artists` only, in that order).
    public func legend(
        location: LegendLocation = .best, columns: Int = 1, fontSize: Double? = nil,
        frame: Bool = false,
        artists only: [Artist]? = nil
    ) {
        legendSpec = LegendSpec(
            location: location, columns: columns, fontSize: fontSize, frame: frame)
        legendArtists = only
    }

    /// Artists that have a legend entry, in order.
    var legendEntries: [(String, LegendHandle)] { Axes.legendEntries(legendArtists ?? artists) }

    /// Legend entries of labelled, visible artists; a repeated label appears once.
    static func legendEntries(_ artists: [Artist]) -> [(String, LegendHandle)] {
        var seen: Set<String> = []
        return artists.compactMap { a in
            guard a.isVisible, let label = a.label, !label.isEmpty, !label.hasPrefix("_"),
                let h = a.legendHandle,
                seen.insert(label).inserted
            else { return nil }
            return (label, h)
        }
    }
}

/// Identity token of axes that share the limits of one axis; the figure resolves the group at layout.
final class ShareGroup {}
