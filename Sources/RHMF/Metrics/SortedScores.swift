/// Finite scores as integers that order the same way, sorted ascending by a least-significant-digit radix
/// sort over bytes, linear in the count. A ranking metric sorts every pixel of a test set (4.8 million on the
/// toy), where the standard library's comparison sort took 0.6 s per call; the toy notebook ranks 70 such sets.
struct SortedScores {
    /// The keys, ascending; `key(x) < key(y)` exactly when `x < y`, and -0.0 and 0.0 share a key.
    private(set) var keys: [UInt64]

    /// Sorts `scores`.
    /// - Throws: `RHMFError.nonFinite` for a NaN, which has no place in an order.
    init(_ scores: [Double]) throws(RHMFError) {
        var keys = [UInt64](repeating: 0, count: scores.count)
        for (i, s) in scores.enumerated() {
            guard !s.isNaN else { throw .nonFinite("score \(i) is NaN") }
            keys[i] = Self.key(s)
        }
        self.init(keys: keys)
    }

    /// Sorts keys made by `key(_:)`.
    init(keys: [UInt64]) {
        self.keys = keys
        Self.radixSort(&self.keys)
    }

    /// The order-preserving key of a score that is not NaN: the sign bit flipped for positive numbers, every
    /// bit flipped for negative ones.
    @inline(__always)
    static func key(_ s: Double) -> UInt64 {
        let bits = (s + 0.0).bitPattern  // -0.0 + 0.0 is 0.0
        return bits >> 63 == 1 ? ~bits : bits | (1 << 63)
    }

    /// Least-significant-digit radix sort by bytes. One read counts every byte's histogram; a byte that all keys
    /// share needs no pass (scores of one sign in a narrow range, such as 1 - w for robust weights w, share
    /// their leading byte). Two lanes, each scattering half of the keys, were no faster on the toy's 4.7 million.
    private static func radixSort(_ keys: inout [UInt64]) {
        guard keys.count > 1 else { return }
        var counts = [Int](repeating: 0, count: 8 << 8)
        keys.withUnsafeBufferPointer { a in
            counts.withUnsafeMutableBufferPointer { c in
                for k in a {
                    for byte in 0..<8 { c[byte << 8 | Int(k >> UInt64(8 * byte) & 0xFF)] += 1 }
                }
            }
        }
        var other = [UInt64](repeating: 0, count: keys.count)
        var sortedInOther = false
        for byte in 0..<8 where !counts[(byte << 8)..<((byte + 1) << 8)].contains(keys.count) {
            let shift = UInt64(8 * byte)
            keys.withUnsafeMutableBufferPointer { a in
                other.withUnsafeMutableBufferPointer { b in
                    let (source, target) = sortedInOther ? (b, a) : (a, b)
                    counts.withUnsafeMutableBufferPointer { c in
                        var start = 0
                        for d in (byte << 8)..<((byte + 1) << 8) {
                            (c[d], start) = (start, start + c[d])
                        }
                        for k in source {
                            let d = byte << 8 | Int(k >> shift & 0xFF)
                            target[c[d]] = k
                            c[d] += 1
                        }
                    }
                }
            }
            sortedInOther.toggle()
        }
        if sortedInOther { swap(&keys, &other) }
    }
}
