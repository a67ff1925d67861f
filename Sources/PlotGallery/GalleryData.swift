import Foundation
import Plotting

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
