import Foundation

/// Convolution of a spectrum on the synthesis grid with a normalised Gaussian (rotation broadening): directly
/// for narrow kernels, through the FFT for wide ones. Both give the same result to rounding; which one is used
/// depends only on the width, so results do not depend on threads or order. One instance per thread.
final class GaussianBroadening {
    /// Kernels up to this half-width (in samples, 4σ) are applied directly.
    static let directHalfWidth = 32
    /// FFT length: the synthesis grid plus a pad that joins its two ends smoothly.
    static let fftCount = 16_384
    private static let plan = FFT(count: fftCount / 2)

    private let copy = UnsafeMutablePointer<Double>.allocate(capacity: GaiaTemplates.sampleCount)
    private let re = UnsafeMutablePointer<Double>.allocate(capacity: fftCount / 2)
    private let im = UnsafeMutablePointer<Double>.allocate(capacity: fftCount / 2)

    init() {}

    deinit {
        copy.deallocate()
        re.deallocate()
        im.deallocate()
    }

    /// Convolves the `GaiaTemplates.sampleCount` values at `x` in place with a Gaussian of standard deviation
    /// `sigma` samples (nothing happens below 0.05 samples).
    func apply(_ x: UnsafeMutablePointer<Double>, sigma: Double) {
        guard sigma >= 0.05 else { return }
        let half = Int((4 * sigma).rounded(.up))  // >= 1 since sigma >= 0.05
        if half <= Self.directHalfWidth {
            direct(x, sigma: sigma, half: half)
        } else {
            viaFFT(x, sigma: sigma)
        }
    }

    /// Σ_j k_j x_{s+j} with a kernel truncated at 4σ and normalised to sum 1; the ends are extended with their
    /// edge values. The interior is summed tap by tap over contiguous runs of samples (vectorisable); the order of
    /// the additions is fixed, so results do not depend on the machine's vector width.
    func direct(_ x: UnsafeMutablePointer<Double>, sigma: Double, half: Int) {
        let n = GaiaTemplates.sampleCount
        let src = copy
        var kernel = (0...half).map { exp(-0.5 * Double($0 * $0) / (sigma * sigma)) }
        let norm = kernel[0] + 2 * kernel.dropFirst().reduce(0, +)
        kernel = kernel.map { $0 / norm }
        src.update(from: x, count: n)
        kernel.withUnsafeBufferPointer { k in
            let k0 = k[0]
            for s in half..<(n - half) { x[s] = k0 * src[s] }
            for j in 1...half {
                let kj = k[j]
                let left = src - j
                let right = src + j
                for s in half..<(n - half) { x[s] += kj * (left[s] + right[s]) }
            }
            for s in Array(0..<half) + Array((n - half)..<n) {
                var total = k0 * src[s]
                for j in 1...half { total += k[j] * (src[max(s - j, 0)] + src[min(s + j, n - 1)]) }
                x[s] = total
            }
        }
    }

    /// Multiplies the spectrum's transform by the Gaussian's, exp(-2π² σ² (k/N)²), with the real-input FFT trick:
    /// the N real values are packed as N/2 complex ones (even samples real, odd imaginary), transformed, split
    /// into the even and odd transforms, filtered, recombined and transformed back. The pad ramps linearly from
    /// the last value back to the first, so the circular convolution sees no jump.
    func viaFFT(_ x: UnsafeMutablePointer<Double>, sigma: Double) {
        let n = GaiaTemplates.sampleCount
        let total = Self.fftCount
        let half = total / 2
        let r = re
        let i = im
        let first = x[0]
        let last = x[n - 1]
        let pad = total - n
        func value(_ s: Int) -> Double {
            s < n ? x[s] : last + (first - last) * Double(s - n + 1) / Double(pad + 1)
        }
        for m in 0..<half {
            r[m] = value(2 * m)
            i[m] = value(2 * m + 1)
        }
        Self.plan.transform(re: r, im: i, inverse: false)
        let a = -2 * Double.pi * Double.pi * sigma * sigma / Double(total * total)
        func gain(_ k: Int) -> Double {
            let f = Double(k <= total / 2 ? k : total - k)
            let e = a * f * f
            return e < -700 ? 0 : exp(e)
        }
        // Pairs (k, M - k) are updated together, since each output needs both inputs.
        Self.twiddles.withUnsafeBufferPointer { w in
            for k in 0...(half / 2) {
                let q = (half - k) % half
                let (zr, zi, cr, ci) = (r[k], i[k], r[q], -i[q])  // Z[k] and conj(Z[M-k])
                let (qr, qi, kr, ki) = (r[q], i[q], r[k], -i[k])  // Z[M-k] and conj(Z[k])
                let out1 = Self.filter(zr, zi, cr, ci, k: k, w: w, gain: gain)
                let out2 = Self.filter(qr, qi, kr, ki, k: q, w: w, gain: gain)
                r[k] = out1.0
                i[k] = out1.1
                r[q] = out2.0
                i[q] = out2.1
            }
        }
        Self.plan.transform(re: r, im: i, inverse: true)
        for m in 0..<half {
            if 2 * m < n { x[2 * m] = r[m] }
            if 2 * m + 1 < n { x[2 * m + 1] = i[m] }
        }
    }

    /// W^k = exp(-2πi k / N) for k < N/2, as (cos, sin) pairs.
    private static let twiddles: [(Double, Double)] = (0..<(fftCount / 2)).map {
        let t = 2 * Double.pi * Double($0) / Double(fftCount)
        return (cos(t), -sin(t))
    }

    /// From Z[k] and conj(Z[M-k]) of the packed transform: E = (Z + Z*)/2 and O = (Z - Z*)/(2i) are the even and
    /// odd samples' transforms, X[k] = E + W^k O and X[k+M] = E - W^k O the real signal's; after the gains, the
    /// packed transform of the filtered signal at k is E' + i O' with E' = (Y[k] + Y[k+M])/2 and
    /// O' = (Y[k] - Y[k+M]) W^-k / 2.
    @inline(__always)
    private static func filter(
        _ zr: Double, _ zi: Double, _ cr: Double, _ ci: Double, k: Int,
        w: UnsafeBufferPointer<(Double, Double)>, gain: (Int) -> Double
    ) -> (Double, Double) {
        let er = (zr + cr) / 2
        let ei = (zi + ci) / 2
        let dr = (zr - cr) / 2
        let di = (zi - ci) / 2
        let or = di
        let oi = -dr  // (d) / i
        let (wr, wi) = w[k]
        let tr = wr * or - wi * oi
        let ti = wr * oi + wi * or  // W^k O
        let g1 = gain(k)
        let g2 = gain(k + fftCount / 2)
        let y1r = g1 * (er + tr)
        let y1i = g1 * (ei + ti)
        let y2r = g2 * (er - tr)
        let y2i = g2 * (ei - ti)
        let epr = (y1r + y2r) / 2
        let epi = (y1i + y2i) / 2
        let sr = (y1r - y2r) / 2
        let si = (y1i - y2i) / 2
        let opr = sr * wr + si * wi
        let opi = si * wr - sr * wi  // times conj(W^k) = W^-k
        return (epr - opi, epi + opr)  // E' + i O'
    }
}
