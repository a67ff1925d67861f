import Foundation
public import RHMF

/// The Gaia DR3 RVS spectra matched to their metadata, by the rules of the reference pipeline
/// (`collect.py`, `spec/gaia-rvs.md` sections 1 and 2).
///
/// 1. `source_id` of the HDF5 file is read whole (int64, exact); `flux` and `flux_error` must be N x 2401.
/// 2. The metadata CSV's columns `source_id`, `parallax`, `bp_rp`, `phot_g_mean_mag` are read (other columns
///    are ignored; ids as exact int64), rows with an empty value in any of the four are dropped
///    (`drop_nulls`), then rows without `parallax > 0` (`filter`; NaN fails it too).
/// 3. The spectra are inner-joined to the kept rows on `source_id`, keeping HDF5 order: matched row k is HDF5
///    row `spectrumRows[k]` (the pipeline's `MatchedData.spectra_indices`).
/// 4. `M_G = G + 5 log10(parallax / 1000) + 5` (parallax in mas).
///
/// Only ids and the four columns are held in memory; spectra are read later, a bin at a time, through
/// `spectra(_:)`.
///
///     let catalog = try GaiaCatalog(folder: "data/gaia")
///     let bins = HRBins(catalog: catalog)
///     let bin4 = try catalog.spectra(bins[4].members)      // 2321 clipped pixels, float32, W = 1/error^2
public struct GaiaCatalog: Sendable {
    /// The file name the pipeline expects for the spectra.
    public static let spectraFileName = "dr3-rvs-all.hdf5"
    /// The file name the pipeline expects for the metadata.
    public static let metadataFileName = "dr3-source-meta.csv"
    /// The metadata columns the pipeline uses, in its order.
    public static let metadataColumns = ["source_id", "parallax", "bp_rp", "phot_g_mean_mag"]

    /// The HDF5 file.
    public let spectraPath: String
    /// The metadata CSV.
    public let metadataPath: String
    /// For each matched star, its row in the HDF5 file (ascending).
    public let spectrumRows: [Int]
    /// For each matched star, the line of its metadata row in the CSV (for messages).
    public let metadataLines: [Int]
    /// Source ids of the matched stars.
    public let sourceIDs: [Int64]
    /// Parallax in mas (> 0).
    public let parallax: [Double]
    /// BP-RP colour, mag.
    public let bpRp: [Double]
    /// Apparent G magnitude.
    public let gMag: [Double]
    /// Absolute G magnitude from G and parallax.
    public let absMagG: [Double]
    /// HDF5 rows without a kept metadata row (dropped by the inner join), ascending.
    public let unmatchedSpectrumRows: [Int]
    /// How many rows of each file were kept and dropped.
    public let counts: GaiaJoinCounts

    /// Number of matched stars.
    public var count: Int { sourceIDs.count }

    /// Reads `dr3-rvs-all.hdf5` and `dr3-source-meta.csv` in `folder`.
    /// - Throws: `DataIOError` naming the file and the item (and for the CSV the line) that is missing, damaged,
    ///   of the wrong shape or type, or not a number.
    public init(folder: String) throws(DataIOError) {
        let base = URL(fileURLWithPath: folder)
        try self.init(
            spectraPath: base.appendingPathComponent(Self.spectraFileName).path,
            metadataPath: base.appendingPathComponent(Self.metadataFileName).path)
    }

