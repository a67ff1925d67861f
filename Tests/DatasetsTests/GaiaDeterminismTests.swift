import DataIO
import Foundation
import Testing

@testable import Datasets

/// The same configuration writes byte-identical files; files are only ever complete under their real names.
@Suite struct GaiaDeterminismTests {
    static let names = [
        GaiaCatalog.spectraFileName, GaiaCatalog.metadataFileName,
        GaiaSurveyGenerator.truthFileName,
    ]

    func bytes(_ survey: GaiaFixtures.Survey) throws -> [Data] {
        try Self.names.map { try Data(contentsOf: URL(fileURLWithPath: survey.path($0))) }
    }

    @Test func theSameSeedWritesByteIdenticalFiles() throws {
        let first = try GaiaFixtures.small.get()
        let again = try GaiaFixtures.write(GaiaFixtures.smallConfiguration, name: "again")
        #expect(try bytes(first) == bytes(again))
        // Spectra made one at a time on this thread equal those the parallel writer stored.
        let file = try HDF5File(path: again.path(GaiaCatalog.spectraFileName))
        let stored = try file.dataset("flux").readRows(0..<5, as: Float.self).values
        let remade = (0..<5).flatMap { again.generator.spectrum(row: $0).flux }
        #expect(stored.map(\.bitPattern) == remade.map(\.bitPattern))
    }

    @Test func anotherSeedWritesOtherFiles() throws {
        var other = GaiaFixtures.smallConfiguration
        other.seed += 1
        let a = try bytes(try GaiaFixtures.small.get())
        let b = try bytes(try GaiaFixtures.write(other, name: "other-seed"))
        #expect(zip(a, b).allSatisfy { $0 != $1 })
    }

    @Test func noTemporaryFilesAreLeftBehind() throws {
        let survey = try GaiaFixtures.small.get()
        let names = try FileManager.default.contentsOfDirectory(atPath: survey.folder).sorted()
        #expect(names == Self.names.sorted())
    }

    @Test func aFailedWriteNamesTheFileAndLeavesNoPartialFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gaia-fail-\(UUID().uuidString)"
        ).path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // A non-empty folder where the HDF5 file should go: the final rename must fail.
        let blocked = (folder as NSString).appendingPathComponent(GaiaCatalog.spectraFileName)
        try FileManager.default.createDirectory(
            atPath: (blocked as NSString).appendingPathComponent("x"),
            withIntermediateDirectories: true)
        var c = GaiaFixtures.smallConfiguration
        c.scale = 0.0002
        c.minimumPerBin = 2
        let generator = try GaiaSurveyGenerator(configuration: c)
        #expect { try generator.write(to: folder) } throws: { error in
            guard case DatasetError.file(.cannotAccess(let path, _)) = error else { return false }
            return path == blocked
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(!left.contains { $0.hasSuffix(".tmp") }, "\(left)")
    }
}
