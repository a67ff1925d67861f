import Foundation

/// Deterministic pseudo-random numbers (SplitMix64) for the gallery's synthetic data.
struct GalleryRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }

    mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * uniform() }

    /// Standard normal (Box-Muller).
    mutating func normal() -> Double {
        let u1 = max(uniform(), 1e-300), u2 = uniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }

    mutating func normal(_ mean: Double, _ sd: Double) -> Double { mean + sd * normal() }
}

/// Synthetic spectra like the paper's toy data: smooth continuum, absorption lines, noise.
enum GallerySpectra {
    static let lineCentres = [410.17, 434.05, 486.13, 516.73, 517.27, 518.36, 589.0, 589.6]

    static func wavelengths(_ n: Int = 600) -> [Double] {
        (0..<n).map { 400 * pow(1.5, Double($0) / Double(n - 1)) }
    }

    static func lines(_ wl: [Double], depth: Double = 0.45, width: Double = 0.25) -> [Double] {
        wl.map { l in lineCentres.reduce(0) { $0 - depth * exp(-0.5 * pow((l - $1) / width, 2)) } }
    }

    /// A model spectrum: continuum shape from a few coefficients plus the absorption lines.
    static func model(_ wl: [Double], c: [Double]) -> [Double] {
        let lineTerm = lines(wl)
        return wl.indices.map { i in
            let z = (wl[i] - 500) / 100
            let wave = sin(2 * .pi * 2 * (wl[i] - 400) / 200)
            return c[0] + c[1] * z + c[2] * (3 * z * z - 1) / 2 + c[3] * lineTerm[i] + c[4] * wave
        }
    }
}
