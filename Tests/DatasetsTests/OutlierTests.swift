import Foundation
import HMFCore
import RHMF
import Testing

@testable import Datasets

@Suite struct OutlierTests {
    @Test func outlierPixelsAreFourPerMilleAndKeepTheirWeights() throws {
        let toy = try Fixtures.medium.get()
        let c = toy.configuration
        let mask = toy.truth.outlierPixels
        // Distinct pixels, never missing: the count is 0.4% of N M exactly (rounded).
        #expect(mask.trueCount == Int((0.004 * Double(c.nSpectra * c.nPixels)).rounded()))
        #expect(abs(mask.fraction - 0.004) < 1e-4)
        let offsets = try #require(toy.components).outliers
        let others = toy.truth.outlierColumns | toy.truth.outlierLines | toy.truth.outlierSpectra
        var positive = 0
        var negative = 0
        for k in mask.elements.indices where mask.elements[k] {
            #expect(toy.W.elements[k] > 0, "outlier pixel weights are not zeroed")
            guard !others.elements[k] else { continue }
            let size = abs(offsets.elements[k])
            #expect(size >= 0.25 - 1e-12 && size <= 0.75 + 1e-12)
            if offsets.elements[k] > 0 { positive += 1 } else { negative += 1 }
        }
        // Signs are a fair coin: 6400 draws, each side 3200 +/- 40.
        #expect(abs(positive - negative) < 400)
    }

    @Test func threeOutlierColumnsHitAboutThirtyPercentOfSpectra() throws {
        let toy = try Fixtures.medium.get()
        let n = toy.nSpectra
        let mask = toy.truth.outlierColumns
        let hitColumns = (0..<toy.nPixels).filter { j in (0..<n).contains { mask[$0, j] } }
        #expect(hitColumns == toy.truth.outlierColumnIndices)
        #expect(hitColumns.count == 3)
        let offsets = try #require(toy.components).outliers
        for j in hitColumns {
            // The mask omits entries inside missing segments; those are at most a fraction of the hit spectra.
            let visible = (0..<n).filter { mask[$0, j] }.count
            let hidden = (0..<n).filter { toy.truth.missing[$0, j] }.count
            #expect(Double(visible) / Double(n) <= 0.3 + 1e-9)
            #expect(Double(visible + hidden) / Double(n) >= 0.3 - 1e-9)
            #expect(Double(visible) / Double(n) > 0.2)
            for i in 0..<n
            where mask[i, j] && !toy.truth.outlierPixels[i, j] && !toy.truth.outlierLines[i, j]
                && !toy.truth.isOutlierSpectrum[i]
            {
                let size = abs(offsets[i, j])
                #expect(size >= 0.25 - 1e-12 && size <= 0.45 + 1e-12)
            }
        }
    }

    @Test func outlierSpectraAreReplacedBySinusoids() throws {
        let toy = try Fixtures.medium.get()
        let c = toy.configuration
        let flagged = toy.truth.outlierSpectrumIndices
        #expect(flagged.count == 8, "40 per 8000 spectra, scaled to 1600")
        #expect(ToyConfiguration.paper.outlierSpectrumCount == 40)
        let parts = try #require(toy.components)
        for i in flagged {
            // Noiseless value = 1 + a sin(f t) (+ column or pixel offsets): |value - 1| <= a <= 0.3 elsewhere,
            // and with f >= 10 the sinusoid reaches at least 0.95 a >= 0.095 on the grid.
            var peak = 0.0
            for j in 0..<c.nPixels
            where !toy.truth.outlierPixels[i, j] && !toy.truth.outlierColumns[i, j]
                && !toy.truth.missing[i, j]
            {
                let value = parts.model[i, j] + parts.outliers[i, j]
                #expect(abs(value - 1) <= 0.3 + 1e-9)
                peak = max(peak, abs(value - 1))
                #expect(toy.truth.outlierSpectra[i, j])
            }
            #expect(peak > 0.09)
        }
        let rowsWithMask = (0..<toy.nSpectra).filter {
            toy.truth.outlierSpectra.rowContainsTrue($0)
        }
        #expect(rowsWithMask == flagged)
    }

    @Test func outlierLinesAreThreeDeepNarrowLinesInOtherwiseNormalSpectra() throws {
        let toy = try Fixtures.medium.get()
        let lines = toy.truth.outlierLineSpectrumIndices
        #expect(lines.count == 2, "10 per 8000 spectra, scaled to 1600")
        let offsets = try #require(toy.components).outliers
        for i in lines {
            #expect(!toy.truth.isOutlierSpectrum[i])
            // A line of width 2 px exceeds 1% of its depth for |j - c| <= 2 sqrt(2 ln 100) = 6.07: 13 pixels.
            let flagged = (0..<toy.nPixels).filter { toy.truth.outlierLines[i, $0] }
            #expect(flagged.count >= 7 && flagged.count <= 39)
            for j in flagged where !toy.truth.outlierPixels[i, j] && !toy.truth.outlierColumns[i, j]
            {
                #expect(offsets[i, j] < -0.01 * 0.3 + 1e-12)
                #expect(offsets[i, j] > -3 * 0.6 - 1e-12)
            }
            #expect(
                flagged.contains { offsets[i, $0] < -0.3 + 1e-9 },
                "some line reaches its full depth")
        }
        let rowsWithMask = (0..<toy.nSpectra).filter { toy.truth.outlierLines.rowContainsTrue($0) }
        #expect(rowsWithMask == lines)
    }

    @Test func unionAndPerObjectFlags() throws {
        let toy = try Fixtures.medium.get()
        let t = toy.truth
        let union = t.outlierPixels | t.outlierColumns | t.outlierLines | t.outlierSpectra
        #expect(t.anyOutlier == union)
        #expect(
            (t.anyOutlier & t.missing).trueCount == 0,
            "outlier masks are false where data are missing")
        #expect(
            t.isOutlierObject.filter { $0 }.count == t.outlierSpectrumIndices.count
                + t.outlierLineSpectrumIndices.count)
    }
}
