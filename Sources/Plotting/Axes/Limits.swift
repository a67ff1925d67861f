import Foundation

/// Autoscaling: limits from the data of one or more axes (a share group), with margins and sticky edges.
enum Limits {
    /// Limits (first, second) along the axis as drawn, i.e. swapped when the axis is inverted.
    static func resolve(_ group: [Axes], x: Bool) -> (Double, Double) {
        guard let first = group.first else { return (0, 1) }
        let config = x ? first.xAxis : first.yAxis
        let scale = config.scale
        var b = DataBounds()
        var sticky: [Double] = []
        var lower: Double?
        var upper: Double?
        var inverted = false
        var margin = config.margin
        for axes in group {
            let c = x ? axes.xAxis : axes.yAxis
            lower = lower ?? valid(c.lower, scale)
            upper = upper ?? valid(c.upper, scale)
            inverted = inverted || c.inverted
            margin = margin ?? c.margin
            for artist in axes.artists where artist.isVisible {
                guard let ab = artist.dataBounds(xScale: axes.xAxis.scale, yScale: axes.yAxis.scale)
                else { continue }
                if x, ab.hasX {
                    b.addX(ab.xmin, scale)
                    b.addX(ab.xmax, scale)
                    sticky += ab.stickyX
                }
                if !x, ab.hasY {
                    b.addY(ab.ymin, scale)
                    b.addY(ab.ymax, scale)
                    sticky += ab.stickyY
                }
            }
        }
        let dataLo = x ? b.xmin : b.ymin
        let dataHi = x ? b.xmax : b.ymax
        var lo: Double
        var hi: Double
        if dataLo <= dataHi {
            (lo, hi) = padded(
                dataLo, dataHi, scale: scale, margin: margin ?? first.theme.autoMargin,
                sticky: sticky)
        } else {
            (lo, hi) = scale == .log ? (1, 10) : (0, 1)
        }
        if let lower { lo = lower }
        if let upper { hi = upper }
        if lower != nil, upper == nil, hi <= lo { hi = expand(lo, scale).1 }
        if upper != nil, lower == nil, lo >= hi { lo = expand(hi, scale).0 }
        if lo == hi { (lo, hi) = expand(lo, scale) }
        if lo > hi {
            swap(&lo, &hi)
            inverted.toggle()
        }
        return inverted ? (hi, lo) : (lo, hi)
    }

    private static func valid(_ v: Double?, _ scale: Scale) -> Double? {
        guard let v, scale.forward(v) != nil else { return nil }
        return v
    }

    /// A non-empty interval around a single value.
    static func expand(_ v: Double, _ scale: Scale) -> (Double, Double) {
        switch scale {
        case .log: return (v / 10, v * 10)
        case .linear:
            let d = v == 0 ? 1 : abs(v) * 0.1
            return (v - d, v + d)
        }
    }

    private static func padded(
        _ lo: Double, _ hi: Double, scale: Scale, margin: Double, sticky: [Double]
    ) -> (Double, Double) {
        if lo == hi { return expand(lo, scale) }
        guard let u0 = scale.forward(lo), let u1 = scale.forward(hi) else { return (lo, hi) }
        let d = (u1 - u0) * margin
        var a = scale.inverse(u0 - d)
        var b = scale.inverse(u1 + d)
        for s in sticky {
            if a < s && s <= lo { a = s }
            if b > s && s >= hi { b = s }
        }
        return (a, b)
    }
}
