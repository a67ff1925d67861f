import Foundation
import Testing

@testable import DataIO

/// Damaged Gaia inputs fail with typed errors whose messages name the file, the item and (for CSVs) the line.
@Suite struct GaiaErrorTests {
    /// A folder with good files, and the paths of both.
    func goodFolder() throws -> (dir: TempDir, spectra: String, metadata: String) {
        let dir = try GaiaCatalogTests.folder()
        return (dir, dir.path(GaiaCatalog.spectraFileName), dir.path(GaiaCatalog.metadataFileName))
    }

    func error(_ body: () throws -> Void) -> DataIOError? {
        do { try body() } catch let e as DataIOError { return e } catch { return nil }
        return nil
    }

    @Test func aMissingColumnNamesTheFileTheColumnAndTheHeaderLine() throws {
        let (dir, _, metadata) = try goodFolder()
        try "source_id,parallax,phot_g_mean_mag\n1,2.0,3.0\n".write(
            toFile: metadata, atomically: true, encoding: .utf8)
        let e = try #require(error { _ = try GaiaCatalog(folder: dir.url.path) })
        #expect(
            e
                == .missingColumn(
                    path: metadata, column: "bp_rp", line: 1,
                    available: ["source_id", "parallax", "phot_g_mean_mag"]))
        #expect(e.description.contains("\(metadata):1:") && e.description.contains("'bp_rp'"))
    }

    @Test func aMalformedNumberNamesTheFileTheLineAndTheColumn() throws {
        let (dir, _, metadata) = try goodFolder()
        let bad = GaiaCatalogTests.metadataText.replacingOccurrences(
            of: "13.0,0.8,0.3", with: "13.0,0.8x,0.3")
        try bad.write(toFile: metadata, atomically: true, encoding: .utf8)
        let e = try #require(error { _ = try GaiaCatalog(folder: dir.url.path) })
        #expect(
            e
                == .invalidField(
                    path: metadata, column: "parallax", line: 5, value: "0.8x", expected: "a number"
                ))
        #expect(e.description.hasPrefix("\(metadata):5: column 'parallax'"))
    }

    @Test func anIdThatIsNotAnExactInt64IsRejected() throws {
        let (dir, _, metadata) = try goodFolder()
        // 2^63 does not fit, and a float id would lose digits.
        for id in ["9223372036854775808", "4.2958067200000005e18"] {
            try "source_id,parallax,bp_rp,phot_g_mean_mag\n\(id),1,1,1\n".write(
                toFile: metadata, atomically: true, encoding: .utf8)
            let e = try #require(error { _ = try GaiaCatalog(folder: dir.url.path) })
            #expect(
                e
                    == .invalidField(
                        path: metadata, column: "source_id", line: 2, value: id,
                        expected: "a 64-bit integer"))
        }
    }

    @Test func raggedAndDuplicateRowsNameTheLine() throws {
        let (dir, _, metadata) = try goodFolder()
        try "source_id,parallax,bp_rp,phot_g_mean_mag\n1,1,1,1\n2,1,1\n".write(
            toFile: metadata, atomically: true, encoding: .utf8)
        #expect(
            error { _ = try GaiaCatalog(folder: dir.url.path) }
                == .raggedRow(path: metadata, line: 3, expected: 4, found: 3))
        let id = GaiaCatalogTests.ids[0]
        try "source_id,parallax,bp_rp,phot_g_mean_mag\n\(id),1,1,1\n\(id),2,1,1\n".write(
            toFile: metadata, atomically: true, encoding: .utf8)
        let e = try #require(error { _ = try GaiaCatalog(folder: dir.url.path) })
        #expect(
            e.description.hasPrefix("\(metadata):3: column 'source_id'")
                && e.description.contains("line 2"))
    }

    @Test func missingFilesAreNamed() throws {
        let (dir, spectra, metadata) = try goodFolder()
        try FileManager.default.removeItem(atPath: metadata)
        #expect(
            error { _ = try GaiaCatalog(folder: dir.url.path) } == .fileNotFound(path: metadata))
        try FileManager.default.removeItem(atPath: spectra)
        #expect(error { _ = try GaiaCatalog(folder: dir.url.path) } == .fileNotFound(path: spectra))
    }

    @Test func wronglyShapedOrTypedDatasetsAreNamed() throws {
        let (dir, spectra, _) = try goodFolder()
        func rewrite(_ body: (HDF5File) throws -> Void) throws {
            let file = try HDF5File(path: spectra, mode: .readWrite)
            try body(file)
            file.close()
        }
        // 2400 pixels instead of 2401.
        _ = try GaiaCatalogTests.spectraFile(dir, columns: 2400)
        var e = try #require(error { _ = try GaiaCatalog(folder: dir.url.path) })
        #expect(
            e
                == .wrongShape(
                    path: spectra, item: "flux", expected: "[7, 2401] (source_id has 7 rows)",
                    found: "[7, 2400]"))
        #expect(e.description.contains("\(spectra) [flux]"))
        // source_id shorter than the spectra.
        _ = try GaiaCatalogTests.spectraFile(dir)
        try rewrite { try $0.write(Array(GaiaCatalogTests.ids.prefix(6)), to: "source_id") }
        e = try #require(error { _ = try GaiaCatalog(folder: dir.url.path) })
        #expect(
            e
                == .wrongShape(
                    path: spectra, item: "flux", expected: "[6, 2401] (source_id has 6 rows)",
                    found: "[7, 2401]"))
        // Ids stored as float64.
        try rewrite { try $0.write(GaiaCatalogTests.ids.map { Double($0) }, to: "source_id") }
        e = try #require(error { _ = try GaiaCatalog(folder: dir.url.path) })
        #expect(
            e
                == .wrongType(
                    path: spectra, item: "source_id", expected: "integer (int64)", found: "float64")
        )
        // flux_error missing.
        _ = try GaiaCatalogTests.spectraFile(dir)
        try rewrite { try $0.remove("flux_error") }
        #expect(
            error { _ = try GaiaCatalog(folder: dir.url.path) }
                == .missingItem(path: spectra, item: "flux_error"))
    }

    @Test func truncatedOrForeignSpectraFilesAreCorrupt() throws {
        let (dir, spectra, _) = try goodFolder()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: spectra))
        // Cut in half: libhdf5 sees that the file ends before its recorded end.
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: spectra))
        let e = try #require(error { _ = try GaiaCatalog(folder: dir.url.path) })
        guard case .corrupt(let path, _, let reason) = e else {
            Issue.record("not .corrupt: \(e)")
            return
        }
        #expect(path == spectra && reason.contains("truncated"), "\(e)")
        // Cut inside the superblock and object headers.
        try bytes.prefix(600).write(to: URL(fileURLWithPath: spectra))
        let header = try #require(error { _ = try GaiaCatalog(folder: dir.url.path) })
        #expect(header.description.contains(spectra))
        try Data("source_id,flux\n".utf8).write(to: URL(fileURLWithPath: spectra))
        let foreign = try #require(error { _ = try GaiaCatalog(folder: dir.url.path) })
        #expect(
            foreign
                == .corrupt(
                    path: spectra, item: "", reason: "not an HDF5 file (no HDF5 signature found)"))
    }
}
