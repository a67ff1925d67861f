import Foundation

/// Byte order of multi-byte elements in a written `.npy` file.
public enum NPYByteOrder: Sendable {
    case little, big
}

/// How to write a `.npy` file.
public struct NPYWriteOptions: Sendable {
    /// Byte order of the stored elements (NumPy reads either).
    public var byteOrder: NPYByteOrder
    /// Store column-major (`fortran_order: True`) instead of row-major.
    public var fortranOrder: Bool
    /// Header version 1, 2 or 3; `nil` writes 1 unless the header is too long for it, as NumPy does.
    public var version: Int?

    public init(byteOrder: NPYByteOrder = .little, fortranOrder: Bool = false, version: Int? = nil)
    {
        self.byteOrder = byteOrder
        self.fortranOrder = fortranOrder
        self.version = version
    }
}

/// Reading and writing NumPy `.npy` files: float32, float64, int32, int64, bool and strings, either
/// byte order, C or Fortran order, header versions 1 to 3. Arrays are returned in row-major order.
public enum NPYFormat {
    /// Reads a `.npy` file.
    /// - Throws: `.fileNotFound`, `.corrupt` (bad magic, malformed header, truncated data), `.unsupported` (other dtypes).
    public static func read(path: String) throws(DataIOError) -> NPYArray {
        let data = try FileAccess.read(path)
        return try decode(data, path: path)
    }

    /// Writes `array` to a `.npy` file (atomically: a reader never sees a half-written file).
    public static func write(
        _ array: NPYArray, to path: String, options: NPYWriteOptions = NPYWriteOptions()
    ) throws(DataIOError) {
        let bytes = try encode(array, options: options, path: path)
        try FileAccess.write(bytes, to: path)
    }

    /// Decodes the bytes of a `.npy` file; `path` and `item` name the source in errors.
    public static func decode(_ data: Data, path: String, item: String = "") throws(DataIOError)
        -> NPYArray
    {
        let result = data.withUnsafeBytes {
            (raw: UnsafeRawBufferPointer) -> Result<NPYArray, DataIOError> in
            do throws(DataIOError) {
                let (header, offset) = try NPYHeader.parse(raw)
                return .success(
                    try decodeBody(header, UnsafeRawBufferPointer(rebasing: raw[offset...])))
            } catch {
                return .failure(error)
            }
        }
        do {
            return try result.get()
        } catch {
            throw error.located(path: path, item: item)
        }
    }

    /// Encodes `array` as the bytes of a `.npy` file.
    public static func encode(
        _ array: NPYArray, options: NPYWriteOptions = NPYWriteOptions(),
        path: String = "", item: String = ""
    ) throws(DataIOError) -> Data {
        let big = options.byteOrder == .big
        var header = NPYHeader(
            kind: "f", itemSize: 8, bigEndian: big, fortranOrder: options.fortranOrder,
            shape: array.shape)
        let body: [UInt8]
        func reorder<T>(_ a: DenseArray<T>) -> [T] {
            options.fortranOrder ? MemoryOrder.toFortran(a.values, shape: a.shape) : a.values
        }
        switch array {
        case .float32(let a):
            (header.kind, header.itemSize) = ("f", 4)
            body = bytes(
                of: reorder(a).map { big ? $0.bitPattern.bigEndian : $0.bitPattern.littleEndian })
        case .float64(let a):
            (header.kind, header.itemSize) = ("f", 8)
            body = bytes(
                of: reorder(a).map { big ? $0.bitPattern.bigEndian : $0.bitPattern.littleEndian })
        case .int32(let a):
            (header.kind, header.itemSize) = ("i", 4)
            body = bytes(of: reorder(a).map { big ? $0.bigEndian : $0.littleEndian })
        case .int64(let a):
            (header.kind, header.itemSize) = ("i", 8)
            body = bytes(of: reorder(a).map { big ? $0.bigEndian : $0.littleEndian })
        case .bool(let a):
            (header.kind, header.itemSize) = ("b", 1)
            body = reorder(a).map { $0 ? 1 : 0 }
        case .string(let a):
            let scalars = reorder(a).map { Array($0.unicodeScalars) }
            let width = max(1, scalars.map(\.count).max() ?? 1)
            (header.kind, header.itemSize) = ("U", width * 4)
            var out = [UInt8]()
            out.reserveCapacity(scalars.count * width * 4)
            for s in scalars {
                for k in 0..<width {
                    let v = k < s.count ? s[k].value : 0
                    out += bytes(of: [big ? v.bigEndian : v.littleEndian])
                }
            }
            body = out
        }
        do {
            return Data(try header.encoded(version: options.version) + body)
        } catch {
            throw error.located(path: path, item: item)
        }
    }

    // MARK: Element decoding

    private static func bytes<T: BitwiseCopyable>(of values: [T]) -> [UInt8] {
        values.withUnsafeBytes { Array($0) }
    }

