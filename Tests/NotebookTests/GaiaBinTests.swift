import Foundation
import Testing
@testable import NotebookKit

/// The Gaia notebook's per-bin pieces: the seeded split, the stored results and the model of a member.
@Suite struct GaiaBinTests {
    @Test func splitIsSeededDisjointAndHalves() {
        var p = GaiaBinPipeline()
        let (train, test) = p.split(101)
        #expect(train.count == 50 && test.count == 51)                 // int(n * 0.5), as the reference
        #expect(Set(train).isDisjoint(with: test))
        #expect(Set(train + test) == Set(0..<101))
        #expect(p.split(101).train == train)                           // same seed, same halves
        #expect(train != Array(0..<50))                                // shuffled
        p.splitSeed = 7
        #expect(p.split(101).train != train)
        #expect(p.split(0).train.isEmpty && p.split(1).test == [0])
    }

    @Test func settingsFollowThePaper() {
        let p = GaiaBinPipeline()
        let small = p.fitSettings(nTrain: 3000, pixels: 2321), large = p.fitSettings(nTrain: 9000, pixels: 2321)
        #expect(small.rank == 10 && small.likelihood == .cauchy(q: 5) && small.rotation == .fast)
        #expect(small.convergence == Convergence(criterion: .maxFracG, tolerance: 1e-4, cadence: 5, maxCycles: 1000))
        #expect(small.initialization == .svd)
        #expect(large.initialization == .randomizedSVD())
        #expect(p.inferenceSettings.objectQuantiles.contains(0.01))
        #expect(p.inferenceSettings.keepRobustWeights == false)
    }

    static let unitScore: CrossValidationScore = {
        let json = #"{"score":0,"meanZ":0,"stdZ":1,"reducedChiSquared":1,"weightedRMSE":1,"medianAbsZ":0.6745,"entries":6}"#
        return try! JSONDecoder().decode(CrossValidationScore.self, from: Data(json.utf8)) // invariant: fixed text
    }()

    func result(bin: Int) -> GaiaBinResult {
        // M = 3 pixels, K = 2: G rows (1, 0), (0, 1), (1, 1); member coefficients (2, 3) and (-1, 0.5).
        GaiaBinResult(bin: bin, rank: 2, q: 5, nSpectra: 2, nTrain: 1, cycles: 12, converged: true, start: "svd",
                      fitSeconds: 1, inferSeconds: 0.5,
                      testScore: Self.unitScore,
                      scoreQuantile: 0.01, threshold: 0.5, members: [4, 9], sourceIDs: [Int64.max - 1, 1 << 60],
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

    @Test func storeRoundTripsEveryBinItHolds() throws {
        let root = NSTemporaryDirectory() + "gaia-store-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        // The store is named by the survey files' digests: two small stand-in files.
        let spectra = root + "/s.h5", meta = root + "/m.csv"
        try Data("spectra".utf8).write(to: URL(fileURLWithPath: spectra))
        try Data("meta".utf8).write(to: URL(fileURLWithPath: meta))
        let catalogFiles = (spectra, meta)
        let store = try GaiaBinStore(spectraPath: catalogFiles.0, metadataPath: catalogFiles.1,
                                     pipeline: GaiaBinPipeline(), root: root)
        #expect(store.load().isEmpty)
        try store.save(result(bin: 13))
        try store.save(result(bin: 2))
        #expect(store.load() == [result(bin: 2), result(bin: 13)])   // bin order, ids exact
        var other = GaiaBinPipeline()
        other.q = 3
        let elsewhere = try GaiaBinStore(spectraPath: spectra, metadataPath: meta, pipeline: other, root: root)
        #expect(elsewhere.folder != store.folder && elsewhere.load().isEmpty)
        try FileManager.default.removeItem(atPath: spectra)
        try Data("other spectra".utf8).write(to: URL(fileURLWithPath: spectra))
        let changed = try GaiaBinStore(spectraPath: spectra, metadataPath: meta, pipeline: GaiaBinPipeline(), root: root)
        #expect(changed.folder != store.folder)
        try Data("{".utf8).write(to: URL(fileURLWithPath: store.path(ofBin: 5)))
        #expect(store.load().map(\.bin) == [2, 13])                  // a damaged file is skipped
    }
}

/// Large files' digests are remembered across processes by file identity, and recomputed when it changes.
@Suite struct FileDigestMemoTests {
    @Test func rememberedDigestsAreReadBackAndInvalidatedByChange() throws {
        let root = NSTemporaryDirectory() + "digests-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let file = root + "/big.bin", memo = root + "/memo"
        let bytes = Data((0..<4096).map { UInt8($0 % 251) })
        try bytes.write(to: URL(fileURLWithPath: file))
        var h = ContentHasher()
        h.update(bytes)
        let expected = h.finalize().hex
        #expect(try FileDigests(memoFolder: memo, minimumSize: 1024).digest(of: file) == expected)
        let remembered = try FileManager.default.contentsOfDirectory(atPath: memo)
        #expect(remembered.count == 1)
        // A new process (a new instance) trusts the memo: replace it to prove it is read.
        let fake = String(repeating: "ab", count: 32)
        try fake.write(toFile: memo + "/" + remembered[0], atomically: true, encoding: .utf8)
        #expect(try FileDigests(memoFolder: memo, minimumSize: 1024).digest(of: file) == fake)
        // Rewriting the file changes its identity (size and time): hashed again.
        try (bytes + Data([1])).write(to: URL(fileURLWithPath: file))
        #expect(try FileDigests(memoFolder: memo, minimumSize: 1024).digest(of: file) != fake)
        // Small files are never remembered.
        let small = FileDigests(memoFolder: root + "/none", minimumSize: 1 << 20)
        _ = try small.digest(of: file)
        #expect(!FileManager.default.fileExists(atPath: root + "/none"))
    }
}
