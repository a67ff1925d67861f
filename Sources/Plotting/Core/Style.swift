/// Dash pattern of a line.
public enum LineStyle: Hashable, Sendable {
    case solid
    case dashed
    case dotted
    case dashDot
    /// Custom on/off lengths in units of the line width.
    case custom([Double])
    /// No line at all (markers only).
    case none

    /// On/off lengths in points for a line of width `width`.
    func dashes(width: Double) -> [Double] {
        let w = max(width, 0.5)
        switch self {
        case .solid, .none: return []
        case .dashed: return [3.7 * w, 1.6 * w]
        case .dotted: return [1 * w, 1.65 * w]
        case .dashDot: return [6.4 * w, 1.6 * w, 1 * w, 1.6 * w]
        case .custom(let d): return d.map { max($0, 0) * w }
        }
    }
}

/// Shape of a scatter or line marker.
public enum Marker: Hashable, Sendable {
    case circle, square, diamond, triangle, plus, cross
}

/// Font weight for text.
public enum FontWeight: Hashable, Sendable { case normal, bold }

/// Font family class; mapped to Latin Modern (fallback DejaVu) through fontconfig.
public enum FontFamily: Hashable, Sendable { case serif, sans }

/// Horizontal text alignment relative to its anchor.
public enum HAlign: Sendable { case left, center, right }

/// Vertical text alignment relative to its anchor.
public enum VAlign: Sendable { case top, center, baseline, bottom }

/// Direction of tick marks relative to the plotting area.
public enum TickDirection: Sendable { case inward, outward, both }

/// Visual defaults of a figure: fonts, sizes, tick style. `Style.paper` mimics the paper's figures.
public struct Style: Sendable {
    /// Base font family for labels and tick labels.
    public var family: FontFamily = .serif
    /// Tick label size in points.
    public var tickLabelSize = 11.0
    /// Axis label size in points.
    public var labelSize = 13.0
    /// Axes title size in points.
    public var titleSize = 13.0
    /// Figure title (suptitle) size, family, weight and colour.
    public var suptitleSize = 17.0
    public var suptitleFamily: FontFamily = .sans
    public var suptitleWeight: FontWeight = .bold
    public var suptitleColor = Color(gray: 0.4)
    /// Legend text size in points.
    public var legendSize = 10.5
    /// Default text size for `Axes.text`.
    public var textSize = 10.5
    /// Default text colour.
    public var textColor = Color.black
    /// Frame (spine) line width in points.
    public var spineWidth = 1.0
    /// Default line width for `plot` in points.
    public var lineWidth = 1.5
    /// Tick direction, lengths and widths (points).
    public var tickDirection = TickDirection.inward
    public var majorTickLength = 4.5
    public var minorTickLength = 2.5
    public var majorTickWidth = 0.9
    public var minorTickWidth = 0.6
    /// Draw ticks on the top and right spines too (mirrored).
    public var mirrorTicks = true
    /// Show minor ticks by default.
    public var minorTicks = true
    /// Padding between ticks and tick labels, and between tick labels and axis labels (points).
    public var tickLabelPad = 4.0
    public var labelPad = 5.0
    /// Outer padding of the figure (points).
    public var figurePad = 5.0
    /// Fraction of the data range added on each side when autoscaling.
    public var autoMargin = 0.05
    /// Grid line colour and width.
    public var gridColor = Color(gray: 0.85)
    public var gridWidth = 0.6
    /// Figure background.
    public var background = Color.white

    /// Publication style of the paper: serif text, inward ticks on all four sides, minor ticks.
    public static let paper = Style()

    public init() {}
}
