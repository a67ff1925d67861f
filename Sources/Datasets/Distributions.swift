import Foundation
import HMFCore
import RHMF

/// A random stream for the generators: the distributions the toy data needs, built on RHMF's `SeededGenerator`
/// (xoshiro256**) so a seed fixes every value.
///
/// Normals come in pairs from Marsaglia's polar method (one `log` and one square root per pair, no trigonometry),
/// which is about twice as fast as one-value Box-Muller and uses only `log` from the maths library. Values are
/// byte-identical wherever `log`/`exp` round identically (every glibc build; a different libm may differ in the
/// last bit of some values).
struct RandomStream {
    private var generator: SeededGenerator
    private var spareNormal: Double?

    /// A stream whose values are all determined by `seed`.
    init(seed: UInt64) {
        generator = SeededGenerator(seed: seed)
    }

    /// An independent stream for one stage (and optionally one row) of a generator, so that changing how many
    /// values one stage draws does not shift the values of any other stage. The sub-seed is a splitmix64 hash of
    /// `(seed, stage, index)`.
    init(seed: UInt64, stage: UInt64, index: UInt64 = 0) {
        self.init(seed: RandomStream.mix(RandomStream.mix(seed ^ RandomStream.mix(stage)) &+ index))
    }

    /// splitmix64's finaliser: a bijective 64-bit hash.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    @inline(__always) mutating func uniform() -> Double { generator.uniform() }

    /// Uniform in [a, b).
    @inline(__always) mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * generator.uniform()
    }

    /// +1 or -1 with equal probability.
    @inline(__always) mutating func sign() -> Double {
        generator.next() >> 63 == 0 ? 1 : -1
    }

    /// Standard normal (Marsaglia polar method; the second value of each pair is kept for the next call).
    @inline(__always) mutating func normal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        while true {
            let u = 2 * generator.uniform() - 1
            let v = 2 * generator.uniform() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                let factor = (-2 * log(s) / s).squareRoot()
                spareNormal = v * factor
                return u * factor
            }
        }
    }

    /// Normal with mean `mu` and standard deviation `sigma`.
    @inline(__always) mutating func normal(_ mu: Double, _ sigma: Double) -> Double {
        mu + sigma * normal()
    }

    /// Exponential with the given mean (inversion: -mean log(1 - U), finite because 1 - U is in (0, 1]).
    mutating func exponential(mean: Double) -> Double {
        -mean * log(1 - generator.uniform())
    }

    /// Log-normal: exp(X) with X ~ Normal(mu, sigma) (mu and sigma are the parameters of the logarithm).
    @inline(__always) mutating func logNormal(_ mu: Double, _ sigma: Double) -> Double {
        exp(mu + sigma * normal())
    }

    /// Uniform integer in 0 ..< bound, unbiased (Lemire's multiply-and-reject). `bound` must be positive.
    mutating func integer(below bound: Int) -> Int {
        // internal invariant, callers validate
        precondition(bound > 0, "integer(below:) needs a positive bound")
        let n = UInt64(bound)
        var product = generator.next().multipliedFullWidth(by: n)
        if product.low < n {
            let threshold = (0 &- n) % n
            while product.low < threshold {
                product = generator.next().multipliedFullWidth(by: n)
            }
        }
        return Int(product.high)
    }

    /// Uniform integer in `range`, both ends included.
    mutating func integer(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + integer(below: range.upperBound - range.lowerBound + 1)
    }

    /// Shuffles `values` in place (Fisher-Yates, last position first).
    mutating func shuffle<T>(_ values: inout [T]) {
        guard values.count > 1 else { return }
        for i in stride(from: values.count - 1, to: 0, by: -1) {
            values.swapAt(i, integer(below: i + 1))
        }
    }

    /// `count` distinct integers from 0 ..< population in random order (a partial Fisher-Yates shuffle,
    /// O(population) memory). `count` must not exceed `population`.
    mutating func sample(_ count: Int, from population: Int) -> [Int] {
        // callers validate
        precondition(count >= 0 && count <= population, "sample larger than population")
        var pool = Array(0..<population)
        for i in 0..<count {
            pool.swapAt(i, i + integer(below: population - i))
        }
        return Array(pool[0..<count])
    }

    /// `count` distinct integers from the elements of `candidates`, in random order.
    mutating func sample(_ count: Int, from candidates: [Int]) -> [Int] {
        sample(count, from: candidates.count).map { candidates[$0] }
    }
}
