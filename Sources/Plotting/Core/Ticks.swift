import Foundation

/// Tick positions and labels along one axis.
struct TickSet {
    var major: [Double] = []
    var minor: [Double] = []
    var labels: [String] = []
}

/// Chooses "nice" tick positions and formats their labels.
enum TickLocator {
    /// Ticks for the interval between `a` and `b` (any order) with at most about `target` major ticks.
    static func ticks(_ a: Double, _ b: Double, scale: Scale, target: Int, minor: Bool) -> TickSet {
        let lo = min(a, b)
        let hi = max(a, b)
        guard lo.isFinite, hi.isFinite, hi > lo else { return TickSet() }
        switch scale {
        case .linear: return linear(lo, hi, target: max(target, 2), minor: minor)
        case .log: return logarithmic(lo, hi, target: max(target, 2), minor: minor)
        }
    }

    static func linear(_ lo: Double, _ hi: Double, target: Int, minor: Bool) -> TickSet {
        let raw = (hi - lo) / Double(target)
        let magnitude = pow(10, floor(log10(raw)))
        let steps: [Double] = [1, 2, 2.5, 5, 10]
        let mantissa = steps.first { $0 * magnitude >= raw * 0.999 } ?? 10
        let step = mantissa * magnitude
        let eps = step * 1e-9
        let first = ceil((lo - eps) / step)
        let last = floor((hi + eps) / step)
        guard last - first < 1000 else { return TickSet() }
        var set = TickSet()
        set.major = stride(from: first, through: last, by: 1).map { clean($0 * step, step) }
        set.labels = format(set.major, step: step)
        if minor {
            let divisions: Double = (mantissa == 1 || mantissa == 5 || mantissa == 10) ? 5 : 4
            let minorStep = step / divisions
            let mFirst = ceil((lo - eps) / minorStep)
            let mLast = floor((hi + eps) / minorStep)
            if mLast - mFirst < 5000 {
                set.minor = stride(from: mFirst, through: mLast, by: 1).map { $0 * minorStep }
                    .filter { v in !set.major.contains { abs($0 - v) < minorStep * 1e-3 } }
            }
        }
        return set
    }

    static func logarithmic(_ lo: Double, _ hi: Double, target: Int, minor: Bool) -> TickSet {
        guard lo > 0 else { return TickSet() }
        let d0 = Int(floor(log10(lo) + 1e-9))
        let d1 = Int(ceil(log10(hi) - 1e-9))
        let decades = max(d1 - d0, 1)
        let every = max(1, Int(ceil(Double(decades) / Double(target))))
        var set = TickSet()
        for d in d0...d1 where d % every == 0 {
            let v = pow(10, Double(d))
            if v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9) {
                set.major.append(v)
                set.labels.append("$10^{\(d < 0 ? "\u{2212}" : "")\(abs(d))}$")
            }
        }
        if minor && every == 1 {
            for d in (d0 - 1)...d1 {
                for k in 2...9 {
                    let v = Double(k) * pow(10, Double(d))
                    if v >= lo && v <= hi { set.minor.append(v) }
                }
            }
        }
        if set.major.count < 2 && decades <= 1 {
            // Less than a decade shown: label with plain numbers instead.
            var lin = linear(lo, hi, target: target, minor: false)
            lin.minor = set.minor
            return lin
        }
        return set
    }

    private static func clean(_ v: Double, _ step: Double) -> Double {
        abs(v) < step * 1e-9 ? 0 : v
    }

    /// Formats values with the number of decimals the step needs, using a true minus sign.
    static func format(_ values: [Double], step: Double) -> [String] {
        let biggest = values.map { abs($0) }.max() ?? 0
        if biggest >= 1e5 || (biggest > 0 && biggest < 1e-3) {
            return values.map { scientific($0) }
        }
        var decimals = max(0, Int(-floor(log10(step) + 1e-9)))
        let scaled = step * pow(10, Double(decimals))
        if abs(scaled - scaled.rounded()) > 1e-6 { decimals += 1 }
        return values.map { number($0, decimals: decimals) }
    }

    /// A number with fixed decimals and a typographic minus sign.
    static func number(_ v: Double, decimals: Int) -> String {
        let s = String(format: "%.\(decimals)f", v == 0 ? 0 : v)
        return s.hasPrefix("-") ? "\u{2212}" + s.dropFirst() : s
    }

    static func scientific(_ v: Double) -> String {
        guard v != 0 else { return "0" }
        let e = Int(floor(log10(abs(v))))
        let m = v / pow(10, Double(e))
        let mant = number(m, decimals: abs(m.rounded() - m) < 1e-9 ? 0 : 1)
        let exp = e < 0 ? "\u{2212}\(abs(e))" : "\(e)"
        return mant == "1" ? "$10^{\(exp)}$" : "\(mant)$\\times10^{\(exp)}$"
    }
}
