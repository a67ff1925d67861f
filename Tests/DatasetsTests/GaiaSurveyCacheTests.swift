import DataIO
import Foundation
import Testing

@testable import Datasets

/// A survey is written once per configuration and reused only while it is what the generator would write.
struct GaiaSurveyCacheTests {
    @Test func writesOnceReusesAndRewritesWhenTheStampDoesNotMatch() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gaia-cache-\(UUID().uuidString)"
        ).path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let c = GaiaFixtures.smallConfiguration
        let first = try GaiaSurveyCache.ensure(c, under: root)
        #expect(first.generated)
        #expect(FileManager.default.fileExists(atPath: first.spectraPath))
        let catalog = try GaiaCatalog(folder: first.folder)
        #expect(catalog.count == first.generator.summary.joinCounts.matched)

        let again = try GaiaSurveyCache.ensure(c, under: root)
        #expect(
            !again.generated && again.folder == first.folder
                && again.fingerprint == first.fingerprint)

        // A different seed or anomaly rate never finds these files.
        var other = c
        other.seed += 1
        #expect(GaiaSurveyCache.folder(for: other, under: root) != first.folder)
        other = c
        other.anomalyRateFactor = 1
        #expect(GaiaSurveyCache.folder(for: other, under: root) != first.folder)
        #expect(
            GaiaSurveyCache.fingerprint(try GaiaSurveyGenerator(configuration: other))
                != first.fingerprint)

        // A stamp from another generator version (a different fingerprint) makes the files be written again.
        let stampPath = (first.folder as NSString).appendingPathComponent(
            GaiaSurveyCache.stampFileName)
        let stamp = try String(contentsOfFile: stampPath, encoding: .utf8)
        try stamp.replacingOccurrences(
            of: first.fingerprint, with: String(repeating: "0", count: 64)
        )
        .write(toFile: stampPath, atomically: true, encoding: .utf8)
        #expect(try GaiaSurveyCache.ensure(c, under: root).generated)

        // So does a damaged (truncated) file.
        let handle = try #require(FileHandle(forWritingAtPath: first.metadataPath))
        try handle.truncate(atOffset: 100)
        try handle.close()
        let repaired = try GaiaSurveyCache.ensure(c, under: root)
        #expect(repaired.generated)
        #expect(try GaiaCatalog(folder: repaired.folder).count == catalog.count)
    }
}
