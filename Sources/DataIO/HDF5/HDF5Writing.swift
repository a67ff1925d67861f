internal import CHDF5
internal import CHDF5Shim
import HMFCore
import RHMF

/// How a dataset is laid out on disk.
package struct HDF5WriteOptions: Sendable, Equatable {
    /// Rows per chunk; `nil` picks about 512 KiB per chunk when chunking is needed.
    public var chunkRows: Int?
    /// gzip (deflate) level 1...9, or `nil` for no compression. Compression implies chunking.
    public var gzipLevel: Int?
    /// Apply the byte-shuffle filter before gzip (often shrinks floating-point data further).
    public var shuffle: Bool
    /// Store creation and modification times in the dataset's header (libhdf5's default). Without them, writing
    /// the same values twice gives byte-identical files (h5py's default is `track_times=False`).
    public var trackTimes: Bool

    /// Contiguous storage unless `chunkRows` or `gzipLevel` is given.
    public init(
        chunkRows: Int? = nil, gzipLevel: Int? = nil, shuffle: Bool = false, trackTimes: Bool = true
    ) {
        self.chunkRows = chunkRows
        self.gzipLevel = gzipLevel
        self.shuffle = shuffle
        self.trackTimes = trackTimes
    }

    /// Contiguous, uncompressed.
    public static let contiguous = HDF5WriteOptions()
    /// Chunked with gzip level 4 and shuffle: a good default for spectra.
    public static let compressed = HDF5WriteOptions(gzipLevel: 4, shuffle: true)

    var isChunked: Bool { chunkRows != nil || gzipLevel != nil || shuffle }
}

extension HDF5File {
    /// Creates a numeric dataset of `shape` (replacing any dataset of that name), to be filled with
    /// `HDF5Dataset.writeRows`. Intermediate groups in `name` are created.
    @discardableResult
    public func createDataset<T: HDF5Element>(
        _ name: String, of: T.Type, shape: [Int],
        options: HDF5WriteOptions = .contiguous
    ) throws(DataIOError) -> HDF5Dataset {
        try createDataset(name, type: T.hdf5Kind.nativeType, shape: shape, options: options)
        return try dataset(name)
    }

    /// Writes `array` as a dataset (replacing any dataset of that name).
    @discardableResult
    public func write<T: HDF5Element>(
        _ array: DenseArray<T>, to name: String,
        options: HDF5WriteOptions = .contiguous
    ) throws(DataIOError) -> HDF5Dataset {
        let dataset = try createDataset(name, of: T.self, shape: array.shape, options: options)
        guard !array.values.isEmpty else { return dataset }
        let status = array.values.withUnsafeBytes {
            H5Dwrite(
                dataset.id, T.hdf5Kind.nativeType, hmf_h5s_all(), hmf_h5s_all(), hmf_h5p_default(),
                $0.baseAddress)
        }
        try H5.check(status, path, name, "write")
        return dataset
    }

    /// Writes a 1-D dataset.
    @discardableResult
    public func write<T: HDF5Element>(
        _ values: [T], to name: String,
        options: HDF5WriteOptions = .contiguous
    ) throws(DataIOError) -> HDF5Dataset {
        try write(DenseArray(values), to: name, options: options)
    }

    /// Writes a matrix as a 2-D float64 dataset (rows x cols).
    @discardableResult
    public func write(_ matrix: Matrix, to name: String, options: HDF5WriteOptions = .contiguous)
        throws(DataIOError) -> HDF5Dataset
    {
        try write(DenseArray(matrix), to: name, options: options)
    }

    /// Writes text as a dataset of variable-length UTF-8 strings (what h5py writes for `str`).
    @discardableResult
    public func write(strings: DenseArray<String>, to name: String) throws(DataIOError)
        -> HDF5Dataset
    {
        let fileType = H5.stringType(variableLength: true)
        defer { H5Tclose(fileType) }
        try createDataset(name, type: fileType, shape: strings.shape, options: .contiguous)
        let dataset = try dataset(name)
        try H5.writeStrings(strings.values, path, name) { memType, buffer in
            H5Dwrite(dataset.id, memType, hmf_h5s_all(), hmf_h5s_all(), hmf_h5p_default(), buffer)
        }
        return dataset
    }

    /// Writes a 1-D text dataset.
    @discardableResult
    public func write(strings: [String], to name: String) throws(DataIOError) -> HDF5Dataset {
        try write(strings: DenseArray(strings), to: name)
    }

