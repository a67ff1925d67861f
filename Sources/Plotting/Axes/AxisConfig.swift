/// Settings of one axis (x or y) of an `Axes`. Every property has a sensible default.
public struct AxisConfig {
    /// Linear or logarithmic.
    public var scale: Scale = .linear
    /// Fixed lower and upper limits; nil ends are autoscaled from the data.
    public var lower: Double?
    public var upper: Double?
    /// Draw from high to low values (e.g. magnitudes).
    public var inverted = false
    /// Axis label (markup allowed).
    public var label: String?
    /// Explicit major tick positions (nil: automatic) and their labels (nil: formatted numbers).
    public var ticks: [Double]?
    public var tickLabels: [String]?
    /// Minor ticks on or off (nil: the style's default; never with explicit tick labels).
    public var minorTicks: Bool?
    /// Whether tick labels are shown (false on inner axes of a shared grid).
    public var showTickLabels = true
    /// Whether tick marks are drawn.
    public var showTicks = true
    /// Upper bound on the number of automatic major ticks (nil: from the axis length).
    public var maxTicks: Int?
    /// Fraction of the data range added on each side when autoscaling (nil: the style's default).
    public var margin: Double?
    /// Put tick labels and the axis label on the opposite side (top for x, right for y).
    public var opposite = false
    /// Tick label rotation in degrees.
    public var tickLabelRotation = 0.0
    /// Colour of the axis label.
    public var labelColor: Color?

    public init() {}
}

/// One side of the plotting area.
public enum Side: Hashable, Sendable, CaseIterable { case left, right, top, bottom }

/// Where a legend goes inside its axes.
public enum LegendLocation: Sendable {
    /// Where it hides the fewest data points.
    case best
    case upperRight, upperLeft, lowerLeft, lowerRight, right, centerLeft, centerRight, lowerCenter,
        upperCenter, center
    /// Anchor the legend's upper-left corner at axes fractions (x, y).
    case at(x: Double, y: Double)
}

/// Appearance of a legend.
public struct LegendSpec {
    public var location: LegendLocation = .best
    public var columns = 1
    public var fontSize: Double?
    /// Draw a white, slightly transparent box behind the legend.
    public var frame = false
    /// Length of line and patch handles in font sizes.
    public var handleLength = 2.0

    public init(
        location: LegendLocation = .best, columns: Int = 1, fontSize: Double? = nil,
        frame: Bool = false
    ) {
        self.location = location
        self.columns = max(1, columns)
        self.fontSize = fontSize
        self.frame = frame
    }
}
