import Foundation
public import HMFCore
import RHMF

/// The wavelength grid and the true rank-5 basis of the toy spectra (no randomness).
///
/// Columns of `vectors`, in order: Legendre P0 = 1, P1 = z, P2 = (3 z^2 - 1) / 2 in z = log(lambda) rescaled to
/// [-1, 1]; the absorption-line template convolved with the instrument's line-spread function; and
/// sin(2 pi * periods * (lambda - lambda_min) / (lambda_max - lambda_min)).
public struct ToyBasis: Sendable {
    /// Names of the basis vectors, in column order.
    public static let names = ["P0", "P1", "P2", "lines", "sinusoid"]
    /// The true rank.
    public static let rank = 5

    /// Wavelengths in Angstrom, geometric from the lower to the upper end of the range (both included), M values.
    public let wavelength: [Double]
    /// log(lambda) rescaled linearly to [-1, 1].
    public let z: [Double]
    /// The true basis G, M x 5 (one column per basis vector, see `names`).
    public let vectors: Matrix
    /// The line template before convolution (M values).
    public let unconvolvedLineTemplate: [Double]
    /// Sigma of the Gaussian line-spread function in pixels: (mean(lambda) / R / mean(lambda)) / dx with dx the
    /// step in log(lambda), i.e. 1 / (R dx).
    public let lsfSigmaPixels: Double
    /// The normalised convolution kernel (odd length 2 h + 1, h = ceil(halfWidth * sigma) pixels, sums to 1).
    public let lsfKernel: [Double]

    /// Builds the grid and basis for a configuration.
    /// - Throws: `DatasetError.invalidConfiguration` when the configuration does not validate.
    public init(configuration: ToyConfiguration) throws(DatasetError) {
        try configuration.validate()
        let m = configuration.nPixels
        let lo = configuration.wavelengthRange.lowerBound
        let hi = configuration.wavelengthRange.upperBound
        let logLo = log(lo)
        let logHi = log(hi)
        let dx = (logHi - logLo) / Double(m - 1)

        var wavelength = [Double](repeating: 0, count: m)
        var z = [Double](repeating: 0, count: m)
        for j in 0..<m {
            let x = logLo + dx * Double(j)
            // The end points are set exactly so the grid spans the range to the last bit.
            wavelength[j] = j == 0 ? lo : (j == m - 1 ? hi : exp(x))
            z[j] = 2 * Double(j) / Double(m - 1) - 1
        }

        var raw = [Double](repeating: 0, count: m)
        for j in 0..<m {
            var value = 0.0
            for c in configuration.lineCentres {
                let t = (wavelength[j] - c) / configuration.lineWidth
                value -= configuration.lineDepth * exp(-0.5 * t * t)
            }
            raw[j] = value
        }

        let sigma = 1 / (configuration.resolvingPower * dx)
        let half = max(1, Int((configuration.lsfHalfWidthInSigmas * sigma).rounded(.up)))
        var kernel = (-half...half).map { k in exp(-0.5 * (Double(k) / sigma) * (Double(k) / sigma))
        }
        let kernelSum = kernel.reduce(0, +)
        for k in kernel.indices { kernel[k] /= kernelSum }
        let lines = ToyBasis.convolve(raw, with: kernel)

        var g = Matrix(rows: m, cols: ToyBasis.rank)
        for j in 0..<m {
            let zj = z[j]
            let phase = (wavelength[j] - lo) / (hi - lo)
            g[j, 0] = 1
            g[j, 1] = zj
            g[j, 2] = (3 * zj * zj - 1) / 2
            g[j, 3] = lines[j]
            g[j, 4] = sin(2 * Double.pi * configuration.sinusoidPeriods * phase)
        }
        self.wavelength = wavelength
        self.z = z
        self.vectors = g
        self.unconvolvedLineTemplate = raw
        self.lsfSigmaPixels = sigma
        self.lsfKernel = kernel
    }

    /// Basis vector `k` (column k of `vectors`) as an array of M values.
    public func vector(_ k: Int) -> [Double] { Array(vectors.column(k)) }

    /// Discrete convolution of `signal` with an odd-length, centred `kernel`, same length as `signal`; values
    /// beyond the ends count as zero. The toy template is zero (to double precision) near both ends of the grid,
    /// so the edge treatment does not change it.
    static func convolve(_ signal: [Double], with kernel: [Double]) -> [Double] {
        let n = signal.count
        let half = kernel.count / 2
        var out = [Double](repeating: 0, count: n)
        for j in 0..<n {
            var sum = 0.0
            for k in kernel.indices {
                let source = j + half - k
                if source >= 0 && source < n { sum += kernel[k] * signal[source] }
            }
            out[j] = sum
        }
        return out
    }
}
