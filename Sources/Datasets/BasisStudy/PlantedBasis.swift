import Foundation
public import HMFCore
import RHMF

/// A known rank-K basis and the distribution of the coefficients of the spectra it makes: the planted truth of
/// the basis-robustness study. Two are built in: the toy basis of the paper (`toy(nPixels:)`) and an RVS-like
/// basis from the synthetic Gaia spectra of normal stars (`rvsLike(...)`).
public struct PlantedBasis: Sendable {
    /// How the coefficients of one spectrum are drawn.
    public enum Coefficients: Sendable {
        /// The toy experiment's distributions (c0 ~ N(1, 0.1), c1 ~ Exp(0.2), c2 ~ N(0, 0.1),
        /// c3 ~ LogNormal(0, 0.1), c4 ~ N(0.1, 0.1), with the configuration's parameters).
        case toy(ToyConfiguration)
        /// A row drawn uniformly, with replacement, from a pool (P x K) of coefficients of real-looking spectra.
        case pool(Matrix)
    }

    /// Short name ("toy", "rvs").
    public let name: String
    /// Wavelength of each pixel (Angstrom for the toy, nm for the RVS-like basis).
    public let wavelength: [Double]
    /// The basis, M x K (column k is basis vector k).
    public let vectors: Matrix
    /// The coefficient distribution.
    public let coefficients: Coefficients

    /// A planted basis from its parts.
    public init(name: String, wavelength: [Double], vectors: Matrix, coefficients: Coefficients) {
        self.name = name
        self.wavelength = wavelength
        self.vectors = vectors
        self.coefficients = coefficients
    }

    /// Rank K.
    public var rank: Int { vectors.cols }
    /// Number of pixels M.
    public var nPixels: Int { vectors.rows }

    /// The toy basis of the paper (`ToyBasis`, rank 5) on `nPixels` pixels, with the toy's coefficients.
    /// - Throws: `DatasetError.invalidConfiguration` for a grid too short for the line-spread function.
    public static func toy(nPixels: Int = 1200) throws(DatasetError) -> PlantedBasis {
        var configuration = ToyConfiguration(nSpectra: 8000, nPixels: nPixels)
        // Only the basis and the coefficients are used; keep the (unused) gap lengths valid on short grids.
        configuration.missingSegmentLength = max(1, nPixels / 24)...max(1, nPixels / 6)
        let basis = try ToyBasis(configuration: configuration)
        return PlantedBasis(
            name: "toy", wavelength: basis.wavelength, vectors: basis.vectors,
            coefficients: .toy(configuration))
    }

    /// `count` coefficient rows (count x K) from the stream `random`.
    func draw(_ count: Int, _ random: inout RandomStream) -> Matrix {
        switch coefficients {
        case .toy(let c):
            return c.drawCoefficients(count, &random)
        case .pool(let pool):
            var a = Matrix(rows: count, cols: pool.cols)
            for i in 0..<count {
                let r = random.integer(below: pool.rows)
                for k in 0..<pool.cols { a[i, k] = pool[r, k] }
            }
            return a
        }
    }
}
