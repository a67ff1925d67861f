import Foundation

/// Convolution of a spectrum on the synthesis grid with a normalised Gaussian (rotation broadening): directly
/// for narrow kernels, through the FFT for wide ones. Both give the same result to rounding; which one is used
/// depends only on the width, so results do not depend on threads or order. One instance per thread.
final class GaussianBroadening {
    /// Kernels up to this half-width (in samples, 4σ) are applied directly.
    static let directHalfWidth = 32
    /// FFT length: the synthesis grid plus a pad that joins its two ends smoothly.
    static let fftCount = 16_384
    private static let plan = FFT(count: fftCount)

    private let copy = UnsafeMutablePointer<Double>.allocate(capacity: GaiaTemplates.sampleCount)
    private let re = UnsafeMutablePointer<Double>.allocate(capacity: fftCount)
    private let im = UnsafeMutablePointer<Double>.allocate(capacity: fftCount)

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
        let half = Int((4 * sigma).rounded(.up)) // >= 1 since sigma >= 0.05
        if half <= Self.directHalfWidth { direct(x, sigma: sigma, half: half) } else { viaFFT(x, sigma: sigma) }
    }

    /// Σ_j k_j x_{s+j} with a kernel truncated at 4σ and normalised to sum 1; the ends are extended with their
    /// edge values.
    private func direct(_ x: UnsafeMutablePointer<Double>, sigma: Double, half: Int) {
        let n = GaiaTemplates.sampleCount, src = copy
        var kernel = (0...half).map { exp(-0.5 * Double($0 * $0) / (sigma * sigma)) }
        let norm = kernel[0] + 2 * kernel.dropFirst().reduce(0, +)
        kernel = kernel.map { $0 / norm }
        src.update(from: x, count: n)
        kernel.withUnsafeBufferPointer { k in
            for s in 0..<n {
                var total = k[0] * src[s]
                if s >= half && s < n - half {
                    for j in 1...half { total += k[j] * (src[s - j] + src[s + j]) }
                } else {
                    for j in 1...half { total += k[j] * (src[max(s - j, 0)] + src[min(s + j, n - 1)]) }
                }
                x[s] = total
            }
        }
    }

    /// Multiplies the spectrum's transform by the Gaussian's, exp(-2π² σ² (k/N)²). The pad ramps linearly from
    /// the last value back to the first, so the circular convolution sees no jump.
    private func viaFFT(_ x: UnsafeMutablePointer<Double>, sigma: Double) {
        let n = GaiaTemplates.sampleCount, m = Self.fftCount, r = re, i = im
        r.update(from: x, count: n)
        let first = x[0], last = x[n - 1], pad = m - n
        for k in 0..<pad { r[n + k] = last + (first - last) * Double(k + 1) / Double(pad + 1) }
        i.update(repeating: 0, count: m)
        Self.plan.transform(re: r, im: i, inverse: false)
        let a = -2 * Double.pi * Double.pi * sigma * sigma / Double(m * m)
        for k in 0..<m {
            let f = Double(k <= m / 2 ? k : m - k)
            let h = exp(a * f * f)
            r[k] *= h
            i[k] *= h
        }
        Self.plan.transform(re: r, im: i, inverse: true)
        x.update(from: r, count: n)
    }
}
