import Foundation

/// An in-place complex fast Fourier transform of one power-of-two length (iterative radix-2 Cooley-Tukey with
/// precomputed twiddle factors and bit-reversal permutation), for the survey's Gaussian broadening.
final class FFT: Sendable {
    /// Transform length.
    let count: Int
    private let cosines: [Double]
    private let sines: [Double]
    private let reversed: [Int32]

    /// A plan for length `count` (a power of two >= 2).
    init(count: Int) {
        // invariant: internal sizes
        precondition(count >= 2 && count & (count - 1) == 0, "FFT length must be a power of two")
        self.count = count
        cosines = (0..<(count / 2)).map { cos(2 * Double.pi * Double($0) / Double(count)) }
        sines = (0..<(count / 2)).map { sin(2 * Double.pi * Double($0) / Double(count)) }
        var bits = 0
        while 1 << bits < count { bits += 1 }
        reversed = (0..<count).map { i in
            var r = 0
            var v = i
            for _ in 0..<bits {
                r = (r << 1) | (v & 1)
                v >>= 1
            }
            return Int32(r)
        }
    }

    /// X_k = Σ x_j exp(-2πi jk/n) (inverse: exp(+2πi jk/n) / n), in place on `count` values of `re` and `im`.
    func transform(
        re: UnsafeMutablePointer<Double>, im: UnsafeMutablePointer<Double>, inverse: Bool
    ) {
        let n = count
        reversed.withUnsafeBufferPointer { rev in
            for i in 0..<n {
                let j = Int(rev[i])
                if j > i {
                    swap(&re[i], &re[j])
                    swap(&im[i], &im[j])
                }
            }
        }
        let sign = inverse ? 1.0 : -1.0
        cosines.withUnsafeBufferPointer { cs in
            sines.withUnsafeBufferPointer { sn in
                var size = 2
                while size <= n {
                    let half = size / 2
                    let stride = n / size
                    var start = 0
                    while start < n {
                        for k in 0..<half {
                            let wr = cs[k * stride]
                            let wi = sign * sn[k * stride]
                            let a = start + k
                            let b = a + half
                            let tr = wr * re[b] - wi * im[b]
                            let ti = wr * im[b] + wi * re[b]
                            re[b] = re[a] - tr
                            im[b] = im[a] - ti
                            re[a] += tr
                            im[a] += ti
                        }
                        start += size
                    }
                    size *= 2
                }
            }
        }
        if inverse {
            let scale = 1 / Double(n)
            for i in 0..<n {
                re[i] *= scale
                im[i] *= scale
            }
        }
    }
}
