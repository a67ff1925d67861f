internal import CHDF5
internal import CHDF5Shim

/// The value of an HDF5 attribute: a number, text, or a 1-D list of either.
package enum HDF5AttributeValue: Sendable, Equatable {
    case integer(Int64)
    case double(Double)
    case string(String)
    case integers([Int64])
    case doubles([Double])
    case strings([String])

    /// The value as an integer, when it is one.
    public var integerValue: Int64? {
        if case .integer(let v) = self { return v }
        return nil
    }

    /// The value as a number (integers converted), when it is one.
    public var doubleValue: Double? {
        switch self {
        case .double(let v): return v
        case .integer(let v): return Double(v)
        default: return nil
        }
    }

    /// The value as text, when it is text.
    public var stringValue: String? {
        if case .string(let v) = self { return v }
        return nil
    }
}

extension HDF5File {
    /// Sets attribute `name` on the object at `object` (`"/"` is the file's root group), replacing any
    /// existing attribute of that name. Text is stored as variable-length UTF-8, as h5py does.
    public func setAttribute(_ name: String, _ value: HDF5AttributeValue, on object: String = "/")
        throws(DataIOError)
    {
        let file = try openID()
        let item = Self.itemName(object, name)
        guard isWritable else {
            throw .cannotAccess(
                path: path, reason: "file is open read-only; cannot write attribute \(item)")
        }
        guard object == "/" || contains(object) else {
            throw .missingItem(path: path, item: object)
        }
        if H5Aexists_by_name(file, object, name, hmf_h5p_default()) > 0 {
            try H5.check(
                H5Adelete_by_name(file, object, name, hmf_h5p_default()), path, item,
                "delete attribute")
        }
        let shape: [Int]
        let type: hid_t
        var ownsType = false
        switch value {
        case .integer: (shape, type) = ([], hmf_h5t_native_int64())
        case .double: (shape, type) = ([], hmf_h5t_native_double())
        case .string: (shape, type, ownsType) = ([], H5.stringType(variableLength: true), true)
        case .integers(let v): (shape, type) = ([v.count], hmf_h5t_native_int64())
        case .doubles(let v): (shape, type) = ([v.count], hmf_h5t_native_double())
        case .strings(let v):
            (shape, type, ownsType) = ([v.count], H5.stringType(variableLength: true), true)
        }
        defer { if ownsType { H5Tclose(type) } }
        let space = try H5.makeSpace(shape, path, item)
        defer { H5Sclose(space) }
        let attribute = try H5.check(
            H5Acreate_by_name(
                file, object, name, type, space, hmf_h5p_default(), hmf_h5p_default(),
                hmf_h5p_default()), path, item, "create attribute")
        defer { H5Aclose(attribute) }
        switch value {
        case .integer(let v): try writeNumbers([v], attribute, type, item)
        case .double(let v): try writeNumbers([v], attribute, type, item)
        case .integers(let v): try writeNumbers(v, attribute, type, item)
        case .doubles(let v): try writeNumbers(v, attribute, type, item)
        case .string(let v): try H5.writeStrings([v], path, item) { H5Awrite(attribute, $0, $1) }
        case .strings(let v): try H5.writeStrings(v, path, item) { H5Awrite(attribute, $0, $1) }
        }
    }

