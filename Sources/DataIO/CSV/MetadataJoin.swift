/// Metadata rows lined up with spectra by source id (an inner join that keeps spectrum order).
package struct MetadataJoin: Sendable, Equatable {
    /// Rows of the spectra that have metadata, ascending (spectrum order is kept). Pass these to
    /// `HDF5Dataset.readRows(at:)` to read the matching spectra.
    package let spectrumRows: [Int]
    /// For each entry of `spectrumRows`, the matching row of the metadata table.
    package let metadataRows: [Int]
    /// The metadata table restricted and reordered to line up with `spectrumRows`.
    package let metadata: CSVTable
    /// Rows of the spectra without metadata (dropped by the inner join).
    package let unmatchedSpectrumRows: [Int]
}

extension CSVTable {
    /// Joins this metadata table to spectra identified by `sourceIDs` (one per spectrum row), matching
    /// on the int64 column `key`. Spectra without metadata are dropped; metadata rows with a missing
    /// key or no spectrum are ignored.
    /// - Throws: `.missingItem` / `.wrongType` when `key` is absent or not int64, and `.invalidField`
    ///   when a source id appears on two metadata rows (the match would be ambiguous).
    package func innerJoin(sourceIDs: [Int64], on key: String = "source_id") throws(DataIOError)
        -> MetadataJoin
    {
        let keys = try int64s(key)
        var rowOf: [Int64: Int] = [:]
        rowOf.reserveCapacity(keys.count)
        for (row, id) in keys.enumerated() {
            guard let id else { continue }
            if let first = rowOf[id] {
                throw .invalidField(
                    path: path, column: key, line: lineNumbers[row], value: String(id),
                    expected: "a unique id (already on line \(lineNumbers[first]))")
            }
            rowOf[id] = row
        }
        var spectrumRows: [Int] = []
        var metadataRows: [Int] = []
        var unmatched: [Int] = []
        for (spectrum, id) in sourceIDs.enumerated() {
            if let row = rowOf[id] {
                spectrumRows.append(spectrum)
                metadataRows.append(row)
            } else {
                unmatched.append(spectrum)
            }
        }
        return MetadataJoin(
            spectrumRows: spectrumRows, metadataRows: metadataRows,
            metadata: try rows(at: metadataRows), unmatchedSpectrumRows: unmatched)
    }
}
