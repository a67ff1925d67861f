import DataIO
import Foundation
import HMFCore
import RHMF
import Testing

@testable import GaiaAnalysis

/// The Gaia analysis's per-bin pieces: the seeded split, the settings, the model of a member, the bin store, and
/// one bin computed end to end against a fit and inferences made here by hand.
@Suite struct GaiaBinTests {
    @Test func splitIsSeededDisjointAndHalves() {
        var p = GaiaBinPipeline()
        let (train, test) = p.split(101)
        #expect(train.count == 50 && test.count == 51)  // int(n * 0.5), as the reference
        #expect(Set(train).isDisjoint(with: test))
        #expect(Set(train + test) == Set(0..<101))
        #expect(p.split(101).train == train)  // same seed, same halves
        #expect(train != Array(0..<50))  // shuffled
        p.splitSeed = 7
        #expect(p.split(101).train != train)
        #expect(p.split(0).train.isEmpty && p.split(1).test == [0])
    }

    @Test func settingsFollowThePaper() {
        let p = GaiaBinPipeline()
        let small = p.fitSettings(nTrain: 3000, pixels: 2321)
        let large = p.fitSettings(nTrain: 9000, pixels: 2321)
        #expect(small.rank == 10 && small.likelihood == .cauchy(q: 5) && small.rotation == .fast)
        #expect(
            small.convergence
                == Convergence(criterion: .maxFracG, tolerance: 1e-4, cadence: 5, maxCycles: 1000))
        #expect(small.initialization == .svd)
        #expect(large.initialization == .randomizedSVD())
        #expect(p.inferenceSettings.objectQuantiles.contains(0.01))
        #expect(p.inferenceSettings.keepRobustWeights == false)
    }

    static let unitScore: CrossValidationScore = {
        let json =
            #"{"score":0,"meanZ":0,"stdZ":1,"reducedChiSquared":1,"weightedRMSE":1,"medianAbsZ":0.6745,"entries":6}"#
        // invariant: fixed text
        return try! JSONDecoder().decode(CrossValidationScore.self, from: Data(json.utf8))
    }()

    func result(bin: Int) -> GaiaBinResult {
        // M = 3 pixels, K = 2: G rows (1, 0), (0, 1), (1, 1); member coefficients (2, 3) and (-1, 0.5).
        GaiaBinResult(
            bin: bin, rank: 2, q: 5, nSpectra: 2, nTrain: 1, cycles: 12, converged: true,
            start: "svd",
            fitSeconds: 1, inferSeconds: 0.5,
            testScore: Self.unitScore,
            scoreQuantile: 0.01, threshold: 0.5, members: [4, 9],
            sourceIDs: [Int64.max - 1, 1 << 60],
            inTrain: [true, false], scores: [0.3, 0.8], medianWeights: [0.9, 0.99],
            basis: [1, 0, 0, 1, 1, 1], coefficients: [2, 3, -1, 0.5])
    }

    @Test func modelIsCoefficientsTimesBasis() {
        let r = result(bin: 3)
        #expect(r.model(position: 0) == [2, 3, 5])
        #expect(r.model(position: 1) == [-1, 0.5, -0.5])
        #expect(r.outliers == [0] && r.nOutliers == 1)
        #expect(r.position(of: 1 << 60) == 1)
    }

    @Test func storeIsNamedBySurveyAndPipelineAndRoundTripsItsBins() throws {
        let root = NSTemporaryDirectory() + "gaia-store-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = GaiaBinStore(
            spectraDigest: "s1", metadataDigest: "m1", pipeline: GaiaBinPipeline(), root: root)
        #expect(store.load().isEmpty)
        try store.save(result(bin: 13))
        try store.save(result(bin: 2))
        #expect(store.load() == [result(bin: 2), result(bin: 13)])  // bin order, ids exact
        var other = GaiaBinPipeline()
        other.q = 3
        #expect(
            GaiaBinStore(spectraDigest: "s1", metadataDigest: "m1", pipeline: other, root: root)
                .folder != store.folder)
        #expect(
            GaiaBinStore(
                spectraDigest: "s2", metadataDigest: "m1", pipeline: GaiaBinPipeline(), root: root
            ).folder
                != store.folder)
        #expect(
            GaiaBinStore(
                spectraDigest: "s1", metadataDigest: "m2", pipeline: GaiaBinPipeline(), root: root
            ).folder
                != store.folder)
        try Data("{".utf8).write(to: URL(fileURLWithPath: store.path(ofBin: 5)))
        #expect(store.load().map(\.bin) == [2, 13])  // a damaged file is skipped
    }

    /// 120 stars in bin 6, their spectra a rank-3 mixture with noise in an HDF5 survey file (flux, flux_error).
    func survey(in folder: String) throws -> (bin: HRBin, source: HDF5RowSource) {
        let (n, m) = (120, 40)
        var rng = SeededGenerator(seed: 11)
        let g = Matrix(rows: m, cols: 3) { j, k in sin(Double((j + 1) * (k + 1)) * 0.3) }
        let a = Matrix(rows: n, cols: 3) { _, _ in rng.normal() }
        var flux = [Float]()
        var error = [Float]()
        for i in 0..<n {
            for j in 0..<m {
                let model = (0..<3).reduce(0.0) { $0 + a[i, $1] * g[j, $1] }
                flux.append(Float(model + 0.01 * rng.normal()))
                error.append(0.01)
            }
        }
        flux[5 * m + 7] = 40  // one wild pixel
        let path = folder + "/survey.h5"
        let file = try HDF5File.create(path: path)
        try file.write(try DenseArray(shape: [n, m], values: flux), to: "flux")
        try file.write(try DenseArray(shape: [n, m], values: error), to: "flux_error")
        file.close()
        let shape = HRBins.shapes[6]
        let bins = HRBins(
            ids: (0..<n).map { Int64(1000 + $0) },
            bpRp: Array(repeating: shape.colourCentre, count: n),
            absMagG: Array(repeating: shape.magnitudeCentre, count: n))
        return (bins.bins[6], try HDF5RowSource(path: path, rows: bins.bins[6].members))
    }

    @Test func aBinComputedEndToEndMatchesItsStepsDoneByHand() throws {
        let folder = NSTemporaryDirectory() + "gaia-bin-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (bin, source) = try survey(in: folder)
        #expect(bin.count == 120)
        var pipeline = GaiaBinPipeline()
        pipeline.rank = 3
        var steps: [String] = []
        let result = try pipeline.compute(bin, source: source) { _, step in steps.append(step) }
        #expect(steps.count == 2 && steps[0].hasPrefix("bin 6"))

        // The same steps by hand: the split, a fit of the training half, both halves inferred.
        let (train, test) = pipeline.split(120)
        let trainData = try source.selecting(train).loadAll()
        let testData = try source.selecting(test).loadAll()
        let fit = try RobustHMF(pipeline.fitSettings(nTrain: train.count, pixels: 40)).fit(
            trainData)
        #expect(result.cycles == fit.cycles && result.nTrain == 60 && result.rank == 3)
        #expect(result.basis == (0..<40).flatMap { j in (0..<3).map { fit.basis[j, $0] } })
        let inferredTest = try fit.infer(testData, settings: pipeline.inferenceSettings)
        let inferredTrain = try fit.infer(trainData, settings: pipeline.inferenceSettings)
        #expect(result.testScore == inferredTest.crossValidation)
        for (positions, inferred, isTrain) in [
            (train, inferredTrain, true), (test, inferredTest, false),
        ] {
            let scores = try inferred.objectWeights(quantile: 0.01)
            for (k, p) in positions.enumerated() {
                #expect(result.inTrain[p] == isTrain && result.scores[p] == scores[k])
                #expect(
                    (0..<3).allSatisfy {
                        result.coefficients[p * 3 + $0] == inferred.coefficients[k, $0]
                    })
            }
        }
        // Star 5 carries the wild pixel: flagged (its 1% weight quantile below the 0.5 threshold), no other star.
        #expect(result.scores.indices.min { result.scores[$0] < result.scores[$1] } == 5)
        #expect(result.outliers == [5])
        #expect(result.scores.indices.allSatisfy { $0 == 5 || result.scores[$0] > 0.5 })
        #expect(result.sourceIDs == (1000..<1120).map(Int64.init))
    }
}
