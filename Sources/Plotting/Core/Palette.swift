/// Discrete colour palettes.
public enum Palette {
    /// `count` colours with hues evenly spaced around the HLS colour wheel, starting at hue 0.01
    /// (like seaborn's `hls_palette(n, h=0.01, l, s)`). `lightness` and `saturation` in 0...1.
    public static func hls(
        _ count: Int, hue start: Double = 0.01, lightness: Double = 0.6,
        saturation: Double = 0.65
    ) -> [Color] {
        guard count > 0 else { return [] }
        return (0..<count).map { i in
            let h = (start + Double(i) / Double(count)).truncatingRemainder(dividingBy: 1)
            return fromHLS(hue: h, lightness: lightness, saturation: saturation)
        }
    }

    /// `count` colours sampled evenly from a colormap, from `start` to `end` (fractions of the map).
    public static func sampled(_ colormap: Colormap, count: Int, start: Double = 0, end: Double = 1)
        -> [Color]
    {
        guard count > 0 else { return [] }
        if count == 1 { return [colormap.color(at: (start + end) / 2)] }
        return (0..<count).map {
            colormap.color(at: start + (end - start) * Double($0) / Double(count - 1))
        }
    }

    /// Converts hue, lightness, saturation (all 0...1) to an RGB colour.
    public static func fromHLS(hue: Double, lightness l: Double, saturation s: Double) -> Color {
        if s == 0 { return Color(gray: l) }
        let m2 = l <= 0.5 ? l * (1 + s) : l + s - l * s
        let m1 = 2 * l - m2
        func channel(_ h: Double) -> Double {
            var h = h.truncatingRemainder(dividingBy: 1)
            if h < 0 { h += 1 }
            if h < 1.0 / 6 { return m1 + (m2 - m1) * h * 6 }
            if h < 0.5 { return m2 }
            if h < 2.0 / 3 { return m1 + (m2 - m1) * (2.0 / 3 - h) * 6 }
            return m1
        }
        return Color(red: channel(hue + 1.0 / 3), green: channel(hue), blue: channel(hue - 1.0 / 3))
    }
}
