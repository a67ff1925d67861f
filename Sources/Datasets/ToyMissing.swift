import RHMF

/// The missing data of the toy experiment: `missingSpectrumCount` distinct spectra (half of all, rounded down)
/// each lose one contiguous segment whose length is uniform in `missingSegmentLength` (both ends included).
///
/// The segment start is uniform over all positions where the segment contains no outlier pixel and no outlier-line
/// pixel of that spectrum (outlier columns and outlier spectra may be covered). When no position fits the drawn
/// length, a new length is drawn (up to 64 times) before giving up with `DatasetError.unsatisfiable`.
struct ToyMissing {
    /// The missing pixels.
    var mask: PixelMask
    /// The segment of each spectrum, nil for complete spectra.
    var segments: [Range<Int>?]

    init(configuration c: ToyConfiguration, avoiding forbidden: PixelMask, seed: UInt64) throws(DatasetError) {
        let n = c.nSpectra, m = c.nPixels
        var random = RandomStream(seed: seed, stage: ToyStage.missing.rawValue)
        mask = PixelMask(rows: n, cols: m)
        segments = [Range<Int>?](repeating: nil, count: n)
        var blocked = [Int](repeating: 0, count: m + 1) // prefix counts of forbidden pixels
        for i in random.sample(c.missingSpectrumCount, from: n) {
            for j in 0..<m { blocked[j + 1] = blocked[j] + (forbidden[i, j] ? 1 : 0) }
            var placed: Range<Int>?
            for _ in 0..<64 {
                let length = random.integer(in: c.missingSegmentLength)
                let starts = (0...(m - length)).filter { blocked[$0 + length] == blocked[$0] }
                if !starts.isEmpty {
                    let start = starts[random.integer(below: starts.count)]
                    placed = start ..< start + length
                    break
                }
            }
            guard let segment = placed else {
                throw .unsatisfiable("spectrum \(i) has no room for a missing segment of \(c.missingSegmentLength) "
                                     + "pixels that avoids its outlier pixels and lines; use shorter segments "
                                     + "or fewer outliers")
            }
            segments[i] = segment
            for j in segment { mask[i, j] = true }
        }
    }
}
