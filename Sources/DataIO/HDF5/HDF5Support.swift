internal import CHDF5
internal import CHDF5Shim
import Foundation

/// Internal helpers shared by the HDF5 types: error handling, dataspaces and string I/O.
enum H5 {
    /// Silences HDF5's automatic error printing on this thread; call before any HDF5 work.
    static func prepare() {
        hmf_h5_silence_errors()
    }

    /// The most specific message on this thread's HDF5 error stack.
    static func lastError() -> String {
        var buffer = [CChar](repeating: 0, count: 512)
        let found = buffer.withUnsafeMutableBufferPointer {
            hmf_h5_last_error($0.baseAddress, $0.count)
        }
        guard found != 0 else { return "no further detail from libhdf5" }
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A typed error for a failed HDF5 call.
    static func failure(_ path: String, _ item: String, _ operation: String) -> DataIOError {
        .hdf5(path: path, item: item, operation: operation, message: lastError())
    }

    /// Throws when an identifier-returning call failed.
    @discardableResult
    static func check(_ id: hid_t, _ path: String, _ item: String, _ operation: String)
        throws(DataIOError) -> hid_t
    {
        guard id >= 0 else { throw failure(path, item, operation) }
        return id
    }

    /// Throws when a status-returning call failed.
    static func check(_ status: herr_t, _ path: String, _ item: String, _ operation: String)
        throws(DataIOError)
    {
        guard status >= 0 else { throw failure(path, item, operation) }
    }

    /// The extents of a dataspace.
    static func extents(of space: hid_t, _ path: String, _ item: String) throws(DataIOError)
        -> [Int]
    {
        let rank = H5Sget_simple_extent_ndims(space)
        guard rank >= 0 else { throw failure(path, item, "get dataspace rank") }
        var dims = [hsize_t](repeating: 0, count: Int(rank))
        var limits = [hsize_t](repeating: 0, count: Int(rank))
        if rank > 0 {
            try check(
                H5Sget_simple_extent_dims(space, &dims, &limits), path, item,
                "get dataspace extents")
        }
        // A damaged header can claim any extent; libhdf5 1.10 opens such a dataset and would then read
        // past its storage.
        var count = 1
        for (dim, limit) in zip(dims, limits) {
            guard limit == hsize_t.max || dim <= limit else {
                throw .corrupt(
                    path: path, item: item,
                    reason:
                        "its extent \(dim) exceeds the dataspace's maximum \(limit) (a damaged header)"
                )
            }
            guard dim <= hsize_t(Int.max),
                case (let product, false) = count.multipliedReportingOverflow(by: Int(dim))
            else {
                throw .corrupt(
                    path: path, item: item,
                    reason:
                        "its shape \(dims) has more values than can be addressed (a damaged header)"
                )
            }
            count = product
        }
        return dims.map { Int($0) }
    }

    /// A new simple dataspace (scalar when `shape` is empty). The caller closes it.
    static func makeSpace(_ shape: [Int], _ path: String, _ item: String) throws(DataIOError)
        -> hid_t
    {
        if shape.isEmpty {
            return try check(H5Screate(H5S_SCALAR), path, item, "create scalar dataspace")
        }
        let dims = shape.map { hsize_t($0) }
        return try check(
            H5Screate_simple(Int32(dims.count), dims, nil), path, item, "create dataspace")
    }

    /// A memory type for UTF-8 (or ASCII) strings: variable length, or fixed `size` bytes. The caller closes it.
    static func stringType(variableLength: Bool, size: Int = 1, utf8: Bool = true) -> hid_t {
        let type = H5Tcopy(hmf_h5t_c_s1())
        if variableLength {
            H5Tset_size(type, hmf_h5t_variable())
        } else {
            H5Tset_size(type, max(size, 1))
            H5Tset_strpad(type, H5T_STR_NULLPAD)
        }
        H5Tset_cset(type, utf8 ? H5T_CSET_UTF8 : H5T_CSET_ASCII)
        return type
    }

    /// Reads `count` strings stored with `fileType` through `read(memType, buffer)`; `space` describes
    /// the elements read (needed to free variable-length memory).
    static func readStrings(
        count: Int, fileType: hid_t, space: hid_t, _ path: String, _ item: String,
        read: (hid_t, UnsafeMutableRawPointer) -> herr_t
    ) throws(DataIOError) -> [String] {
        guard count > 0 else { return [] }
        let utf8 = H5Tget_cset(fileType) == H5T_CSET_UTF8
        if H5Tis_variable_str(fileType) > 0 {
            let memType = stringType(variableLength: true, utf8: utf8)
            defer { H5Tclose(memType) }
            var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
            // invariant: count > 0
            let status = pointers.withUnsafeMutableBytes { read(memType, $0.baseAddress!) }
            try check(status, path, item, "read strings")
            let strings = pointers.map { $0.map { String(cString: $0) } ?? "" }
            _ = pointers.withUnsafeMutableBytes { hmf_h5_reclaim(memType, space, $0.baseAddress!) }
            return strings
        }
        let size = Int(H5Tget_size(fileType))
        guard size > 0 else {
            throw DataIOError.corrupt(
                path: path, item: item, reason: "fixed-length string type of size 0")
        }
        let spacePadded = H5Tget_strpad(fileType) == H5T_STR_SPACEPAD
        let memType = H5Tcopy(fileType)
        defer { H5Tclose(memType) }
        var bytes = [UInt8](repeating: 0, count: count * size)
        // invariant: count * size > 0
        let status = bytes.withUnsafeMutableBytes { read(memType, $0.baseAddress!) }
        try check(status, path, item, "read strings")
        return (0..<count).map { i in
            var field = bytes[(i * size)..<((i + 1) * size)].prefix { $0 != 0 }
            if spacePadded { while field.last == 0x20 { field = field.dropLast() } }
            return String(decoding: field, as: UTF8.self)
        }
    }

    /// Writes strings as variable-length UTF-8 through `write(memType, buffer)`.
    static func writeStrings(
        _ strings: [String], _ path: String, _ item: String,
        write: (hid_t, UnsafeRawPointer) -> herr_t
    ) throws(DataIOError) {
        guard !strings.isEmpty else { return }
        let memType = stringType(variableLength: true)
        defer { H5Tclose(memType) }
        let copies: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        defer { for copy in copies { free(copy) } }
        // invariant: non-empty
        let status = copies.withUnsafeBytes { write(memType, $0.baseAddress!) }
        try check(status, path, item, "write strings")
    }
}