    private static func decodeBody(_ header: NPYHeader, _ body: UnsafeRawBufferPointer)
        throws(DataIOError) -> NPYArray
    {
        let (count, overflow) = header.shape.reduce((1, false)) { acc, d in
            let (p, o) = acc.0.multipliedReportingOverflow(by: d)
            return (p, acc.1 || o)
        }
        let (needed, overflow2) = count.multipliedReportingOverflow(by: header.itemSize)
        guard !overflow, !overflow2 else {
            throw .corrupt(path: "", item: "", reason: "shape \(header.shape) is impossibly large")
        }
        guard body.count >= needed else {
            throw .corrupt(
                path: "", item: "",
                reason:
                    "data truncated: shape \(header.shape) of \(header.descr) needs \(needed) bytes, found \(body.count)"
            )
        }
        let swap = header.bigEndian
        func order<T>(_ values: [T]) -> DenseArray<T> {
            let c =
                header.fortranOrder ? MemoryOrder.fromFortran(values, shape: header.shape) : values
            return DenseArray(checkedShape: header.shape, values: c)
        }
        switch (header.kind, header.itemSize) {
        case ("f", 4):
            let bits: [UInt32] = load(body, count, swap: swap)
            return .float32(order(bits.map { Float(bitPattern: $0) }))
        case ("f", 8):
            let bits: [UInt64] = load(body, count, swap: swap)
            return .float64(order(bits.map { Double(bitPattern: $0) }))
        case ("i", 4):
            let values: [Int32] = load(body, count, swap: swap)
            return .int32(order(values))
        case ("i", 8):
            let values: [Int64] = load(body, count, swap: swap)
            return .int64(order(values))
        case ("b", 1):
            return .bool(order((0..<count).map { body[$0] != 0 }))
        case ("U", _):
            let width = header.itemSize / 4
            let units: [UInt32] = load(body, count * width, swap: swap)
            var strings: [String] = []
            strings.reserveCapacity(count)
            for i in 0..<count {
                var s = String.UnicodeScalarView()
                for v in units[(i * width)..<((i + 1) * width)] where v != 0 {
                    guard let scalar = Unicode.Scalar(v) else {
                        throw .corrupt(
                            path: "", item: "",
                            reason: "invalid unicode code point \(v) in string element \(i)")
                    }
                    s.append(scalar)
                }
                strings.append(String(s))
            }
            return .string(order(strings))
        case ("S", let width):
            let strings = (0..<count).map { i in
                String(
                    decoding: UnsafeRawBufferPointer(
                        rebasing: body[(i * width)..<((i + 1) * width)]
                    ).prefix { $0 != 0 },
                    as: UTF8.self)
            }
            return .string(order(strings))
        default:
            throw .unsupported(path: "", item: "", reason: "dtype '\(header.descr)'")
        }
    }

    /// Copies `count` fixed-width integers out of possibly unaligned bytes, swapping from big-endian if asked.
    private static func load<T: FixedWidthInteger>(
        _ body: UnsafeRawBufferPointer, _ count: Int, swap: Bool
    ) -> [T] {
        guard count > 0, let base = body.baseAddress else { return [] }
        var values = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            UnsafeMutableRawPointer(buffer.baseAddress!).copyMemory(
                from: base, byteCount: count * MemoryLayout<T>.stride)  // invariant: count > 0
            initialized = count
        }
        if swap {
            for k in values.indices { values[k] = T(bigEndian: values[k]) }
        } else {
            for k in values.indices { values[k] = T(littleEndian: values[k]) }
        }
        return values
    }
}

/// Conversion between row-major (C) and column-major (Fortran) element order.
enum MemoryOrder {
    /// Reorders column-major values of `shape` into row-major order.
    static func fromFortran<T>(_ values: [T], shape: [Int]) -> [T] {
        permute(values, shape: shape, toFortran: false)
    }

    /// Reorders row-major values of `shape` into column-major order.
    static func toFortran<T>(_ values: [T], shape: [Int]) -> [T] {
        permute(values, shape: shape, toFortran: true)
    }

    private static func permute<T>(_ values: [T], shape: [Int], toFortran: Bool) -> [T] {
        guard shape.count > 1, !values.isEmpty else { return values }
        // Column-major strides: stride[j] = product of extents before j.
        var fStride = [Int](repeating: 1, count: shape.count)
        for j in 1..<shape.count { fStride[j] = fStride[j - 1] * shape[j - 1] }
        var result = [T]()
        result.reserveCapacity(values.count)
        var index = [Int](repeating: 0, count: shape.count)
        var mapping = [Int](repeating: 0, count: values.count)
        // Walk row-major order with an odometer; `offset` is the column-major position of the same element.
        for c in 0..<values.count {
            mapping[c] = zip(index, fStride).reduce(0) { $0 + $1.0 * $1.1 }
            var j = shape.count - 1
            while j >= 0 {
                index[j] += 1
                if index[j] < shape[j] { break }
                index[j] = 0
                j -= 1
            }
        }
        if toFortran {
            var out = values
            for c in 0..<values.count { out[mapping[c]] = values[c] }
            return out
        }
        for c in 0..<values.count { result.append(values[mapping[c]]) }
        return result
    }
}
