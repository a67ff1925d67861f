import Foundation
import Testing
@testable import Datasets

#if DEBUG
private let optimised = false
#else
private let optimised = true
#endif

@Suite struct TimingTests {
    /// The paper's full 8000 x 1200 set; only in optimised builds (`swift test -c release`). Prints the time.
    /// Alone on two cores it takes about 0.4 s; the bound is loose because other suites run concurrently.
    @Test(.enabled(if: optimised)) func paperSizeGeneratesQuickly() throws {
        let start = Date()
        let toy = try ToySpectra(configuration: .paper)
        let seconds = Date().timeIntervalSince(start)
        print("ToySpectra 8000 x 1200 generated in \(String(format: "%.3f", seconds)) s")
        #expect(toy.truth.outlierPixels.trueCount == 38_400)
        #expect(toy.truth.outlierSpectrumIndices.count == 40)
        #expect(toy.truth.outlierLineSpectrumIndices.count == 10)
        #expect(seconds < 2.5)
    }
}
