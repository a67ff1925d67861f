import HMFCore
import RHMF
import Testing

@testable import Datasets

@Suite struct MissingTests {
    @Test func halfTheSpectraHaveOneSegmentOf50To200Pixels() throws {
        let toy = try Fixtures.medium.get()
        let t = toy.truth
        let n = toy.nSpectra
        let m = toy.nPixels
        let withSegment = (0..<n).filter { t.missing.rowContainsTrue($0) }
        #expect(withSegment.count == n / 2)
        var lengths: [Double] = []
        for i in 0..<n {
            let missing = (0..<m).filter { t.missing[i, $0] }
            guard let first = missing.first, let last = missing.last else {
                #expect(t.missingSegments[i] == nil)
                continue
            }
            #expect(last - first + 1 == missing.count, "one contiguous segment")
            #expect((50...200).contains(missing.count))
            #expect(t.missingSegments[i] == first..<last + 1)
            lengths.append(Double(missing.count))
        }
        // The reference's rule: a clean stretch (no outlier pixel or line pixel, at least 50 long) picked uniformly,
        // then a length uniform on 50 ... min(200, stretch length). Its expected mean over these spectra, against the
        // observed one (800 segments: a standard error of about 1.5 pixels).
        var expected = 0.0
        var variance = 0.0
        for i in withSegment {
            let clean = (0..<m).map { !(t.outlierPixels[i, $0] || t.outlierLines[i, $0]) }
            let stretches = clean.trueRuns().filter { $0.count >= 50 }
            var first = 0.0
            var second = 0.0
            for s in stretches {
                let top = Double(min(200, s.count))
                first += (50 + top) / 2 / Double(stretches.count)
                second +=
                    ((top - 50 + 1) * (top - 50 + 1) - 1) / 12 / Double(stretches.count)
                    + (50 + top) * (50 + top) / 4 / Double(stretches.count)
            }
            expected += first
            variance += second - first * first
        }
        expected /= Double(withSegment.count)
        let standardError =
            (variance / Double(withSegment.count)).squareRoot()
            / Double(withSegment.count).squareRoot()
        let (mean, _) = meanAndSD(lengths)
        #expect(
            abs(mean - expected) < 4 * standardError,
            "mean \(mean), expected \(expected) +- \(standardError)")
        #expect(expected < 120, "shorter than the length-first rule's 125 pixels: \(expected)")
    }

    @Test func segmentsLieInsideOneCleanStretch() throws {
        let toy = try Fixtures.medium.get()
        let t = toy.truth
        for i in 0..<toy.nSpectra {
            guard let segment = t.missingSegments[i] else { continue }
            let clean = (0..<toy.nPixels).map { !(t.outlierPixels[i, $0] || t.outlierLines[i, $0]) }
            let stretch = clean.trueRuns().first { $0.contains(segment.lowerBound) }
            #expect(stretch.map { $0.count >= 50 && $0.upperBound >= segment.upperBound } == true)
        }
    }

    @Test func segmentsAvoidOutlierPixelsAndLines() throws {
        let toy = try Fixtures.medium.get()
        let t = toy.truth
        #expect((t.missing & (t.outlierPixels | t.outlierLines)).trueCount == 0)
    }

    @Test func missingMeansZeroWeightAndZeroData() throws {
        let toy = try Fixtures.medium.get()
        let missing = toy.truth.missing.elements
        for k in missing.indices {
            if missing[k] {
                #expect(toy.W.elements[k] == 0 && toy.Y.elements[k] == 0)
            } else if toy.W.elements[k] <= 0 {
                Issue.record("weight \(toy.W.elements[k]) at observed entry \(k)")
            }
        }
    }
}
