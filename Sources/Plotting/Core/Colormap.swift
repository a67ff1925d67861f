/// A continuous colormap: maps a value in 0...1 to a colour by linear interpolation in a table.
public struct Colormap: Hashable, Sendable {
    /// Name, e.g. "viridis" or "magma_r".
    public let name: String
    let table: [Color]

    /// A colormap from at least two colours, evenly spaced over 0...1.
    public init(name: String, colors: [Color]) throws(PlotError) {
        guard colors.count >= 2 else {
            throw .invalidArgument("a colormap needs at least two colours")
        }
        self.name = name
        self.table = colors
    }

    init(name: String, hexTable: String) {
        self.name = name
        self.table = hexTable.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap {
            Color(hex: String($0))
        }
    }

    /// The colour at `t` in 0...1; values outside are clamped, NaN gives a transparent colour.
    public func color(at t: Double) -> Color {
        guard !t.isNaN else { return .clear }
        let x = min(max(t, 0), 1) * Double(table.count - 1)
        let i = min(Int(x), table.count - 2)
        return table[i].blended(with: table[i + 1], fraction: x - Double(i))
    }

    /// The colour for `value` normalised linearly between `vmin` and `vmax`.
    public func color(for value: Double, vmin: Double, vmax: Double) -> Color {
        let span = vmax - vmin
        return color(at: span == 0 || !span.isFinite ? 0.5 : (value - vmin) / span)
    }

    /// The same map run backwards; its name gets "_r" appended (or removed).
    public var reversed: Colormap {
        var copy = self
        copy = Colormap(
            name: name.hasSuffix("_r") ? String(name.dropLast(2)) : name + "_r",
            table: table.reversed())
        return copy
    }

    private init(name: String, table: [Color]) {
        self.name = name
        self.table = table
    }

    /// Perceptually uniform blue-green-yellow map.
    public static let viridis = Colormap(name: "viridis", hexTable: viridisTable)
    /// Perceptually uniform black-purple-orange-cream map.
    public static let magma = Colormap(name: "magma", hexTable: magmaTable)
    /// Perceptually uniform blue-yellow map designed for colour-vision deficiency.
    public static let cividis = Colormap(name: "cividis", hexTable: cividisTable)
    /// Grey ramp from black to white.
    public static let gray = Colormap(name: "gray", table: [.black, .white])

    /// Looks a map up by name ("viridis", "magma_r", ...).
    public static func named(_ name: String) throws(PlotError) -> Colormap {
        let reversed = name.hasSuffix("_r")
        let base = reversed ? String(name.dropLast(2)) : name
        let map: Colormap
        switch base {
        case "viridis": map = .viridis
        case "magma": map = .magma
        case "cividis": map = .cividis
        case "gray", "grey": map = .gray
        default:
            throw .invalidArgument(
                "unknown colormap '\(name)'; use viridis, magma, cividis or gray, optionally with _r"
            )
        }
        return reversed ? map.reversed : map
    }
}
