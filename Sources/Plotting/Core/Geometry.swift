/// A rectangle in figure points (1/72 inch), origin at the top-left, y growing downwards.
struct Rect: Equatable, Sendable {
    var x: Double
    var y: Double
    var width: Double
    var height: Double

    var minX: Double { x }
    var minY: Double { y }
    var maxX: Double { x + width }
    var maxY: Double { y + height }
    var midX: Double { x + width / 2 }
    var midY: Double { y + height / 2 }

    init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.init(x: minX, y: minY, width: maxX - minX, height: maxY - minY)
    }

    func union(_ other: Rect) -> Rect {
        Rect(
            minX: min(minX, other.minX), minY: min(minY, other.minY),
            maxX: max(maxX, other.maxX), maxY: max(maxY, other.maxY))
    }

    func intersects(_ other: Rect) -> Bool {
        minX < other.maxX && other.minX < maxX && minY < other.maxY && other.minY < maxY
    }

    func contains(_ other: Rect, tolerance: Double = 0.01) -> Bool {
        other.minX >= minX - tolerance && other.maxX <= maxX + tolerance
            && other.minY >= minY - tolerance && other.maxY <= maxY + tolerance
    }

    func contains(x px: Double, y py: Double) -> Bool {
        px >= minX && px <= maxX && py >= minY && py <= maxY
    }

    func insetBy(_ d: Double) -> Rect {
        Rect(x: x + d, y: y + d, width: width - 2 * d, height: height - 2 * d)
    }
}

/// Space around a rectangle, in points.
struct Insets: Equatable, Sendable {
    var left = 0.0, right = 0.0, top = 0.0, bottom = 0.0

    mutating func formMax(_ o: Insets) {
        left = max(left, o.left)
        right = max(right, o.right)
        top = max(top, o.top)
        bottom = max(bottom, o.bottom)
    }
}

/// Which coordinate system a position is given in.
public enum Coordinates: Sendable {
    /// Data coordinates of the axes.
    case data
    /// Axes fractions: (0, 0) bottom-left, (1, 1) top-right of the plotting area.
    case axes
    /// x in data coordinates, y in axes fractions (e.g. labels above a spectral line).
    case dataXAxesY
    /// x in axes fractions, y in data coordinates.
    case axesXDataY
    /// Figure fractions: (0, 0) bottom-left, (1, 1) top-right of the figure.
    case figure
}
