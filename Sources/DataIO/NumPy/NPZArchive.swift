import Foundation
public import HMFCore
import RHMF
internal import ZIPFoundation

/// How the entries of a written `.npz` archive are stored.
public enum NPZCompression: Sendable {
    /// Uncompressed, as `np.savez` writes.
    case stored
    /// Deflate-compressed, as `np.savez_compressed` writes.
    case deflated
}

/// A NumPy `.npz` archive: named arrays in a ZIP file, one `.npy` entry per array.
///
/// Reading accepts stored and deflated entries; names are the entry names without `.npy`,
/// exactly the keys `np.load(path)` shows.
public struct NPZArchive: Sendable, Equatable {
    /// The file this archive was read from (empty for a new archive).
    public private(set) var path: String
    /// Array names in archive order.
    public private(set) var names: [String]
    private var arrays: [String: NPYArray]

    /// An empty archive, to fill with `archive["name"] = array` and save with `write(to:)`.
    public init() {
        path = ""
        names = []
        arrays = [:]
    }

    /// The array called `name`, or nil. Setting appends a new name or replaces an existing array.
    public subscript(name: String) -> NPYArray? {
        get { arrays[name] }
        set {
            if let newValue {
                if arrays[name] == nil { names.append(name) }
                arrays[name] = newValue
            } else if arrays.removeValue(forKey: name) != nil {
                names.removeAll { $0 == name }
            }
        }
    }

    /// The array called `name`.
    /// - Throws: `.missingItem` naming the archive and the entry.
    public func array(_ name: String) throws(DataIOError) -> NPYArray {
        guard let array = arrays[name] else { throw .missingItem(path: path, item: name) }
        return array
    }

    /// A numeric 1-D or 2-D entry as a `Matrix` (errors name the archive and the entry).
    public func matrix(_ name: String) throws(DataIOError) -> Matrix {
        do { return try array(name).matrix() } catch { throw error.located(path: path, item: name) }
    }

    /// A numeric entry as `Double` values with its shape.
    public func doubles(_ name: String) throws(DataIOError) -> DenseArray<Double> {
        do { return try array(name).doubles() } catch {
            throw error.located(path: path, item: name)
        }
    }

    /// A scalar integer entry (such as robusta-hmf's `it`).
    public func scalarInt(_ name: String) throws(DataIOError) -> Int64 {
        do { return try array(name).scalarInt() } catch {
            throw error.located(path: path, item: name)
        }
    }

    /// Reads every `.npy` entry of the archive at `path`.
    /// - Throws: `.fileNotFound`, `.corrupt` (not a ZIP file, bad checksum, truncated, a bad `.npy` entry),
    ///   `.unsupported` (an entry with an unsupported dtype).
    public static func read(path: String) throws(DataIOError) -> NPZArchive {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .fileNotFound(path: path)
        }
        guard !isDirectory.boolValue else {
            throw .cannotAccess(path: path, reason: "is a directory")
        }
        let zip: Archive
        do {
            zip = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw .corrupt(
                path: path, item: "", reason: "not a readable ZIP (.npz) archive: \(error)")
        }
        var result = NPZArchive()
        result.path = path
        for entry in zip where entry.type == .file && entry.path.hasSuffix(".npy") {
            let name = String(entry.path.dropLast(4))
            var data = Data()
            data.reserveCapacity(Int(clamping: entry.uncompressedSize))
            let checksum: UInt32
            do {
                checksum = try zip.extract(entry, skipCRC32: false) { data.append($0) }
            } catch {
                throw .corrupt(
                    path: path, item: name, reason: "cannot extract entry '\(entry.path)': \(error)"
                )
            }
            guard checksum == entry.checksum else {
                throw .corrupt(
                    path: path, item: name,
                    reason: "entry '\(entry.path)' fails its CRC-32 check (damaged archive)")
            }
            result[name] = try NPYFormat.decode(data, path: path, item: name)
        }
        return result
    }

    /// Writes the archive to `path` (atomically), readable by `np.load`.
    public func write(
        to path: String, compression: NPZCompression = .stored,
        options: NPYWriteOptions = NPYWriteOptions()
    ) throws(DataIOError) {
        let temporary = FileAccess.siblingTemporary(of: path)
        do {
            let zip: Archive
            do {
                zip = try Archive(url: URL(fileURLWithPath: temporary), accessMode: .create)
            } catch {
                throw DataIOError.cannotAccess(
                    path: path, reason: "cannot create archive: \(error)")
            }
            for name in names {
                guard let array = arrays[name] else { continue }
                let data = try NPYFormat.encode(array, options: options, path: path, item: name)
                do {
                    try zip.addEntry(
                        with: name + ".npy", type: .file, uncompressedSize: Int64(data.count),
                        compressionMethod: compression == .deflated ? .deflate : .none
                    ) { position, size in
                        let start = Int(position)
                        return data.subdata(in: start..<min(start + size, data.count))
                    }
                } catch {
                    throw DataIOError.cannotAccess(
                        path: path, reason: "cannot write entry '\(name).npy': \(error)")
                }
            }
        } catch let error as DataIOError {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw .cannotAccess(path: path, reason: "\(error)")
        }
        try FileAccess.replace(path, with: temporary)
    }
}