    /// Reads the given spectra file and metadata CSV.
    /// - Throws: see `init(folder:)`.
    public init(spectraPath: String, metadataPath: String) throws(DataIOError) {
        let ids = try Self.readSpectrumIDs(spectraPath)
        let metadata = try GaiaMetadata(path: metadataPath)
        let join = try metadata.table.innerJoin(sourceIDs: ids)
        let parallax = try join.metadata.doubles("parallax")
        let bpRp = try join.metadata.doubles("bp_rp")
        let g = try join.metadata.doubles("phot_g_mean_mag")
        self.spectraPath = spectraPath
        self.metadataPath = metadataPath
        spectrumRows = join.spectrumRows
        metadataLines = join.metadata.lineNumbers
        sourceIDs = join.spectrumRows.map { ids[$0] }
        // The kept table has no nulls (invariant of GaiaMetadata), so the defaults below are never used.
        self.parallax = parallax.map { $0 ?? .nan }
        self.bpRp = bpRp.map { $0 ?? .nan }
        gMag = g.map { $0 ?? .nan }
        absMagG = zip(gMag, self.parallax).map { Self.absoluteMagnitude(g: $0, parallax: $1) }
        unmatchedSpectrumRows = join.unmatchedSpectrumRows
        let matchedIDs = Set(sourceIDs)
        let keptIDs = try metadata.table.int64s("source_id")
        counts = GaiaJoinCounts(
            spectra: ids.count, metadataRows: metadata.rowCount, droppedNull: metadata.droppedNull,
            droppedNonPositiveParallax: metadata.droppedNonPositiveParallax,
            kept: metadata.table.rowCount, matched: join.spectrumRows.count,
            spectraWithoutMetadata: join.unmatchedSpectrumRows.count,
            metadataWithoutSpectrum: keptIDs.filter { !matchedIDs.contains($0 ?? 0) }.count)
    }

    /// `M_G = G + 5 log10(parallax / 1000) + 5`, parallax in mas (the pipeline's formula, evaluated in this order).
    public static func absoluteMagnitude(g: Double, parallax: Double) -> Double {
        g + 5 * log10(parallax / 1000) + 5
    }

    /// The spectra of matched stars `matched` (indices into this catalogue, e.g. a bin's `members`), in that
    /// order, as a row source over the 2321 clipped pixels: only those rows are read, sorted for the read and
    /// returned in the caller's order, block by block. W = 1/flux_error^2; NaN or non-positive errors make
    /// the pixel missing (Y = 0, W = 0).
    /// - Parameters:
    ///   - matched: indices into the catalogue (nil: every matched star, in HDF5 order).
    ///   - precision: precision of the delivered values (float32 as stored, by default).
    /// - Throws: `.outOfRange` for an index outside the catalogue; file errors as `HDF5RowSource`.
    public func spectra(_ matched: [Int]? = nil, precision: Precision = .single) throws(DataIOError)
        -> HDF5RowSource
    {
        var rows = spectrumRows
        if let matched {
            if let bad = matched.first(where: { $0 < 0 || $0 >= count }) {
                throw .outOfRange(
                    path: metadataPath, item: "",
                    reason: "matched star \(bad) requested but the catalogue has \(count)")
            }
            rows = matched.map { spectrumRows[$0] }
        }
        return try HDF5RowSource(
            path: spectraPath, rows: rows, columns: GaiaRVSGrid.clippedColumns, precision: precision
        )
    }

    /// The spectra of a bin's members, in member order (see `spectra(_:precision:)`).
    public func spectra(of bin: HRBin, precision: Precision = .single) throws(DataIOError)
        -> HDF5RowSource
    {
        try spectra(bin.members, precision: precision)
    }

    /// Reads `source_id` whole and checks that `flux` and `flux_error` are N x 2401 floating-point datasets.
    static func readSpectrumIDs(_ path: String) throws(DataIOError) -> [Int64] {
        let file = try HDF5File(path: path)
        let idSet = try file.dataset("source_id")
        guard idSet.shape.count == 1 else {
            throw .wrongShape(
                path: path, item: "source_id", expected: "1 dimension (N)", found: "\(idSet.shape)")
        }
        guard case .integer = idSet.type else {
            throw .wrongType(
                path: path, item: "source_id", expected: "integer (int64)",
                found: idSet.type.description)
        }
        let n = idSet.shape[0]
        for name in ["flux", "flux_error"] {
            let data = try file.dataset(name)
            guard data.shape == [n, GaiaRVSGrid.pixelCount] else {
                throw .wrongShape(
                    path: path, item: name,
                    expected: "[\(n), \(GaiaRVSGrid.pixelCount)] (source_id has \(n) rows)",
                    found: "\(data.shape)")
            }
            guard case .float = data.type else {
                throw .wrongType(
                    path: path, item: name, expected: "float32 or float64",
                    found: data.type.description)
            }
        }
        return try idSet.read(as: Int64.self).values
    }
}
