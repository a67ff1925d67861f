import RHMF
import Testing

@testable import Datasets

@Suite struct ConfigurationTests {
    @Test func paperValues() {
        let c = ToyConfiguration.paper
        #expect(c.nSpectra == 8000 && c.nPixels == 1200)
        #expect(c.outlierSpectrumCount == 40 && c.outlierLineSpectrumCount == 10)
        #expect(c.outlierPixelCount == 38_400)
        #expect(c.outlierColumnSpectrumCount == 2400)
        #expect(c.missingSpectrumCount == 4000)
        #expect(c.trainCount == 4000)
    }

    @Test func smallerRunsScaleTheOutlierCounts() {
        let c = ToyConfiguration(nSpectra: 2000)
        #expect(c.outlierSpectrumCount == 10)
        #expect(c.outlierLineSpectrumCount == 3)
        #expect(c.trainCount == 1000)
        #expect(ToyConfiguration(nSpectra: 50).outlierSpectrumCount == 1)
    }

    @Test func invalidConfigurationsThrowTypedErrors() {
        func rejects(_ c: ToyConfiguration) -> Bool {
            do throws(DatasetError) {
                _ = try ToySpectra(configuration: c)
                return false
            } catch {
                if case .invalidConfiguration = error { return true }
                return false
            }
        }
        #expect(rejects(ToyConfiguration(nSpectra: 1)))
        #expect(rejects(ToyConfiguration(nSpectra: 100, nPixels: 8)))
        var tooManyOutliers = ToyConfiguration(nSpectra: 30, nPixels: 300)
        tooManyOutliers.outlierSpectrumCount = 40
        #expect(rejects(tooManyOutliers))
        var longGaps = ToyConfiguration(nSpectra: 30, nPixels: 150)
        longGaps.missingSegmentLength = 50...200
        #expect(rejects(longGaps))
        var noNoise = ToyConfiguration(nSpectra: 30, nPixels: 300)
        noNoise.noiseLevel = 0
        #expect(rejects(noNoise))
        var negative = ToyConfiguration(nSpectra: 30, nPixels: 300)
        negative.outlierPixelFraction = -0.1
        #expect(rejects(negative))
        var noTest = ToyConfiguration(nSpectra: 30, nPixels: 300)
        noTest.trainCount = 30
        #expect(rejects(noTest))
    }

    @Test func errorMessagesSayWhatToChange() {
        var c = ToyConfiguration(nSpectra: 30, nPixels: 300)
        c.outlierSpectrumCount = 40
        #expect(throws: DatasetError.self) { try c.validate() }
        do { try c.validate() } catch {
            #expect(error.description.contains("outlierSpectrumCount = 40"))
        }
    }
}

@Suite struct SplitTests {
    @Test func trainIsTheFirstHalfAndTestTheSecond() throws {
        let toy = try ToySpectra(
            configuration: ToyConfiguration(nSpectra: 100, nPixels: 250), seed: 9)
        let train = toy.train
        let test = toy.test
        #expect(train.range == 0..<50 && test.range == 50..<100)
        #expect(train.data.Y == toy.Y.rows(0..<50) && test.data.W == toy.W.rows(50..<100))
        #expect(test.truth.coefficients == toy.trueCoefficients.rows(50..<100))
        #expect(
            train.truth.anyOutlier.trueCount + test.truth.anyOutlier.trueCount
                == toy.truth.anyOutlier.trueCount)
        #expect(
            train.truth.missing.trueCount + test.truth.missing.trueCount
                == toy.truth.missing.trueCount)
        #expect(test.truth.isOutlierSpectrum == Array(toy.truth.isOutlierSpectrum[50...]))
        for i in 0..<50 {
            #expect(test.truth.missingSegments[i] == toy.truth.missingSegments[50 + i])
            #expect(test.truth.outlierPixels.row(i) == toy.truth.outlierPixels.row(50 + i))
        }
    }
}
