import RHMF
import Testing

@testable import Datasets

@Suite struct DeterminismTests {
    let configuration = ToyConfiguration(nSpectra: 120, nPixels: 250)

    @Test func sameSeedGivesByteIdenticalData() throws {
        let a = try ToySpectra(configuration: configuration, seed: 11)
        let b = try ToySpectra(configuration: configuration, seed: 11)
        #expect(bits(a.Y) == bits(b.Y))
        #expect(bits(a.W) == bits(b.W))
        #expect(bits(a.trueCoefficients) == bits(b.trueCoefficients))
        #expect(a.truth.anyOutlier == b.truth.anyOutlier)
        #expect(a.truth.missing == b.truth.missing)
        #expect(a.truth.isOutlierSpectrum == b.truth.isOutlierSpectrum)
        #expect(
            a.truth.spectrumNoiseScale.map(\.bitPattern)
                == b.truth.spectrumNoiseScale.map(\.bitPattern))
    }

    @Test func differentSeedsGiveDifferentData() throws {
        let a = try ToySpectra(configuration: configuration, seed: 11)
        let b = try ToySpectra(configuration: configuration, seed: 12)
        #expect(bits(a.Y) != bits(b.Y))
        #expect(bits(a.trueCoefficients) != bits(b.trueCoefficients))
        #expect(a.truth.outlierPixels != b.truth.outlierPixels)
        #expect(a.truth.missing != b.truth.missing)
        // The basis has no randomness.
        #expect(bits(a.trueBasis) == bits(b.trueBasis))
    }

    /// Each stage has its own stream: turning outliers off changes neither coefficients nor noise.
    @Test func stagesAreIndependent() throws {
        var quiet = configuration
        quiet.outlierPixelFraction = 0
        quiet.outlierColumnCount = 0
        quiet.outlierLinesPerSpectrum = 0
        let a = try ToySpectra(configuration: configuration, seed: 5, keepComponents: true)
        let b = try ToySpectra(configuration: quiet, seed: 5, keepComponents: true)
        #expect(bits(a.trueCoefficients) == bits(b.trueCoefficients))
        #expect(a.truth.spectrumNoiseScale == b.truth.spectrumNoiseScale)
        let sa = try #require(a.components).sigma
        let sb = try #require(b.components).sigma
        #expect(bits(sa) == bits(sb))
        #expect(b.truth.outlierPixels.trueCount == 0)
        #expect(b.truth.outlierColumns.trueCount == 0)
        #expect(b.truth.outlierLines.trueCount == 0)
    }
}
