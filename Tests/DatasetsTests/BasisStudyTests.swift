import Foundation
import HMFCore
import RHMF
import Testing

@testable import Datasets

/// The basis-robustness generator: counts of each kind of contamination, a clean held-out set, the noise
/// spread's two ends, determinism; the RVS-like basis; the degradation words.
@Suite struct BasisStudyTests {
    let toy = try! PlantedBasis.toy(nPixels: 240)

    @Test func contaminationCountsAndACleanHeldOutSet() throws {
        let c = Contamination(
            pixelFraction: 0.02, spectrumFraction: 0.05, columnCount: 4, noiseSpread: 0.5)
        let d = try ContaminatedSpectra(
            basis: toy, nTrain: 200, nTest: 100, contamination: c, seed: 3)
        #expect(d.outlierSpectra.count == 10)
        #expect(d.outlierColumns.count == 4)
        let requested = Int((0.02 * 200 * 240).rounded())
        #expect(d.outlierPixels.elements.filter { $0 }.count <= requested)
        #expect(d.outlierPixels.elements.filter { $0 }.count > requested / 2)
        // Held out: every observed pixel is the model plus noise of its own sigma.
        var largest = 0.0
        for i in 0..<100 {
            for j in 0..<240 where d.test.W[i, j] > 0 {
                largest = max(
                    largest, abs(d.test.Y[i, j] - d.testModel[i, j]) * d.test.W[i, j].squareRoot())
            }
        }
        #expect(largest < 6)
        // Training outlier pixels are far from their noise.
        let model = try Matrix.product(d.trainCoefficients, toy.vectors, transposeB: true)
        var shifted = 0
        for i in 0..<200 where !d.outlierSpectra.contains(i) {
            for j in 0..<240 where d.outlierPixels[i, j] && abs(d.train.Y[i, j] - model[i, j]) > 0.2
            { shifted += 1 }
        }
        #expect(shifted > requested / 3)
        // Half of all spectra miss a segment.
        let gapped =
            (0..<200).filter { i in (0..<240).contains { d.train.W[i, $0] == 0 } }.count
            + (0..<100).filter { i in (0..<240).contains { d.test.W[i, $0] == 0 } }.count
        #expect(gapped == 150)
    }

    @Test func noiseSpreadEnds() throws {
        let flat = try ContaminatedSpectra(
            basis: toy, nTrain: 300, nTest: 10,
            contamination: Contamination(noiseSpread: 0), noiseLevel: 0.1, seed: 1)
        let observed = flat.train.W.elements.filter { $0 > 0 }
        #expect(observed.allSatisfy { abs($0 - 100) < 1e-9 })
        let heavy = try ContaminatedSpectra(
            basis: toy, nTrain: 3000, nTest: 10,
            contamination: Contamination(noiseSpread: 1), noiseLevel: 0.1, seed: 1)
        // Per-spectrum log sigma spread: sd 2 as in the toy (centre pixel, where v = 1, so sigma = 0.1 s_i u_ij).
        let logSigma = (0..<3000).compactMap { i -> Double? in
            let w = heavy.train.W[i, 120]
            return w > 0 ? -0.5 * log(w) : nil
        }
        let mean = logSigma.reduce(0, +) / Double(logSigma.count)
        let sd = (logSigma.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(logSigma.count))
            .squareRoot()
        #expect(abs(sd - 2) < 0.1)
    }

    @Test func sameSeedSameData() throws {
        let c = Contamination(pixelFraction: 0.01, spectrumFraction: 0.01, columnCount: 2)
        let a = try ContaminatedSpectra(
            basis: toy, nTrain: 100, nTest: 20, contamination: c, seed: 9)
        let b = try ContaminatedSpectra(
            basis: toy, nTrain: 100, nTest: 20, contamination: c, seed: 9)
        let other = try ContaminatedSpectra(
            basis: toy, nTrain: 100, nTest: 20, contamination: c, seed: 10)
        #expect(a.train.Y == b.train.Y && a.test.W == b.test.W)
        #expect(a.train.Y != other.train.Y)
    }

    @Test func rvsLikeBasisIsOrthonormalAndHoldsTheSpectra() throws {
        let rvs = try PlantedBasis.rvsLike(rank: 4, stars: 120, binning: 16)
        #expect(rvs.nPixels == 2321 / 16)
        let gram = try Matrix.product(rvs.vectors, rvs.vectors, transposeA: true)
        #expect((gram - Matrix.identity(4)).maxAbs < 1e-10)
        guard case .pool(let pool) = rvs.coefficients else {
            Issue.record("RVS coefficients are a pool")
            return
        }
        // Normalised spectra: the rank-4 projections have a continuum near 1 and lines below it.
        let spectra = try Matrix.product(pool, rvs.vectors, transposeB: true)
        let medians = (0..<spectra.rows).map { i in Quantile.median(Array(spectra.row(i))) }
        #expect(
            medians.allSatisfy { (0.8...1.1).contains($0) },
            "medians \(medians.min() ?? 0) ... \(medians.max() ?? 0)")
        #expect((0..<spectra.rows).allSatisfy { i in (Array(spectra.row(i)).min() ?? 1) < 0.9 })
    }

    @Test func degradationWords() {
        let levels = [0, 0.005, 0.01, 0.02, 0.05]
        #expect(
            ContaminationAxis.pixels.degradation(
                levels: levels, means: [0.1, 0.2, 1.5, 3, 9], threshold: 1) == "1%")
        #expect(
            ContaminationAxis.pixels.degradation(
                levels: levels, means: [0.1, 0.2, 0.5, 0.6, 0.9], threshold: 1,
                tex: true) == "beyond 5\\%")
        #expect(
            ContaminationAxis.spectra.degradation(
                levels: levels, means: [2, 2, 2, 2, 2], threshold: 1)
                == "without contamination")
        #expect(ContaminationAxis.pixels.words(0.005) == "0.5%")
        #expect(
            ContaminationAxis.columns.degradation(
                levels: [0, 1, 2, 5, 10], means: [0, 0, 0, 3, 4], threshold: 1)
                == "5 columns")
        #expect(ContaminationAxis.columns.words(1) == "1 column")
        let spread = SeedSpread([1, 2, 6])
        #expect(spread.mean == 3 && spread.min == 1 && spread.max == 6)
    }
}
