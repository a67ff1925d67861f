import HMFCore
import RHMF

/// The missing data of the toy experiment: `missingSpectrumCount` distinct spectra (half of all, rounded down)
/// each lose one contiguous segment, placed as the reference generator places it.
///
/// For each chosen spectrum the clean stretches (maximal runs without outlier pixels and outlier-line
/// pixels) at least `missingSegmentLength.lowerBound` long are listed and one is picked uniformly at random;
/// the segment length is uniform on lowerBound ... min(upperBound, stretch length), and its start uniform
/// inside the stretch. Outlier columns and outlier spectra may be covered. A spectrum without any long enough
/// stretch is reported as `DatasetError.unsatisfiable`.
struct ToyMissing {
    /// The missing pixels.
    var mask: Mask
    /// The segment of each spectrum, nil for complete spectra.
    var segments: [Range<Int>?]

    init(configuration c: ToyConfiguration, avoiding forbidden: Mask, seed: UInt64)
        throws(DatasetError)
    {
        let n = c.nSpectra
        let m = c.nPixels
        let shortest = c.missingSegmentLength.lowerBound
        let longest = c.missingSegmentLength.upperBound
        var random = RandomStream(seed: seed, stage: ToyStage.missing.rawValue)
        mask = Mask(rows: n, cols: m)
        segments = [Range<Int>?](repeating: nil, count: n)
        for i in random.sample(c.missingSpectrumCount, from: n) {
            let stretches = forbidden.row(i).map { !$0 }.trueRuns().filter { $0.count >= shortest }
            guard !stretches.isEmpty else {
                throw .unsatisfiable(
                    "spectrum \(i) has no clean stretch of \(shortest) pixels for a missing segment that "
                        + "avoids its outlier pixels and lines; use shorter segments or fewer outliers"
                )
            }
            let stretch = stretches[random.integer(below: stretches.count)]
            let length = random.integer(in: shortest...min(longest, stretch.count))
            let start = stretch.lowerBound + random.integer(below: stretch.count - length + 1)
            let segment = start..<start + length
            segments[i] = segment
            for j in segment { mask[i, j] = true }
        }
    }
}
