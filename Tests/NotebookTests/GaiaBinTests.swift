import Foundation
import Testing

@testable import NotebookKit

/// NotebookKit's side of the Gaia bin store: it is named by the survey files' content digests.
@Suite struct GaiaBinStoreFilesTests {
    @Test func theStoreFollowsTheSurveyFilesContent() throws {
        let root = NSTemporaryDirectory() + "gaia-store-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let spectra = root + "/s.h5"
        let meta = root + "/m.csv"
        try Data("spectra".utf8).write(to: URL(fileURLWithPath: spectra))
        try Data("meta".utf8).write(to: URL(fileURLWithPath: meta))
        let store = try GaiaBinStore(
            spectraPath: spectra, metadataPath: meta, pipeline: GaiaBinPipeline(), root: root)
        let again = try GaiaBinStore(
            spectraPath: spectra, metadataPath: meta, pipeline: GaiaBinPipeline(), root: root)
        #expect(again.folder == store.folder)
        try FileManager.default.removeItem(atPath: spectra)
        try Data("other spectra".utf8).write(to: URL(fileURLWithPath: spectra))
        let changed = try GaiaBinStore(
            spectraPath: spectra, metadataPath: meta, pipeline: GaiaBinPipeline(), root: root)
        #expect(changed.folder != store.folder)
    }
}

/// Large files' digests are remembered across processes by file identity, and recomputed when it changes.
@Suite struct FileDigestMemoTests {
    @Test func rememberedDigestsAreReadBackAndInvalidatedByChange() throws {
        let root = NSTemporaryDirectory() + "digests-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let file = root + "/big.bin"
        let memo = root + "/memo"
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
