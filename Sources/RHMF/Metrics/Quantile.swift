import HMFCore

/// Quantiles with linear interpolation between order statistics (NumPy's default "linear" method).
public enum Quantile {
    /// The q-quantile (0...1) of `values`; NaN for an empty array. Runs in O(n) expected time by selection.
    public static func of<C: Collection>(_ values: C, _ q: Double) -> Double
    where C.Element == Double {
        guard !values.isEmpty else { return .nan }
        var v = Array(values)
        let pos = q * Double(v.count - 1)
        let lo = Int(pos.rounded(.down))
        let hi = min(lo + 1, v.count - 1)
        let frac = pos - Double(lo)
        let a = select(&v, lo)
        if frac == 0 || hi == lo { return a }
        // After selecting lo, everything above index lo is >= a; the next order statistic is their minimum.
        var b = Double.infinity
        for k in (lo + 1)..<v.count { b = min(b, v[k]) }
        return a + frac * (b - a)
    }

    /// The median.
    public static func median<C: Collection>(_ values: C) -> Double where C.Element == Double {
        of(values, 0.5)
    }

    /// Reorders `v` so that v[k] is the k-th smallest, smaller elements before it and larger after (Hoare selection).
    static func select(_ v: inout [Double], _ k: Int) -> Double {
        var lo = 0
        var hi = v.count - 1
        v.withUnsafeMutableBufferPointer { a in
            while lo < hi {
                let pivot = median3(a[lo], a[(lo + hi) / 2], a[hi])
                var i = lo
                var j = hi
                while i <= j {
                    while a[i] < pivot { i += 1 }
                    while a[j] > pivot { j -= 1 }
                    if i <= j {
                        a.swapAt(i, j)
                        i += 1
                        j -= 1
                    }
                }
                if k <= j { hi = j } else if k >= i { lo = i } else { break }
            }
        }
        return v[k]
    }

    @inline(__always)
    private static func median3(_ a: Double, _ b: Double, _ c: Double) -> Double {
        max(min(a, b), min(max(a, b), c))
    }
}
