import Foundation
import RHMF
import Testing

@testable import DataIO

/// The Gaia loader on small hand-built files: the pipeline's selection, cuts, join order and M_G, and the
/// spectra of a subset read in the caller's order over the clipped pixels.
@Suite struct GaiaCatalogTests {
    /// Ids above 2^53 that differ in the last bit (a Double would merge them).
    static let ids: [Int64] = [
        4_295_806_720_000_000_001, 4_295_806_720_000_000_002, 1_000_000_000_000_007,
        6_899_999_999_999_999_999, 9_007_199_254_740_993, 9_007_199_254_740_992,
        2_000_000_000_000_001,
    ]

    /// A 7-spectrum file: flux[i, j] = i + j / 10000, error 0.01 + i / 1000, with NaN and 0 errors in row 2.
    static func spectraFile(
        _ dir: TempDir, ids: [Int64] = ids, columns: Int = GaiaRVSGrid.pixelCount
    ) throws -> String {
        let n = ids.count
        var flux = [Float](repeating: 0, count: n * columns)
        var error = flux
        for i in 0..<n {
            for j in 0..<columns {
                flux[i * columns + j] = Float(i) + Float(j) / 10000
                error[i * columns + j] = 0.01 + Float(i) / 1000
            }
        }
        flux[2 * columns + 100] = .nan
        error[2 * columns + 101] = 0
        let path = dir.path(GaiaCatalog.spectraFileName)
        let file = try HDF5File.create(path: path)
        try file.write(ids, to: "source_id")
        try file.write(
            try DenseArray(shape: [n, columns], values: flux), to: "flux",
            options: HDF5WriteOptions(chunkRows: 4))
        try file.write(
            try DenseArray(shape: [n, columns], values: error), to: "flux_error",
            options: HDF5WriteOptions(chunkRows: 4))
        file.close()
        return path
    }

    /// Metadata in another order than the spectra, with extra columns, a null bp_rp, a null parallax, a zero and
    /// a negative parallax, a row without a spectrum, and no row for spectrum 6.
    static let metadataText = """
        source_id,ra,parallax,bp_rp,phot_g_mean_mag,dec
        9007199254740992,10.5,12.5,1.25,11.0,-5
        4295806720000000002,11.0,2.0,,12.0,-6
        1000000000000007,12.0,,0.5,9.0,-7
        4295806720000000001,13.0,0.8,0.3,10.5,-8
        6899999999999999999,14.0,0,2.9,13.0,-9
        9007199254740993,15.0,-0.3,3.0,12.5,-10
        1234567890123456789,16.0,5.0,1.0,8.0,-11

        """

    static func folder() throws -> TempDir {
        let dir = TempDir()
        _ = try spectraFile(dir)
        try metadataText.write(
            toFile: dir.path(GaiaCatalog.metadataFileName), atomically: true, encoding: .utf8)
        return dir
    }

