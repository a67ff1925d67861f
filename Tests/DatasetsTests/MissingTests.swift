import Testing
import RHMF
@testable import Datasets

@Suite struct MissingTests {
    @Test func halfTheSpectraHaveOneSegmentOf50To200Pixels() throws {
        let toy = try Fixtures.medium.get()
        let t = toy.truth
        let n = toy.nSpectra, m = toy.nPixels
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
            #expect(t.missingSegments[i] == first ..< last + 1)
            lengths.append(Double(missing.count))
        }
        // U{50..200}: mean 125, sd 43.6; 800 segments give a standard error of 1.5.
        let (mean, sd) = meanAndSD(lengths)
        #expect(abs(mean - 125) < 8)
        #expect(abs(sd - 43.6) < 5)
    }

    @Test func segmentsAvoidOutlierPixelsAndLines() throws {
        let toy = try Fixtures.medium.get()
        let t = toy.truth
        #expect((t.missing & (t.outlierPixels | t.outlierLines)).count == 0)
    }

    @Test func missingMeansZeroWeightAndZeroData() throws {
        let toy = try Fixtures.medium.get()
        let missing = toy.truth.missing.storage
        for k in missing.indices {
            if missing[k] {
                #expect(toy.W.storage[k] == 0 && toy.Y.storage[k] == 0)
            } else if toy.W.storage[k] <= 0 {
                Issue.record("weight \(toy.W.storage[k]) at observed entry \(k)")
            }
        }
    }
}