    /// Creates the dataset `name` with file type `type` (after removing any existing one).
    private func createDataset(_ name: String, type: hid_t, shape: [Int], options: HDF5WriteOptions)
        throws(DataIOError)
    {
        let file = try openID()
        guard isWritable else {
            throw .cannotAccess(
                path: path, reason: "file is open read-only; cannot write '\(name)'")
        }
        guard !name.isEmpty, shape.allSatisfy({ $0 >= 0 }) else {
            throw .invalidArgument(
                path: path, item: name,
                reason: "need a name and non-negative extents, got shape \(shape)")
        }
        if contains(name) { try remove(name) }
        let space = try H5.makeSpace(shape, path, name)
        defer { H5Sclose(space) }
        let linkProps = try H5.check(
            H5Pcreate(hmf_h5p_link_create()), path, name, "create link properties")
        defer { H5Pclose(linkProps) }
        H5Pset_create_intermediate_group(linkProps, 1)
        let createProps = try H5.check(
            H5Pcreate(hmf_h5p_dataset_create()), path, name, "create dataset properties")
        defer { H5Pclose(createProps) }
        if options.isChunked && !shape.isEmpty {
            let elementBytes = max(Int(H5Tget_size(type)), 1)
            let rowBytes = max(shape.dropFirst().reduce(elementBytes, *), 1)
            let rows = options.chunkRows ?? max(1, (512 << 10) / rowBytes)
            guard rows > 0 else {
                throw .invalidArgument(
                    path: path, item: name, reason: "chunkRows must be positive, got \(rows)")
            }
            var chunk = shape.map { hsize_t(max($0, 1)) }
            chunk[0] = hsize_t(min(rows, max(shape[0], 1)))
            try H5.check(
                H5Pset_chunk(createProps, Int32(chunk.count), chunk), path, name, "set chunking")
            if options.shuffle {
                try H5.check(H5Pset_shuffle(createProps), path, name, "set shuffle filter")
            }
            if let level = options.gzipLevel {
                guard (0...9).contains(level) else {
                    throw .invalidArgument(
                        path: path, item: name, reason: "gzip level must be 0...9, got \(level)")
                }
                try H5.check(
                    H5Pset_deflate(createProps, UInt32(level)), path, name, "set gzip filter")
            }
        }
        if !options.trackTimes {
            try H5.check(
                H5Pset_obj_track_times(createProps, false), path, name, "turn off time stamps")
        }
        let dataset = try H5.check(
            H5Dcreate2(file, name, type, space, linkProps, createProps, hmf_h5p_default()),
            path, name, "create dataset")
        H5Dclose(dataset)
    }
}

extension HDF5Dataset {
    /// Writes whole rows starting at row `start`; `values.count` must be a multiple of `rowLength`.
    public func writeRows<T: HDF5Element>(_ values: [T], startingAt start: Int) throws(DataIOError)
    {
        try values.withUnsafeBufferPointer { (buffer) throws(DataIOError) in
            try writeRows(buffer, startingAt: start)
        }
    }

    /// Writes whole rows from a buffer (no copy) starting at row `start`; `values.count` must be a multiple of
    /// `rowLength`.
    public func writeRows<T: HDF5Element>(_ values: UnsafeBufferPointer<T>, startingAt start: Int)
        throws(DataIOError)
    {
        guard file.isWritable else {
            throw .cannotAccess(
                path: file.path, reason: "file is open read-only; cannot write '\(name)'")
        }
        guard type.isNumeric else {
            throw .wrongType(
                path: file.path, item: name, expected: "a numeric dataset", found: type.description)
        }
        let width = rowLength
        guard width > 0, values.count % width == 0 else {
            throw .invalidArgument(
                path: file.path, item: name,
                reason: "\(values.count) values is not a whole number of rows of \(width)")
        }
        let rows = start..<(start + values.count / width)
        try checkRows(rows)
        guard !rows.isEmpty, let base = values.baseAddress else { return }
        _ = try file.openID()
        let status = try withRowSelection(rows) { memSpace, fileSpace in
            H5Dwrite(id, T.hdf5Kind.nativeType, memSpace, fileSpace, hmf_h5p_default(), base)
        }
        try H5.check(status, file.path, name, "write rows \(rows.lowerBound)..<\(rows.upperBound)")
    }
}
