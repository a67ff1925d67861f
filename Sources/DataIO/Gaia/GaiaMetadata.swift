import Foundation

/// The metadata CSV after the pipeline's selection and cuts:
/// `scan_csv(...).select([source_id, parallax, bp_rp, phot_g_mean_mag]).drop_nulls().filter(parallax > 0)`.
struct GaiaMetadata {
    /// The kept rows (no nulls in the four columns, parallax > 0), in file order.
    let table: CSVTable
    /// Data rows in the file.
    let rowCount: Int
    /// Rows with an empty value in one of the four columns.
    let droppedNull: Int
    /// Rows without nulls whose parallax is not > 0.
    let droppedNonPositiveParallax: Int

    /// Reads and filters the CSV at `path`.
    /// - Throws: `.fileNotFound`; `.missingColumn` (file, column, header line) when one of the four columns is
    ///   absent; `.invalidField` (file, line, column, value) for an id that is not a 64-bit integer or a value
    ///   that is not a number; `.raggedRow` and `.corrupt` (file and line) for malformed records.
    init(path: String) throws(DataIOError) {
        let columns = GaiaCatalog.metadataColumns
        let types: [String: CSVColumnType] = [
            "source_id": .int64, "parallax": .double, "bp_rp": .double,
            "phot_g_mean_mag": .double,
        ]
        let all: CSVTable
        do {
            all = try CSVTable.read(path: path, columns: columns, types: types)
        } catch .missingItem(let p, let item) where columns.contains(item) {
            throw .missingColumn(path: p, column: item, line: 1, available: Self.header(of: path))
        }
        let ids = try all.int64s("source_id")
        let parallax = try all.doubles("parallax")
        let bpRp = try all.doubles("bp_rp")
        let g = try all.doubles("phot_g_mean_mag")
        var keep: [Int] = []
        keep.reserveCapacity(all.rowCount)
        var nulls = 0
        var nonPositive = 0
        for k in 0..<all.rowCount {
            guard ids[k] != nil, let p = parallax[k], bpRp[k] != nil, g[k] != nil else {
                nulls += 1
                continue
            }
            guard p > 0 else {
                nonPositive += 1
                continue
            }
            keep.append(k)
        }
        table = try all.rows(at: keep)
        rowCount = all.rowCount
        droppedNull = nulls
        droppedNonPositiveParallax = nonPositive
    }

    /// The column names on the first line of the file (for messages; empty when it cannot be read).
    static func header(of path: String) -> [String] {
        guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 1 << 16)) ?? Data()
        let line =
            head.split(
                separator: UInt8(ascii: "\n"), maxSplits: 1, omittingEmptySubsequences: false
            ).first ?? Data()
        return String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            .split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
}
