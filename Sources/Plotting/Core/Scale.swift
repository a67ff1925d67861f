import Foundation

/// How data values map to positions along an axis.
public enum Scale: Sendable {
    case linear
    /// Base-10 logarithmic; non-positive values are not drawn.
    case log

    /// Position in the scale's linear space, or nil for values the scale cannot show.
    func forward(_ v: Double) -> Double? {
        guard v.isFinite else { return nil }
        switch self {
        case .linear: return v
        case .log: return v > 0 ? log10(v) : nil
        }
    }

    func inverse(_ u: Double) -> Double {
        switch self {
        case .linear: return u
        case .log: return pow(10, u)
        }
    }
}

/// Maps data coordinates of one axes to figure points.
struct AxisMap {
    var scale: Scale
    /// Limits in data units; `lo > hi` for an inverted axis.
    var lo: Double
    var hi: Double
    /// Pixel positions of `lo` and `hi`.
    var p0: Double
    var p1: Double

    private var u0: Double { scale.forward(lo) ?? 0 }
    private var u1: Double { scale.forward(hi) ?? 1 }

    /// Figure position for a data value; nil when the value cannot be shown.
    func callAsFunction(_ v: Double) -> Double? {
        guard let u = scale.forward(v) else { return nil }
        let a = u0
        let b = u1
        return b == a ? (p0 + p1) / 2 : p0 + (u - a) / (b - a) * (p1 - p0)
    }

    /// Like the call, but maps values the scale cannot show far beyond the low end (for filled shapes).
    func clamped(_ v: Double) -> Double {
        if let p = self(v) { return min(max(p, -1e6), 1e6) }
        if v.isNaN { return (p0 + p1) / 2 }
        let lowEnd = u0 < u1 ? p0 : p1
        let dir: Double = (u0 < u1 ? p0 - p1 : p1 - p0) >= 0 ? 1 : -1
        return lowEnd + dir * 1e5 * (v == .infinity ? -1 : 1)
    }

    /// Fraction along the axis (0 at lo, 1 at hi) to position.
    func fraction(_ f: Double) -> Double { p0 + f * (p1 - p0) }
}
