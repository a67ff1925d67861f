internal import CHDF5
internal import CHDF5Shim
import HMFCore
import RHMF

/// An open dataset: its shape and type, and readers for all of it or for blocks of rows.
///
/// "Rows" are slices along the first dimension; a 2-D `flux` dataset of N x 2401 has N rows of
/// 2401 values. Row reads touch only the requested rows on disk (HDF5 hyperslab selections),
/// so a large file can be processed in row blocks without loading it whole.
package final class HDF5Dataset {
    /// The file this dataset belongs to (kept open while the dataset is alive).
    package let file: HDF5File
    /// Path from the root, as given when opening.
    package let name: String
    /// Extent of each dimension (empty for a scalar).
    package let shape: [Int]
    /// Element type as stored.
    package let type: HDF5DataType
    let id: hid_t

    /// The dataset's chunk cache: large enough that row blocks which start or end inside a
    /// compressed chunk do not decompress that chunk twice.
    private static let chunkCacheBytes = 32 << 20

    init(file: HDF5File, name: String) throws(DataIOError) {
        let fileID = try file.openID()
        guard file.contains(name), hmf_h5_is_dataset(fileID, name) == 1 else {
            throw .missingItem(path: file.path, item: name)
        }
        let access = H5Pcreate(hmf_h5p_dataset_access())
        defer { if access >= 0 { H5Pclose(access) } }
        if access >= 0 { H5Pset_chunk_cache(access, 12_421, Self.chunkCacheBytes, 0.75) }
        let id = try H5.check(
            H5Dopen2(fileID, name, access >= 0 ? access : hmf_h5p_default()), file.path, name,
            "open dataset")
        var ok = false
        defer { if !ok { H5Dclose(id) } }
        let space = try H5.check(H5Dget_space(id), file.path, name, "get dataspace")
        defer { H5Sclose(space) }
        let fileType = try H5.check(H5Dget_type(id), file.path, name, "get datatype")
        defer { H5Tclose(fileType) }
        self.shape = try H5.extents(of: space, file.path, name)
        self.type = HDF5DataType(typeID: fileType)
        try Self.checkContiguousStorage(
            id, fileID: fileID, count: DenseArray<Double>.count(of: shape),
            itemSize: H5Tget_size(fileType),
            file.path, name)
        self.file = file
        self.name = name
        self.id = id
        ok = true
    }

    deinit {
        H5Dclose(id)
    }

    /// A contiguous dataset's stored bytes must hold its values and lie inside the file: libhdf5 1.10 trusts
    /// a damaged header's size and address, and would copy past its buffers.
    private static func checkContiguousStorage(
        _ id: hid_t, fileID: hid_t, count: Int, itemSize: Int, _ path: String, _ name: String
    ) throws(DataIOError) {
        let plist = H5Dget_create_plist(id)
        guard plist >= 0 else { return }
        defer { H5Pclose(plist) }
        guard H5Pget_layout(plist) == H5D_CONTIGUOUS else { return }
        let stored = H5Dget_storage_size(id)
        guard stored > 0 else { return }  // never written: reads give the fill value
        let (needed, overflow) = count.multipliedReportingOverflow(by: itemSize)
        guard !overflow, stored >= UInt64(needed) else {
            throw .corrupt(
                path: path, item: name,
                reason:
                    "its \(count) values need \(overflow ? "more" : "\(needed)") bytes but the file stores "
                    + "\(stored) for them (a damaged header)")
        }
        var fileSize: hsize_t = 0
        let offset = H5Dget_offset(id)
        guard offset != haddr_t.max, H5Fget_filesize(fileID, &fileSize) >= 0 else { return }
        guard UInt64(offset) <= fileSize, stored <= fileSize - UInt64(offset) else {
            throw .corrupt(
                path: path, item: name,
                reason: "its data (\(stored) bytes at offset \(offset)) runs past the end of the "
                    + "\(fileSize)-byte file (truncated or damaged)")
        }
    }

    /// Number of rows (extent of the first dimension; 1 for a scalar).
    package var rowCount: Int { shape.first ?? 1 }

    /// Number of values in one row (product of all but the first extent).
    package var rowLength: Int { shape.dropFirst().reduce(1, *) }

    /// Number of values.
    package var count: Int { DenseArray<Double>.count(of: shape) }

    // MARK: Whole-dataset reads

    /// Reads the whole dataset as `T` (integers may be read as floating point, not the other way round).
    /// - Throws: `.wrongType` for text or when integers would be truncated.
    package func read<T: HDF5Element>(as: T.Type = T.self) throws(DataIOError) -> DenseArray<T> {
        try checkReadable(T.self)
        let values = try readValues(count: count, T.self) { buffer, memType throws(DataIOError) in
            H5Dread(id, memType, hmf_h5s_all(), hmf_h5s_all(), hmf_h5p_default(), buffer)
        }
        return DenseArray(checkedShape: shape, values: values)
    }

    /// Reads a numeric 1-D or 2-D dataset as a `Matrix` of `Double` (a 1-D dataset becomes one column).
    package func readMatrix() throws(DataIOError) -> Matrix {
        do { return try read(as: Double.self).matrix() } catch {
            throw error.located(path: file.path, item: name)
        }
    }

    /// Reads a text dataset.
    /// - Throws: `.wrongType` when the dataset is not text.
    package func readStrings() throws(DataIOError) -> DenseArray<String> {
        guard case .string = type else {
            throw .wrongType(
                path: file.path, item: name, expected: "string", found: type.description)
        }
        let fileType = try H5.check(H5Dget_type(id), file.path, name, "get datatype")
        defer { H5Tclose(fileType) }
        let space = try H5.check(H5Dget_space(id), file.path, name, "get dataspace")
        defer { H5Sclose(space) }
        let strings = try H5.readStrings(
            count: count, fileType: fileType, space: space, file.path, name
        ) { memType, buffer in
            H5Dread(id, memType, hmf_h5s_all(), hmf_h5s_all(), hmf_h5p_default(), buffer)
        }
        return DenseArray(checkedShape: shape, values: strings)
    }

    // MARK: Row reads

    /// Reads rows `rows` (along the first dimension) as `T`; the result has shape `[rows.count] + shape[1...]`.
    /// - Throws: `.outOfRange` when `rows` is not inside `0..<rowCount`.
    package func readRows<T: HDF5Element>(_ rows: Range<Int>, as: T.Type = T.self)
        throws(DataIOError) -> DenseArray<T>
    {
        let values = try readValues(count: rows.count * rowLength, T.self) {
            buffer, memType throws(DataIOError) in
            try readRowBlock(rows, memType: memType, into: buffer)
        }
        return DenseArray(checkedShape: [rows.count] + shape.dropFirst(), values: values)
    }

    /// Reads rows `rows` into `buffer`, which must hold exactly `rows.count * rowLength` values.
    /// Use it to stream a large dataset through one reusable buffer.
    package func readRows<T: HDF5Element>(
        _ rows: Range<Int>, into buffer: UnsafeMutableBufferPointer<T>
    ) throws(DataIOError) {
        try checkReadable(T.self)
        guard buffer.count == rows.count * rowLength else {
            throw .invalidArgument(
                path: file.path, item: name,
                reason:
                    "buffer holds \(buffer.count) values, \(rows.count) rows need \(rows.count * rowLength)"
            )
        }
        guard let base = buffer.baseAddress, !rows.isEmpty else { return try checkRows(rows) }
        try H5.check(
            try readRowBlock(
                rows, memType: T.hdf5Kind.nativeType, into: UnsafeMutableRawPointer(base)),
            file.path, name, "read rows \(rows.lowerBound)..<\(rows.upperBound)")
    }

    /// Reads the rows at `indices`, in the order given (indices may be unsorted and repeated).
    /// Rows are fetched in file order, so with the dataset's 32 MiB chunk cache each stored chunk is
    /// normally read and decompressed once however many of its rows are asked for.
    package func readRows<T: HDF5Element>(at indices: [Int], as: T.Type = T.self)
        throws(DataIOError) -> DenseArray<T>
    {
        try checkReadable(T.self)
        let resultShape = [indices.count] + shape.dropFirst()
        guard !indices.isEmpty else { return DenseArray(checkedShape: resultShape, values: []) }
        guard !shape.isEmpty else {
            throw .wrongShape(
                path: file.path, item: name, expected: "at least 1 dimension", found: "scalar")
        }
        if let bad = indices.first(where: { $0 < 0 || $0 >= rowCount }) {
            throw .outOfRange(
                path: file.path, item: name,
                reason: "row \(bad) requested but the dataset has \(rowCount) rows")
        }
        let unique = Array(Set(indices)).sorted()
        let sortedValues = try readValues(count: unique.count * rowLength, T.self) {
            buffer, memType throws(DataIOError) in
            try readSelectedRows(unique, memType: memType, into: buffer)
        }
        if unique == indices { return DenseArray(checkedShape: resultShape, values: sortedValues) }
        var position: [Int: Int] = [:]
        position.reserveCapacity(unique.count)
        for (k, row) in unique.enumerated() { position[row] = k }
        let width = rowLength
        var values = [T]()
        values.reserveCapacity(indices.count * width)
        for row in indices {
            let k = position[row] ?? 0  // invariant: every index is in `unique`
            values.append(contentsOf: sortedValues[(k * width)..<((k + 1) * width)])
        }
        return DenseArray(checkedShape: resultShape, values: values)
    }

    /// Reads columns `columns` of the sorted, distinct rows `rows` of a 2-D dataset into `buffer`
    /// (`rows.count * columns.count` values, row-major), one hyperslab read per run of consecutive rows.
    /// - Throws: `.outOfRange` for rows or columns outside the dataset, `.changedDuringRead` when the dataset's
    ///   extent is no longer the one it had when opened.
    package func readRows<T: HDF5Element>(
        sorted rows: [Int], columns: Range<Int>,
        into buffer: UnsafeMutableBufferPointer<T>
    ) throws(DataIOError) {
        try checkReadable(T.self)
        guard shape.count == 2 else {
            throw .wrongShape(
                path: file.path, item: name, expected: "2 dimensions", found: "\(shape)")
        }
        guard columns.lowerBound >= 0, columns.upperBound <= shape[1] else {
            throw .outOfRange(
                path: file.path, item: name,
                reason: "columns \(columns) requested but rows have \(shape[1]) values")
        }
        guard buffer.count == rows.count * columns.count else {
            throw .invalidArgument(
                path: file.path, item: name,
                reason:
                    "buffer holds \(buffer.count) values, \(rows.count) rows need \(rows.count * columns.count)"
            )
        }
        guard let base = buffer.baseAddress, !rows.isEmpty else { return }
        if let bad = rows.first(where: { $0 < 0 || $0 >= rowCount }) {
            throw .outOfRange(
                path: file.path, item: name,
                reason: "row \(bad) requested but the dataset has \(rowCount) rows")
        }
        let fileSpace = try H5.check(H5Dget_space(id), file.path, name, "get dataspace")
        defer { H5Sclose(fileSpace) }
        let now = try H5.extents(of: fileSpace, file.path, name)
        guard now == shape else {
            throw .changedDuringRead(
                path: file.path, reason: "\(name) was \(shape) when opened and is \(now) now")
        }
        var start: [hsize_t] = [0, hsize_t(columns.lowerBound)]
        var extent: [hsize_t] = [0, hsize_t(columns.count)]
        let memType = T.hdf5Kind.nativeType
        var runStart = 0
        for k in 1...rows.count where k == rows.count || rows[k] != rows[k - 1] + 1 {
            start[0] = hsize_t(rows[runStart])
            extent[0] = hsize_t(k - runStart)
            try H5.check(
                H5Sselect_hyperslab(fileSpace, H5S_SELECT_SET, start, nil, extent, nil), file.path,
                name, "select rows")
            let memSpace = try H5.check(
                H5Screate_simple(2, extent, nil), file.path, name, "create memory dataspace")
            let status = H5Dread(
                id, memType, memSpace, fileSpace, hmf_h5p_default(),
                UnsafeMutableRawPointer(base + runStart * columns.count))
            H5Sclose(memSpace)
            try H5.check(
                status, file.path, name, "read rows \(rows[runStart])..<\(rows[k - 1] + 1)")
            runStart = k
        }
    }

    // MARK: Helpers

    func checkReadable<T: HDF5Element>(_: T.Type) throws(DataIOError) {
        guard T.hdf5Kind.canRead(type) else {
            throw .wrongType(
                path: file.path, item: name, expected: T.hdf5Kind.description,
                found: type.description)
        }
    }

    func checkRows(_ rows: Range<Int>) throws(DataIOError) {
        guard !shape.isEmpty else {
            throw .wrongShape(
                path: file.path, item: name, expected: "at least 1 dimension", found: "scalar")
        }
        guard rows.lowerBound >= 0, rows.upperBound <= rowCount else {
            throw .outOfRange(
                path: file.path, item: name,
                reason:
                    "rows \(rows.lowerBound)..<\(rows.upperBound) requested but the dataset has \(rowCount) rows"
            )
        }
    }

    /// Allocates `count` values and fills them with `fill(buffer, nativeType)`, which returns an HDF5 status.
    private func readValues<T: HDF5Element>(
        count: Int, _: T.Type,
        fill: (UnsafeMutableRawPointer, hid_t) throws(DataIOError) -> herr_t
    ) throws(DataIOError) -> [T] {
        try checkReadable(T.self)
        guard count > 0 else { return [] }
        try MemoryBudget.check(count: count, of: T.self, path: file.path, item: name)
        var status: herr_t = 0
        var thrown: DataIOError?
        let values = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            do throws(DataIOError) {
                status = try fill(
                    // invariant: count > 0
                    UnsafeMutableRawPointer(buffer.baseAddress!), T.hdf5Kind.nativeType)
            } catch {
                thrown = error
            }
            initialized = (thrown == nil && status >= 0) ? count : 0
        }
        if let thrown { throw thrown }
        try H5.check(status, file.path, name, "read")
        return values
    }

    /// Reads a contiguous block of rows (bounds checked here) into `buffer`.
    private func readRowBlock(
        _ rows: Range<Int>, memType: hid_t, into buffer: UnsafeMutableRawPointer
    ) throws(DataIOError) -> herr_t {
        try checkRows(rows)
        return try withRowSelection(rows) { memSpace, fileSpace in
            H5Dread(id, memType, memSpace, fileSpace, hmf_h5p_default(), buffer)
        }
    }

    /// Calls `body` with a memory dataspace for `rows` whole rows and the file dataspace with those rows selected
    /// (both closed afterwards); what `body` returns is passed through.
    func withRowSelection<R>(
        _ rows: Range<Int>, _ body: (_ memSpace: hid_t, _ fileSpace: hid_t) -> R
    ) throws(DataIOError) -> R {
        let fileSpace = try H5.check(H5Dget_space(id), file.path, name, "get dataspace")
        defer { H5Sclose(fileSpace) }
        var start = [hsize_t](repeating: 0, count: shape.count)
        var extent = shape.map { hsize_t($0) }
        start[0] = hsize_t(rows.lowerBound)
        extent[0] = hsize_t(rows.count)
        try H5.check(
            H5Sselect_hyperslab(fileSpace, H5S_SELECT_SET, start, nil, extent, nil), file.path,
            name, "select rows")
        let memSpace = try H5.check(
            H5Screate_simple(Int32(extent.count), extent, nil), file.path, name,
            "create memory dataspace")
        defer { H5Sclose(memSpace) }
        return body(memSpace, fileSpace)
    }

    /// Reads sorted, distinct rows into `buffer`, one hyperslab read per run of consecutive rows.
    /// Runs arrive in file order, so with the dataset's chunk cache each chunk is fetched (and
    /// decompressed) once. One union selection of all runs would also do, but libhdf5 1.10 builds
    /// such selections in time that grows faster than linearly with the number of runs.
    private func readSelectedRows(
        _ rows: [Int], memType: hid_t, into buffer: UnsafeMutableRawPointer
    ) throws(DataIOError) -> herr_t {
        let fileSpace = try H5.check(H5Dget_space(id), file.path, name, "get dataspace")
        defer { H5Sclose(fileSpace) }
        var start = [hsize_t](repeating: 0, count: shape.count)
        var extent = shape.map { hsize_t($0) }
        let rowBytes = rowLength * Int(H5Tget_size(memType))
        var runStart = 0
        for k in 1...rows.count where k == rows.count || rows[k] != rows[k - 1] + 1 {
            start[0] = hsize_t(rows[runStart])
            extent[0] = hsize_t(k - runStart)
            try H5.check(
                H5Sselect_hyperslab(fileSpace, H5S_SELECT_SET, start, nil, extent, nil), file.path,
                name, "select rows")
            let memSpace = try H5.check(
                H5Screate_simple(Int32(extent.count), extent, nil), file.path, name,
                "create memory dataspace")
            let status = H5Dread(
                id, memType, memSpace, fileSpace, hmf_h5p_default(), buffer + runStart * rowBytes)
            H5Sclose(memSpace)
            guard status >= 0 else { return status }
            runStart = k
        }
        return 0
    }
}
