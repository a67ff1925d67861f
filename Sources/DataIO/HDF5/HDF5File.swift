internal import CHDF5
internal import CHDF5Shim
import Foundation
import HMFCore

/// An open HDF5 file.
///
/// The file closes when the last reference to it (including datasets opened from it) goes away,
/// or earlier with `close()`. libhdf5 here is a thread-safe build, so separate files may be used
/// from separate threads.
package final class HDF5File {
    /// How to open an existing file.
    package enum Mode: Sendable {
        /// Read only; other processes may read the file at the same time.
        case readOnly
        /// Read and write existing datasets, and add new ones.
        case readWrite
    }

    /// The path the file was opened with.
    package let path: String
    /// Whether datasets can be written.
    package let isWritable: Bool
    /// The HDF5 file identifier (negative once closed).
    private(set) var id: hid_t

    private init(path: String, id: hid_t, writable: Bool) {
        self.path = path
        self.id = id
        self.isWritable = writable
    }

    /// Opens an existing file.
    /// - Throws: `.fileNotFound`, `.cannotAccess`, or `.corrupt` when it is not a readable HDF5 file.
    package convenience init(path: String, mode: Mode = .readOnly) throws(DataIOError) {
        H5.prepare()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .fileNotFound(path: path)
        }
        guard !isDirectory.boolValue else {
            throw .cannotAccess(path: path, reason: "is a directory")
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw .cannotAccess(path: path, reason: "permission denied")
        }
        let signature = H5Fis_hdf5(path)
        if signature == 0 {
            throw .corrupt(
                path: path, item: "", reason: "not an HDF5 file (no HDF5 signature found)")
        }
        let flags = mode == .readOnly ? hmf_h5f_acc_rdonly() : hmf_h5f_acc_rdwr()
        let id = H5Fopen(path, flags, hmf_h5p_default())
        guard id >= 0 else {
            let message = H5.lastError()
            if mode == .readWrite && !FileManager.default.isWritableFile(atPath: path) {
                throw .cannotAccess(path: path, reason: "not writable")
            }
            throw .corrupt(path: path, item: "", reason: "libhdf5 cannot open it: \(message)")
        }
        FileAccessLog.record(mode == .readWrite ? .write : .read, path)
        self.init(path: path, id: id, writable: mode == .readWrite)
    }

    /// Creates a new, empty file open for writing.
    /// - Parameter overwrite: replace an existing file (otherwise an existing file is an error).
    package static func create(path: String, overwrite: Bool = true) throws(DataIOError) -> HDF5File
    {
        H5.prepare()
        if !overwrite && FileManager.default.fileExists(atPath: path) {
            throw .cannotAccess(path: path, reason: "file exists and overwrite is false")
        }
        let flags = overwrite ? hmf_h5f_acc_trunc() : hmf_h5f_acc_excl()
        let id = H5Fcreate(path, flags, hmf_h5p_default(), hmf_h5p_default())
        guard id >= 0 else {
            throw .cannotAccess(path: path, reason: "cannot create HDF5 file: \(H5.lastError())")
        }
        FileAccessLog.record(.write, path)
        return HDF5File(path: path, id: id, writable: true)
    }

    deinit {
        if id >= 0 { H5Fclose(id) }
    }

    /// Flushes and closes the file. Datasets still open keep the underlying file open until they go away;
    /// further calls on this object throw.
    package func close() {
        if id >= 0 {
            H5.prepare()
            H5Fflush(id, H5F_SCOPE_LOCAL)
            H5Fclose(id)
            id = -1
        }
    }

    /// Writes buffered data to disk.
    package func flush() throws(DataIOError) {
        let file = try openID()
        try H5.check(H5Fflush(file, H5F_SCOPE_LOCAL), path, "", "flush")
    }

    /// The file identifier, or an error when the file was closed.
    func openID() throws(DataIOError) -> hid_t {
        H5.prepare()
        guard id >= 0 else { throw .cannotAccess(path: path, reason: "file was closed") }
        return id
    }

    /// Whether an object (dataset or group) exists at `name` (a slash-separated path from the root).
    package func contains(_ name: String) -> Bool {
        guard let file = try? openID() else { return false }
        var prefix = ""
        for part in name.split(separator: "/") {
            prefix += (prefix.isEmpty ? "" : "/") + part
            if H5Lexists(file, prefix, hmf_h5p_default()) <= 0 { return false }
        }
        return !prefix.isEmpty
    }

    /// Opens the dataset at `name` (a slash-separated path from the root, e.g. `"flux"`).
    /// - Throws: `.missingItem` when there is no such dataset.
    package func dataset(_ name: String) throws(DataIOError) -> HDF5Dataset {
        try HDF5Dataset(file: self, name: name)
    }

    /// Every dataset in the file (searching groups recursively), sorted by name, with shape and type.
    package func datasets() throws(DataIOError) -> [HDF5DatasetInfo] {
        let file = try openID()
        final class Names { var list: [String] = [] }
        let names = Names()
        let status = withExtendedLifetime(names) {
            hmf_h5_visit_links(
                file,
                { cPath, context in
                    guard let cPath, let context else { return }
                    Unmanaged<Names>.fromOpaque(context).takeUnretainedValue().list.append(
                        String(cString: cPath))
                }, Unmanaged.passUnretained(names).toOpaque())
        }
        try H5.check(status, path, "", "list objects")
        var result: [HDF5DatasetInfo] = []
        for name in names.list.sorted() where hmf_h5_is_dataset(file, name) == 1 {
            let dataset = try HDF5Dataset(file: self, name: name)
            result.append(HDF5DatasetInfo(name: name, shape: dataset.shape, type: dataset.type))
        }
        return result
    }

    /// Removes the link to the object at `name` (its space is not reclaimed until the file is repacked).
    package func remove(_ name: String) throws(DataIOError) {
        let file = try openID()
        guard contains(name) else { throw .missingItem(path: path, item: name) }
        try H5.check(H5Ldelete(file, name, hmf_h5p_default()), path, name, "delete")
    }
}
