import Foundation
import HMFCore
import RHMF

@testable import Datasets

/// Shared data sets, generated once per test run (debug builds are slow, so these are smaller than the paper's).
enum Fixtures {
    /// A fifth of the paper's spectra at a third of its pixels, with all components kept.
    static let mediumConfiguration = ToyConfiguration(nSpectra: 1600, nPixels: 400)

    /// `mediumConfiguration` generated with seed 7 and components.
    static let medium: Result<ToySpectra, DatasetError> = Result { () throws(DatasetError) in
        try ToySpectra(configuration: mediumConfiguration, seed: 7, keepComponents: true)
    }

    /// The paper's basis (no spectra), full 1200-pixel grid.
    static let paperBasis: Result<ToyBasis, DatasetError> = Result { () throws(DatasetError) in
        try ToyBasis(configuration: .paper)
    }
}

/// Median of a non-empty array.
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let n = sorted.count
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
}

/// Mean and (population) standard deviation.
func meanAndSD(_ values: [Double]) -> (mean: Double, sd: Double) {
    let n = Double(values.count)
    let mean = values.reduce(0, +) / n
    let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
    return (mean, variance.squareRoot())
}

/// The bit patterns of a matrix, for byte-identity checks (distinguishes -0 from 0 and compares NaNs).
func bits(_ m: Matrix) -> [UInt64] { m.elements.map(\.bitPattern) }
