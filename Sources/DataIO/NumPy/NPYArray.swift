public import HMFCore
import RHMF

/// An array read from or written to a NumPy `.npy` file (or an entry of an `.npz` archive),
/// holding one of the element types this module supports.
public enum NPYArray: Sendable, Equatable {
    case float32(DenseArray<Float>)
    case float64(DenseArray<Double>)
    case int32(DenseArray<Int32>)
    case int64(DenseArray<Int64>)
    case bool(DenseArray<Bool>)
    /// NumPy unicode strings (dtype `<U...`); byte strings (`|S...`) are read as UTF-8 into this case too.
    case string(DenseArray<String>)

    /// A float64 array of the elements of `matrix` (rows x cols).
    public init(_ matrix: Matrix) {
        self = .float64(DenseArray(matrix))
    }

    /// A rank-0 (scalar) int64 array, as NumPy stores a Python `int`.
    public static func scalar(_ value: Int64) -> NPYArray {
        .int64(DenseArray(checkedShape: [], values: [value]))
    }

    /// A rank-0 (scalar) float64 array.
    public static func scalar(_ value: Double) -> NPYArray {
        .float64(DenseArray(checkedShape: [], values: [value]))
    }

    /// A rank-0 (scalar) unicode string, as `np.savez(..., note="text")` stores it.
    public static func scalar(_ value: String) -> NPYArray {
        .string(DenseArray(checkedShape: [], values: [value]))
    }

    /// Extent of each dimension (empty for a scalar).
    public var shape: [Int] {
        switch self {
        case .float32(let a): return a.shape
        case .float64(let a): return a.shape
        case .int32(let a): return a.shape
        case .int64(let a): return a.shape
        case .bool(let a): return a.shape
        case .string(let a): return a.shape
        }
    }

    /// The NumPy name of the element type (`"float32"`, `"int64"`, `"bool"`, `"str"` ...).
    public var dtypeName: String {
        switch self {
        case .float32: return "float32"
        case .float64: return "float64"
        case .int32: return "int32"
        case .int64: return "int64"
        case .bool: return "bool"
        case .string: return "str"
        }
    }

    /// The values as `Double` (any numeric or boolean type).
    /// - Throws: `.wrongType` for strings.
    public func doubles() throws(DataIOError) -> DenseArray<Double> {
        switch self {
        case .float32(let a):
            return DenseArray(checkedShape: a.shape, values: a.values.map { Double($0) })
        case .float64(let a): return a
        case .int32(let a):
            return DenseArray(checkedShape: a.shape, values: a.values.map { Double($0) })
        case .int64(let a):
            return DenseArray(checkedShape: a.shape, values: a.values.map { Double($0) })
        case .bool(let a):
            return DenseArray(checkedShape: a.shape, values: a.values.map { $0 ? 1 : 0 })
        case .string:
            throw .wrongType(path: "", item: "", expected: "a numeric array", found: dtypeName)
        }
    }

    /// The values as `Int64` (integer or boolean types only, so nothing is silently truncated).
    /// - Throws: `.wrongType` for floating point and strings.
    public func int64s() throws(DataIOError) -> DenseArray<Int64> {
        switch self {
        case .int32(let a):
            return DenseArray(checkedShape: a.shape, values: a.values.map { Int64($0) })
        case .int64(let a): return a
        case .bool(let a):
            return DenseArray(checkedShape: a.shape, values: a.values.map { $0 ? 1 : 0 })
        default:
            throw .wrongType(path: "", item: "", expected: "an integer array", found: dtypeName)
        }
    }

    /// The strings of a string array.
    /// - Throws: `.wrongType` for numeric arrays.
    public func strings() throws(DataIOError) -> DenseArray<String> {
        guard case .string(let a) = self else {
            throw .wrongType(path: "", item: "", expected: "a string array", found: dtypeName)
        }
        return a
    }

    /// A numeric 1-D or 2-D array as a `Matrix` (a 1-D array becomes one column).
    public func matrix() throws(DataIOError) -> Matrix {
        try doubles().matrix()
    }

    /// The single value of a scalar (or one-element) integer array, e.g. robusta-hmf's `it`.
    public func scalarInt() throws(DataIOError) -> Int64 {
        let values = try int64s().values
        guard values.count == 1, let value = values.first else {
            throw .wrongShape(path: "", item: "", expected: "a scalar", found: "\(shape)")
        }
        return value
    }
}
