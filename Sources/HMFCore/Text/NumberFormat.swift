import Foundation

/// How numbers are written in tables, prose and logs.
///
///     NumberFormat.fixed(0.98913, 3)        // "0.989"
///     NumberFormat.scientific(1.33e-4, 2)   // "1.33e-04"
///     NumberFormat.percent(0.525, 1)        // "52.5%"
public enum NumberFormat {
    /// `digits` decimals.
    public static func fixed(_ x: Double, _ digits: Int) -> String {
        special(x) ?? String(format: "%.\(max(0, digits))f", x)
    }

    /// Mantissa with `digits` decimals and a two-digit exponent.
    public static func scientific(_ x: Double, _ digits: Int) -> String {
        special(x) ?? String(format: "%.\(max(0, digits))e", x)
    }

    /// A fraction as a percentage with `digits` decimals.
    public static func percent(_ x: Double, _ digits: Int) -> String {
        special(x) ?? String(format: "%.\(max(0, digits))f%%", 100 * x)
    }

    /// Integers as integers, everything else with `digits` significant digits.
    public static func significant(_ x: Double, _ digits: Int = 6) -> String {
        if let s = special(x) { return s }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return String(format: "%.\(max(1, digits))g", x)
    }

    /// A count with thousands separators: 192550 -> "192,550".
    public static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (k, c) in digits.enumerated() {
            if k > 0, (digits.count - k) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }

    private static func special(_ x: Double) -> String? {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        return nil
    }
}

extension Double {
    /// This number with `digits` decimals (see `NumberFormat.fixed`).
    public func fixed(_ digits: Int) -> String { NumberFormat.fixed(self, digits) }
    /// This number in scientific notation (see `NumberFormat.scientific`).
    public func scientific(_ digits: Int) -> String { NumberFormat.scientific(self, digits) }
    /// This fraction as a percentage (see `NumberFormat.percent`).
    public func percent(_ digits: Int) -> String { NumberFormat.percent(self, digits) }
}
