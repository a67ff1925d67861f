import Foundation

/// The synthesis grid and the rest-frame template spectra of the synthetic survey, built once per process.
///
/// Spectra are made on a 4x oversampled grid (step 0.0025 nm) that extends 4 nm beyond 846-870 nm on each side,
/// so that rotation, radial velocity and companion shifts never read past its ends. Sample `s` is at
/// `846 - 0.00375 + (s - 1600) * 0.0025` nm; stored pixel j is the mean of samples 1600 + 4j ... 1600 + 4j + 3.
///
/// A template is the spectrum of a non-rotating star of colour c (instrumental resolution only, no continuum):
///
///     T(c) = (1 - p(c) Σ Paschen) (1 - d(c) Σ CaT(w(c))) exp(-(m(c) Σ metals + n(c) Σ N I + t(c) Σ TiO))
///
/// with the colour laws of `GaiaLineList`: the Paschen lines and the Ca II triplet keep the spec's central depths,
/// while the many weak lines act as optical depths (so overlapping lines never take the flux below zero).
/// Templates are kept on a colour grid of step 0.02 mag and interpolated linearly (the colour laws vary on
/// scales of 0.2 mag or more, so the interpolation error is below 1e-3).
final class GaiaTemplates: Sendable {
    /// The templates every generator uses (about 11 MB).
    static let shared = GaiaTemplates()

    /// Samples per stored pixel.
    static let oversampling = 4
    /// Samples beyond each end of the stored range.
    static let margin = 1600
    /// Sample spacing, nm.
    static let step = 0.01 / Double(oversampling)
    /// Samples of the synthesis grid.
    static let sampleCount = 2401 * oversampling + 2 * margin
    /// Wavelength of sample 0, nm.
    static let firstWavelength = 846 - 1.5 * step - Double(margin) * step

    /// Wavelength of sample `s`.
    @inline(__always) static func wavelength(_ s: Int) -> Double {
        firstWavelength + Double(s) * step
    }

    /// Colours of the templates: -0.5 ... 3.7 in steps of 0.02 (companions of SB2s reach c + 0.3).
    static let colourStart = -0.5
    static let colourStep = 0.02
    static let colourCount = 211

    /// `colourCount x sampleCount` template values.
    private let values: [Float]

    private init() {
        let n = Self.sampleCount
        let paschen = Self.sum(GaiaLineList.paschen, window: nil)
        let metals = Self.sum(GaiaLineList.metals, window: 1.2)
        let nitrogen = Self.sum(GaiaLineList.nitrogen, window: 1.2)
        let molecules = Self.sum(GaiaLineList.molecules, window: 0.6)
        var caTShapes: [Double: [Double]] = [:]
        var values = [Float](repeating: 0, count: Self.colourCount * n)
        for k in 0..<Self.colourCount {
            let c = Self.colourStart + Double(k) * Self.colourStep
            let width = GaiaLineList.caTWidth(c)
            let caT: [Double]
            if let cached = caTShapes[width] {
                caT = cached
            } else {
                caT = Self.sum(GaiaLineList.caTLines(width: width), window: nil)
                caTShapes[width] = caT
            }
            let p = GaiaLineList.paschenFactor(c)
            let d = GaiaLineList.caTDepth(c)
            let m = GaiaLineList.metalFactor(c)
            let nI = GaiaLineList.nitrogenFactor(c)
            let t = GaiaLineList.moleculeFactor(c)
            values.withUnsafeMutableBufferPointer { out in
                let row = out.baseAddress! + k * n  // invariant: allocated above
                for s in 0..<n {
                    let tau = m * metals[s] + nI * nitrogen[s] + t * molecules[s]
                    row[s] = Float((1 - p * paschen[s]) * (1 - d * caT[s]) * exp(-tau))
                }
            }
        }
        self.values = values
    }

    /// Writes the template of colour `c` (linear interpolation between the two nearest colours; clamped to the
    /// grid) into `out`, which holds `sampleCount` values.
    func rest(colour c: Double, into out: UnsafeMutablePointer<Double>) {
        let position = min(
            max((c - Self.colourStart) / Self.colourStep, 0), Double(Self.colourCount - 1))
        let k = min(Int(position), Self.colourCount - 2)
        let t = position - Double(k)
        let n = Self.sampleCount
        values.withUnsafeBufferPointer { v in
            let a = v.baseAddress! + k * n
            let b = a + n  // invariant: k + 1 < colourCount
            for s in 0..<n { out[s] = (1 - t) * Double(a[s]) + t * Double(b[s]) }
        }
    }

    /// Σ strength x profile over the synthesis grid; each line is evaluated within `window` nm of its centre
    /// (nil: everywhere, for the broad wings of hydrogen and Ca II).
    static func sum(_ lines: [GaiaLine], window: Double?) -> [Double] {
        var total = [Double](repeating: 0, count: sampleCount)
        total.withUnsafeMutableBufferPointer { acc in
            for line in lines {
                var range = 0..<sampleCount
                if let window {
                    let low = Int(((line.centre - window - firstWavelength) / step).rounded(.down))
                    let high = Int(((line.centre + window - firstWavelength) / step).rounded(.up))
                    let lo = max(0, low)
                    let hi = min(sampleCount, high)
                    if lo >= hi { continue }
                    range = lo..<hi
                }
                for s in range {
                    acc[s] += line.strength * line.profile(wavelength(s) - line.centre)
                }
            }
        }
        return total
    }
}
