import Foundation
import Testing

@testable import Datasets

@Suite struct PaperSizeTests {
    /// The paper's full 8000 x 1200 set: its planted outliers, and the time it took (printed, not a bound:
    /// speed belongs in benchmarks; alone on two cores an optimised build takes about 0.4 s).
    @Test func paperSizeGeneratesItsOutliers() throws {
        let start = Date()
        let toy = try ToySpectra(configuration: .paper)
        let seconds = Date().timeIntervalSince(start)
        print("ToySpectra 8000 x 1200 generated in \(String(format: "%.3f", seconds)) s")
        #expect(toy.truth.outlierPixels.trueCount == 38_400)
        #expect(toy.truth.outlierSpectrumIndices.count == 40)
        #expect(toy.truth.outlierLineSpectrumIndices.count == 10)
    }
}