    /// Reads attribute `name` of the object at `object` (`"/"` is the root group).
    /// - Throws: `.missingItem` when absent, `.unsupported` for types other than numbers and text
    ///   or for attributes of more than one dimension.
    public func attribute(_ name: String, on object: String = "/") throws(DataIOError)
        -> HDF5AttributeValue
    {
        let file = try openID()
        let item = Self.itemName(object, name)
        guard object == "/" || contains(object),
            H5Aexists_by_name(file, object, name, hmf_h5p_default()) > 0
        else {
            throw .missingItem(path: path, item: item)
        }
        let attribute = try H5.check(
            H5Aopen_by_name(file, object, name, hmf_h5p_default(), hmf_h5p_default()),
            path, item, "open attribute")
        defer { H5Aclose(attribute) }
        let fileType = try H5.check(H5Aget_type(attribute), path, item, "get attribute type")
        defer { H5Tclose(fileType) }
        let space = try H5.check(H5Aget_space(attribute), path, item, "get attribute dataspace")
        defer { H5Sclose(space) }
        let shape = try H5.extents(of: space, path, item)
        guard shape.count <= 1 else {
            throw .unsupported(
                path: path, item: item,
                reason: "attribute of shape \(shape); only scalars and 1-D lists are read")
        }
        let count = shape.first ?? 1
        let scalar = shape.isEmpty
        let stored = HDF5DataType(typeID: fileType)
        switch stored {
        case .string:
            let v = try H5.readStrings(count: count, fileType: fileType, space: space, path, item) {
                H5Aread(attribute, $0, $1)
            }
            return scalar ? .string(v.first ?? "") : .strings(v)
        case .integer:
            let v: [Int64] = try readNumbers(count, attribute, hmf_h5t_native_int64(), item)
            return scalar ? .integer(v.first ?? 0) : .integers(v)
        case .float:
            let v: [Double] = try readNumbers(count, attribute, hmf_h5t_native_double(), item)
            return scalar ? .double(v.first ?? 0) : .doubles(v)
        case .other(let kind):
            throw .unsupported(path: path, item: item, reason: "attribute of type \(kind)")
        }
    }

    /// Names of the attributes of the object at `object`, sorted.
    public func attributeNames(on object: String = "/") throws(DataIOError) -> [String] {
        let file = try openID()
        guard object == "/" || contains(object) else {
            throw .missingItem(path: path, item: object)
        }
        let handle = try H5.check(
            H5Oopen(file, object, hmf_h5p_default()), path, object, "open object")
        defer { H5Oclose(handle) }
        let count = H5Aget_num_attrs(handle)
        guard count >= 0 else { throw H5.failure(path, object, "count attributes") }
        var names: [String] = []
        for index in 0..<Int(count) {
            let attribute = try H5.check(
                H5Aopen_by_idx(
                    handle, ".", H5_INDEX_NAME, H5_ITER_INC, hsize_t(index),
                    hmf_h5p_default(), hmf_h5p_default()), path, object, "open attribute")
            defer { H5Aclose(attribute) }
            let length = H5Aget_name(attribute, 0, nil)
            guard length >= 0 else { throw H5.failure(path, object, "get attribute name") }
            var buffer = [CChar](repeating: 0, count: Int(length) + 1)
            H5Aget_name(attribute, buffer.count, &buffer)
            names.append(
                String(
                    decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self
                ))
        }
        return names.sorted()
    }

    private static func itemName(_ object: String, _ name: String) -> String {
        object == "/" ? "@\(name)" : "\(object)@\(name)"
    }

    private func writeNumbers<T: BitwiseCopyable>(
        _ values: [T], _ attribute: hid_t, _ type: hid_t, _ item: String
    ) throws(DataIOError) {
        guard !values.isEmpty else { return }
        let status = values.withUnsafeBytes { H5Awrite(attribute, type, $0.baseAddress) }
        try H5.check(status, path, item, "write attribute")
    }

    private func readNumbers<T: BitwiseCopyable & Numeric>(
        _ count: Int, _ attribute: hid_t, _ type: hid_t,
        _ item: String
    ) throws(DataIOError) -> [T] {
        guard count > 0 else { return [] }
        var values = [T](repeating: 0, count: count)
        let status = values.withUnsafeMutableBytes { H5Aread(attribute, type, $0.baseAddress) }
        try H5.check(status, path, item, "read attribute")
        return values
    }
}

extension HDF5Dataset {
    /// Reads attribute `name` of this dataset.
    public func attribute(_ name: String) throws(DataIOError) -> HDF5AttributeValue {
        try file.attribute(name, on: self.name)
    }

    /// Sets attribute `name` on this dataset.
    public func setAttribute(_ name: String, _ value: HDF5AttributeValue) throws(DataIOError) {
        try file.setAttribute(name, value, on: self.name)
    }
}
