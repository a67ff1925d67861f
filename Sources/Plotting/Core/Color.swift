/// An sRGB colour with straight (non-premultiplied) alpha, components in 0...1.
public struct Color: Hashable, Sendable {
    public var red: Double
    public var green: Double
    public var blue: Double
    public var alpha: Double

    /// A colour from components in 0...1 (values are clamped).
    public init(red: Double, green: Double, blue: Double, alpha: Double = 1) {
        self.red = Color.clamp(red)
        self.green = Color.clamp(green)
        self.blue = Color.clamp(blue)
        self.alpha = Color.clamp(alpha)
    }

    /// A colour from a hex string such as "#1f77b4", "1f77b4" or "#1f77b480"; nil if malformed.
    public init?(hex: String) {
        var text = Substring(hex)
        if text.hasPrefix("#") { text = text.dropFirst() }
        guard text.count == 6 || text.count == 8, let value = UInt32(text, radix: 16) else {
            return nil
        }
        let v = text.count == 6 ? (value << 8) | 0xff : value
        self.init(
            red: Double((v >> 24) & 0xff) / 255, green: Double((v >> 16) & 0xff) / 255,
            blue: Double((v >> 8) & 0xff) / 255, alpha: Double(v & 0xff) / 255)
    }

    /// A colour from a 24-bit RGB integer, e.g. `Color(rgb: 0x1f77b4)`.
    public init(rgb: UInt32, alpha: Double = 1) {
        self.init(
            red: Double((rgb >> 16) & 0xff) / 255, green: Double((rgb >> 8) & 0xff) / 255,
            blue: Double(rgb & 0xff) / 255, alpha: alpha)
    }

    /// A grey level (0 black, 1 white).
    public init(gray: Double, alpha: Double = 1) {
        self.init(red: gray, green: gray, blue: gray, alpha: alpha)
    }

    /// The same colour with a different alpha.
    public func withAlpha(_ alpha: Double) -> Color {
        Color(red: red, green: green, blue: blue, alpha: alpha)
    }

    /// Mixes towards `other` by `fraction` (0 gives self, 1 gives other).
    public func blended(with other: Color, fraction: Double) -> Color {
        let f = Color.clamp(fraction)
        return Color(
            red: red + (other.red - red) * f, green: green + (other.green - green) * f,
            blue: blue + (other.blue - blue) * f, alpha: alpha + (other.alpha - alpha) * f)
    }

    /// Lighter (amount > 0) or darker (amount < 0) version, mixing with white or black.
    public func lightened(_ amount: Double) -> Color {
        amount >= 0
            ? blended(with: .white, fraction: amount) : blended(with: .black, fraction: -amount)
    }

    /// "#rrggbb" (alpha ignored).
    public var hexString: String {
        func byte(_ v: Double) -> String {
            let s = String(Int((v * 255).rounded()), radix: 16)
            return s.count == 1 ? "0" + s : s
        }
        return "#" + byte(red) + byte(green) + byte(blue)
    }

    static func clamp(_ v: Double) -> Double { v.isNaN ? 0 : min(max(v, 0), 1) }

    public static let black = Color(red: 0, green: 0, blue: 0)
    public static let white = Color(red: 1, green: 1, blue: 1)
    public static let gray = Color(gray: 0.5)
    public static let lightGray = Color(gray: 0.8)
    public static let darkGray = Color(gray: 0.25)
    public static let clear = Color(red: 0, green: 0, blue: 0, alpha: 0)
    public static let red = Color(red: 0.84, green: 0.15, blue: 0.16)
    public static let green = Color(red: 0.17, green: 0.63, blue: 0.17)
    public static let blue = Color(red: 0.12, green: 0.47, blue: 0.71)
    public static let orange = Color(red: 1.0, green: 0.5, blue: 0.05)
    public static let purple = Color(red: 0.58, green: 0.40, blue: 0.74)

    /// The ten-colour qualitative cycle used for successive lines (Tableau 10).
    public static let cycle: [Color] = [
        "1f77b4", "ff7f0e", "2ca02c", "d62728", "9467bd",
        "8c564b", "e377c2", "7f7f7f", "bcbd22", "17becf",
    ].compactMap { Color(hex: $0) }

    /// Colour `index` of the qualitative cycle (wraps around).
    public static func cycle(_ index: Int) -> Color {
        let n = cycle.count
        return cycle[((index % n) + n) % n]
    }
}
