import Foundation
public import HMFCore

/// How well a delivered basis recovers a planted one: the largest principal angle between the spans, and what
/// the basis does on clean held-out spectra whose noiseless values and coefficients are known.
///
/// The held-out coefficients are the exact data-weighted least-squares coefficients of each held-out spectrum
/// on the basis (`ScaledSVDStart.weightedCoefficients`, what Gaussian inference with G fixed converges to), so
/// every method's basis is judged by the same inference.
public struct BasisRecovery: Sendable, Codable, Equatable {
    /// Largest principal angle between the delivered and the true basis, degrees.
    public var largestAngle: Double
    /// Median over held-out spectra of the RMS over pixels (missing ones included) of the reconstruction
    /// minus the noiseless spectrum, in flux units.
    public var heldOutError: Double
    /// Coefficient recovery: the inferred coefficients are mapped onto the true ones by the least-squares
    /// K x K matrix R (a basis is only defined up to such a map); the median over held-out spectra of
    /// |a_hat_i R - a_i| over the RMS spread of the true coefficients about their mean.
    public var coefficientError: Double

    /// Scores `basis` (M x K) against `trueBasis` (M x K') on the held-out spectra `heldOut`, whose noiseless
    /// values are `model` and true coefficients `coefficients` (on `trueBasis`).
    /// - Throws: `RHMFError.shapeMismatch` when the shapes disagree.
    public init(
        basis: Matrix, trueBasis: Matrix, heldOut: WeightedData, model: Matrix,
        coefficients truth: Matrix
    ) throws(RHMFError) {
        guard basis.rows == heldOut.M, trueBasis.rows == heldOut.M, model.rows == heldOut.N,
            model.cols == heldOut.M, truth.rows == heldOut.N
        else {
            throw .shapeMismatch(
                "basis recovery needs bases of \(heldOut.M) pixels, a model of \(heldOut.N) x "
                    + "\(heldOut.M) and \(heldOut.N) true coefficient rows")
        }
        largestAngle = try principalAngles(between: basis, and: trueBasis).largestDegrees
        let a = ScaledSVDStart.weightedCoefficients(Y: heldOut.Y, W: heldOut.W, basis: basis)
        let reconstruction = try Matrix.product(a, basis, transposeB: true)
        let m = Double(heldOut.M)
        let rms = (0..<heldOut.N).map { i in
            ((0..<heldOut.M).reduce(0.0) {
                let d = reconstruction[i, $1] - model[i, $1]
                return $0 + d * d
            } / m)
            .squareRoot()
        }
        heldOutError = Quantile.median(rms)
        coefficientError = Self.coefficientError(estimated: a, truth: truth)
    }

    /// The coefficient-recovery error of `estimated` (N x K) against `truth` (N x K'): see `coefficientError`.
    public static func coefficientError(estimated a: Matrix, truth t: Matrix) -> Double {
        let n = a.rows
        let k = a.cols
        let kt = t.cols
        var gram = [Double](repeating: 0, count: k * k)
        for i in 0..<n {
            for p in 0..<k { for q in 0...p { gram[p * k + q] += a[i, p] * a[i, q] } }
        }
        var trace = 0.0
        for p in 0..<k { trace += gram[p * k + p] }
        for p in 0..<k { gram[p * k + p] += 1e-12 * Swift.max(trace, .leastNormalMagnitude) }
        var r = Matrix(rows: k, cols: kt)
        for c in 0..<kt {
            let rhs = (0..<k).map { p in (0..<n).reduce(0.0) { $0 + a[$1, p] * t[$1, c] } }
            let x = ScaledSVDStart.choleskySolve(lower: gram, rhs, k)
            for p in 0..<k { r[p, c] = x[p] }
        }
        let mean = (0..<kt).map { c in (0..<n).reduce(0.0) { $0 + t[$1, c] } / Double(n) }
        var spread = 0.0
        for i in 0..<n { for c in 0..<kt { spread += pow(t[i, c] - mean[c], 2) } }
        let scale = (spread / Double(n)).squareRoot()
        let errors = (0..<n).map { i in
            (0..<kt).reduce(0.0) { sum, c in
                let fitted = (0..<k).reduce(0.0) { $0 + a[i, $1] * r[$1, c] }
                return sum + pow(fitted - t[i, c], 2)
            }.squareRoot()
        }
        return Quantile.median(errors) / Swift.max(scale, .leastNormalMagnitude)
    }
}
