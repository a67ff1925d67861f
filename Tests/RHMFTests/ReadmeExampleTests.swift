import DataIO
import Datasets
import Foundation
import RHMF
import Testing

/// The library example of the README, as written there (with the file's folder added), on a small toy set.
@Suite struct ReadmeExampleTests {
    @Test func theReadmeExampleRuns() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "readme-\(UUID().uuidString)"
        ).path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let toy = try ToySpectra(configuration: ToyConfiguration(nSpectra: 1000, nPixels: 300))
        var archive = NPZArchive()
        archive["Y"] = NPYArray(toy.train.data.Y)
        archive["W"] = NPYArray(toy.train.data.W)
        try archive.write(to: "\(dir)/train.npz")
        let testData = toy.test.data
        let trueBasis = toy.trueBasis

        // README: "Using the library"
        // .npz (Y, W or ivar) or HDF5 (Y/W, or flux/flux_error)
        let data = try WeightedData(contentsOf: "\(dir)/train.npz")
        let fit = try RobustHMF(FitSettings(rank: 5, likelihood: .cauchy(q: 5))).fit(data)
        let test = try fit.infer(testData)  // G fixed, the fit's own likelihood
        let angles = try principalAngles(between: fit.basis, and: trueBasis)
        print(
            "cycles \(fit.cycles), test std z \(test.crossValidation.stdZ.fixed(3)),",
            "largest angle \(angles.largestDegrees.fixed(2)) deg")
        let objects = try test.objectWeights(quantile: 0.5)  // per-spectrum median robust weight
        let flagged = objects.indices.filter { objects[$0] < 0.9 }
        // (end of the README example)

        #expect(fit.converged && angles.largestDegrees.isFinite && angles.radians.count == 5)
        #expect(abs(test.crossValidation.stdZ - 1) < 0.2)
        #expect(flagged.count < objects.count / 5)
    }
}
