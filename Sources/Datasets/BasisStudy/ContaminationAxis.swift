import Foundation

/// One direction of the basis-robustness sweep: which part of the contamination is varied.
public enum ContaminationAxis: String, Sendable, Hashable, Codable, CaseIterable {
    /// The fraction of outlier pixels.
    case pixels
    /// The fraction of outlier spectra.
    case spectra
    /// The number of outlier columns.
    case columns
    /// The heteroskedasticity of the noise.
    case spread

    /// `base` with this axis set to `level` (a fraction, a column count, or a spread).
    public func contamination(_ level: Double, base: Contamination) -> Contamination {
        var c = base
        switch self {
        case .pixels: c.pixelFraction = level
        case .spectra: c.spectrumFraction = level
        case .columns: c.columnCount = Int(level.rounded())
        case .spread: c.noiseSpread = level
        }
        return c
    }

    /// This axis's level in `c`.
    public func level(of c: Contamination) -> Double {
        switch self {
        case .pixels: c.pixelFraction
        case .spectra: c.spectrumFraction
        case .columns: Double(c.columnCount)
        case .spread: c.noiseSpread
        }
    }

    /// Axis title for figures.
    public var title: String {
        switch self {
        case .pixels: "Outlier pixels [%]"
        case .spectra: "Outlier spectra [%]"
        case .columns: "Outlier columns"
        case .spread: "Noise spread (0 = homoskedastic, 1 = toy)"
        }
    }

    /// The value plotted on the x axis for `level` (percent for fractions).
    public func plotted(_ level: Double) -> Double {
        self == .pixels || self == .spectra ? 100 * level : level
    }

    /// `level` as words ready for prose ("1%", "3 columns", "1 column", "spread 0.5"); `tex` escapes % for LaTeX.
    public func words(_ level: Double, tex: Bool = false) -> String {
        let percent = tex ? "\\%" : "%"
        switch self {
        case .pixels, .spectra:
            let p = 100 * level
            let text = p == p.rounded() ? String(Int(p)) : String(format: "%.1f", p)
            return text + percent
        case .columns:
            let n = Int(level.rounded())
            return n == 1 ? "1 column" : "\(n) columns"
        case .spread:
            return "spread " + String(format: "%.2g", level)
        }
    }

    /// Where a method's basis degrades along this axis: the first of `levels` (increasing) at which `means`
    /// exceeds `threshold`, in words ("1%", "3 columns"); "without contamination" when the first level already
    /// does, "beyond LAST" when none does.
    public func degradation(levels: [Double], means: [Double], threshold: Double, tex: Bool = false)
        -> String
    {
        guard let first = zip(levels, means).first(where: { $0.1 > threshold }) else {
            return "beyond " + words(levels.last ?? 0, tex: tex)
        }
        return first.0 == levels.first && first.0 == 0
            ? "without contamination" : words(first.0, tex: tex)
    }
}

/// Mean and range of one quantity over seeds.
public struct SeedSpread: Sendable, Codable, Equatable {
    /// The values, one per seed.
    public var values: [Double]
    /// Their mean.
    public var mean: Double
    /// Their smallest and largest values.
    public var min: Double, max: Double

    /// The spread of `values` (NaN for none).
    public init(_ values: [Double]) {
        self.values = values
        mean = values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
        min = values.min() ?? .nan
        max = values.max() ?? .nan
    }
}