    @Test func selectionCutsAndJoinFollowThePipeline() throws {
        let dir = try Self.folder()
        let catalog = try GaiaCatalog(folder: dir.url.path)
        // Kept metadata: ...992 (spectrum 5), ...001 (spectrum 0), 123... (no spectrum). HDF5 order is kept.
        #expect(catalog.spectrumRows == [0, 5])
        #expect(catalog.sourceIDs == [4_295_806_720_000_000_001, 9_007_199_254_740_992])
        #expect(catalog.metadataLines == [5, 2])
        #expect(
            catalog.parallax == [0.8, 12.5] && catalog.bpRp == [0.3, 1.25]
                && catalog.gMag == [10.5, 11.0])
        #expect(catalog.absMagG[0] == 10.5 + 5 * log10(0.8 / 1000) + 5)
        #expect(abs(catalog.absMagG[1] - (11.0 + 5 * log10(0.0125) + 5)) < 1e-12)
        #expect(catalog.unmatchedSpectrumRows == [1, 2, 3, 4, 6])
        #expect(
            catalog.counts
                == GaiaJoinCounts(
                    spectra: 7, metadataRows: 7, droppedNull: 2, droppedNonPositiveParallax: 2,
                    kept: 3, matched: 2, spectraWithoutMetadata: 5, metadataWithoutSpectrum: 1))
    }

    @Test func spectraOfASubsetComeInTheCallersOrderOverTheClippedPixels() throws {
        let dir = TempDir()
        _ = try Self.spectraFile(dir)
        // Every spectrum matched, so that matched index k is HDF5 row k.
        let rows = Self.ids.map { "\($0),1.0,0.5,10.0" }.joined(separator: "\n")
        try ("source_id,parallax,bp_rp,phot_g_mean_mag\n" + rows).write(
            toFile: dir.path(GaiaCatalog.metadataFileName),
            atomically: true, encoding: .utf8)
        let catalog = try GaiaCatalog(folder: dir.url.path)
        #expect(catalog.spectrumRows == Array(0..<7))
        let order = [6, 2, 0, 5, 2]
        let source = try catalog.spectra(order)
        #expect(source.rowCount == 5 && source.columnCount == 2321 && source.precision == .single)
        let data = try source.loadAll()
        for (r, i) in order.enumerated() {
            for j in [0, 59, 60, 61, 2320] {
                let file = j + 40
                if i == 2 && (file == 100 || file == 101) {
                    #expect(data.y(r, j) == 0 && data.w(r, j) == 0)
                } else {
                    #expect(data.y(r, j) == Double(Float(i) + Float(file) / 10000))
                    let e = Double(Float(0.01) + Float(i) / 1000)
                    #expect(data.w(r, j) == Double(Float(1 / (e * e))))
                }
            }
        }
        #expect(throws: DataIOError.self) { try catalog.spectra([7]) }
    }

    @Test func theGridIsNumpysLinspaceClippedBy40() {
        let grid = GaiaRVSGrid.wavelengths
        #expect(grid.count == 2401 && grid[0] == 846 && grid[2400] == 870)
        let second: Double = 1 * (24.0 / 2400) + 846
        #expect(grid[1] == second)
        #expect(GaiaRVSGrid.clippedWavelengths.count == 2321)
        #expect(
            abs(GaiaRVSGrid.clippedWavelengths[0] - 846.40) < 1e-9
                && abs(GaiaRVSGrid.clippedWavelengths[2320] - 869.60) < 1e-9)
    }

    @Test func binsAreThePapersEllipses() {
        let table: [(Double, Double)] = [
            (-0.1, 0.0428), (0.1385, 0.9604), (0.3769, 1.9525), (0.6154, 3.0444), (0.8538, 4.2246),
            (1.0923, 5.4216), (1.3308, 6.5184), (1.5692, 7.4131), (1.8077, 8.0844),
            (2.0462, 8.6066),
            (2.2846, 9.0994), (2.5231, 9.6582), (2.7615, 10.3183), (3.0, 11.0659),
        ]
        for (shape, (c, m)) in zip(HRBins.shapes, table) {
            #expect(abs(shape.colourCentre - c) < 5e-5 && abs(shape.magnitudeCentre - m) < 5e-5)
        }
        #expect(
            abs(HRBins.colourWidth - 0.357692) < 1e-6
                && abs(HRBins.magnitudeWidth - 2.369231) < 1e-6)
        let b = HRBins.shapes[3]
        // Strict inequality: a star on the ellipse's edge is outside.
        #expect(!b.contains(bpRp: b.colourCentre + b.colourWidth / 2, absMagG: b.magnitudeCentre))
        #expect(
            b.contains(bpRp: b.colourCentre + b.colourWidth / 2 * 0.999, absMagG: b.magnitudeCentre)
        )
        #expect(HRBins.bins(bpRp: .nan, absMagG: 3) == [])
        // Never three bins: sample the whole diagram.
        for c in stride(from: -0.5, through: 3.4, by: 0.01) {
            for m in stride(from: -1.0, through: 12.5, by: 0.02) {
                #expect(HRBins.bins(bpRp: c, absMagG: m).count <= 2)
            }
        }
        let bins = HRBins(ids: [7, 8, 9], bpRp: [0.6154, 0.74, 3.3], absMagG: [3.0444, 3.6, 11])
        #expect(bins[3].members == [0, 1] && bins[3].ids == [7, 8] && bins[4].members == [1])
        #expect(bins.counts.reduce(0, +) == 3)
    }
}
