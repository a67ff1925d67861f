import Foundation
import HMFCore
import RHMF

/// The heteroskedastic noise of the toy experiment: sigma_ij = s_i v_j u_ij * noiseLevel, y_ij += sigma_ij e_ij
/// with e_ij ~ Normal(0, 1), and the known inverse variances W = 1 / sigma^2.
///
/// - s_i ~ LogNormal(spectrumNoiseLogMean, spectrumNoiseLogSD), divided by its mean over all N spectra;
/// - v_j = exp(-((lambda_j - mean(lambda)) / ((lambda_max - lambda_min) / 2))^2 / 2), divided by its maximum over
///   the grid (mean(lambda) is the mean of the geometric grid, slightly below the midpoint of the range);
/// - u_ij ~ LogNormal(0, pixelNoiseLogSD), divided by its mean over all N M entries.
///
/// u and e come from one random stream per spectrum, so the result does not depend on evaluation order (rows are
/// generated concurrently in blocks).
struct ToyNoise {
    /// s_i, normalised to mean 1.
    let spectrumScale: [Double]
    /// v_j, normalised to maximum 1.
    let pixelScale: [Double]

    /// Adds noise to `y` and returns the weights W = 1/sigma^2 (N x M); `sigma` receives sigma_ij when non-nil and
    /// `noise` the added values sigma_ij e_ij.
    init(
        adding y: inout Matrix, weights: inout Matrix, sigma: inout Matrix?, noise: inout Matrix?,
        wavelength: [Double], configuration c: ToyConfiguration, seed: UInt64
    ) {
        let n = c.nSpectra
        let m = c.nPixels

        var scaleStream = RandomStream(seed: seed, stage: ToyStage.spectrumNoiseScale.rawValue)
        var s = (0..<n).map { _ in
            scaleStream.logNormal(c.spectrumNoiseLogMean, c.spectrumNoiseLogSD)
        }
        let meanS = s.reduce(0, +) / Double(n)
        for i in 0..<n { s[i] /= meanS }

        let meanLambda = wavelength.reduce(0, +) / Double(m)
        let halfRange = (c.wavelengthRange.upperBound - c.wavelengthRange.lowerBound) / 2
        var v = wavelength.map { lambda -> Double in
            let t = (lambda - meanLambda) / halfRange
            return exp(-0.5 * t * t)
        }
        let maxV = v.max() ?? 1
        for j in 0..<m { v[j] /= maxV }

        // Pass 1: u_ij into the weight buffer and per-row sums; pass 2: sigma, noise and weights. Rows are
        // independent (one stream each), so blocks of rows run concurrently without changing any value; the row
        // sums are added in row order so their total is deterministic too.
        let logSD = c.pixelNoiseLogSD
        let blockRows = 128
        let blocks = (n + blockRows - 1) / blockRows
        var rowSums = [Double](repeating: 0, count: n)
        weights.withUnsafeMutableBufferPointer { w in
            rowSums.withUnsafeMutableBufferPointer { sums in
                let w = UnsafeSendableBuffer(w)
                let sums = UnsafeSendableBuffer(sums)
                DispatchQueue.concurrentPerform(iterations: blocks) { block in
                    for i in block * blockRows..<min(n, (block + 1) * blockRows) {
                        var random = RandomStream(
                            seed: seed, stage: ToyStage.pixelNoiseFactor.rawValue, index: UInt64(i))
                        var rowSum = 0.0
                        for j in 0..<m {
                            let u = random.logNormal(0, logSD)
                            w[i * m + j] = u
                            rowSum += u
                        }
                        sums[i] = rowSum
                    }
                }
            }
        }
        let uScale = c.noiseLevel * Double(n) * Double(m) / rowSums.reduce(0, +)

        let keepSigma = sigma != nil
        let keepNoise = noise != nil
        var sigmaOut = sigma ?? Matrix(rows: 0, cols: 0)
        var noiseOut = noise ?? Matrix(rows: 0, cols: 0)
        y.withUnsafeMutableBufferPointer { py in
            weights.withUnsafeMutableBufferPointer { pw in
                sigmaOut.withUnsafeMutableBufferPointer { ps in
                    noiseOut.withUnsafeMutableBufferPointer { pe in
                        let y = UnsafeSendableBuffer(py)
                        let w = UnsafeSendableBuffer(pw)
                        let sig = UnsafeSendableBuffer(ps)
                        let eps = UnsafeSendableBuffer(pe)
                        let s = s
                        let v = v
                        DispatchQueue.concurrentPerform(iterations: blocks) { block in
                            for i in block * blockRows..<min(n, (block + 1) * blockRows) {
                                var random = RandomStream(
                                    seed: seed, stage: ToyStage.noiseDraws.rawValue,
                                    index: UInt64(i))
                                let rowScale = s[i] * uScale
                                for j in 0..<m {
                                    let k = i * m + j
                                    let sd = rowScale * v[j] * w[k]
                                    let e = sd * random.normal()
                                    y[k] += e
                                    w[k] = 1 / (sd * sd)
                                    if keepSigma { sig[k] = sd }
                                    if keepNoise { eps[k] = e }
                                }
                            }
                        }
                    }
                }
            }
        }
        if keepSigma { sigma = sigmaOut }
        if keepNoise { noise = noiseOut }
        spectrumScale = s
        pixelScale = v
    }
}

/// A mutable buffer shared by concurrent loops that write disjoint elements (each block of rows owns its rows).
struct UnsafeSendableBuffer: @unchecked Sendable {
    let base: UnsafeMutableBufferPointer<Double>
    init(_ base: UnsafeMutableBufferPointer<Double>) { self.base = base }
    @inline(__always) subscript(k: Int) -> Double {
        get { base[k] }
        nonmutating set { base[k] = newValue }
    }
}
