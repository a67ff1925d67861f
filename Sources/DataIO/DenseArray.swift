public import HMFCore
import RHMF

/// An n-dimensional array of values in row-major (C) order: the last index varies fastest.
///
/// This is what the HDF5 and NumPy readers return. A rank-0 array (`shape == []`) holds one value.
public struct DenseArray<Element: Sendable>: Sendable {
    /// Extent of each dimension.
    public var shape: [Int]
    /// `shape.reduce(1, *)` values, row-major.
    public var values: [Element]

    /// An array over existing values.
    /// - Throws: `DataIOError.invalidArgument` when `values.count` does not match `shape`.
    public init(shape: [Int], values: [Element]) throws(DataIOError) {
        guard shape.allSatisfy({ $0 >= 0 }), Self.count(of: shape) == values.count else {
            throw .invalidArgument(
                path: "", item: "",
                reason: "shape \(shape) needs \(Self.count(of: shape)) values, got \(values.count)")
        }
        self.shape = shape
        self.values = values
    }

    /// A 1-D array.
    public init(_ values: [Element]) {
        self.shape = [values.count]
        self.values = values
    }

    /// Internal initialiser for callers that have already checked the shape.
    init(checkedShape shape: [Int], values: [Element]) {
        self.shape = shape
        self.values = values
    }

    /// Number of dimensions.
    public var rank: Int { shape.count }

    /// Number of elements.
    public var count: Int { values.count }

    /// Product of the extents (1 for a scalar).
    static func count(of shape: [Int]) -> Int {
        shape.reduce(1) { $0 &* max($1, 0) }
    }
}

extension DenseArray: Equatable where Element: Equatable {}

extension DenseArray where Element: BinaryFloatingPoint {
    /// The array as a `Matrix` of `Double`: rank 2 as is, rank 1 as a single column.
    /// - Throws: `DataIOError.wrongShape` for other ranks.
    public func matrix() throws(DataIOError) -> Matrix {
        let doubles = values.map { Double($0) }
        return try DenseArray.makeMatrix(shape: shape, doubles: doubles)
    }
}

extension DenseArray where Element == Int64 {
    /// The array as a `Matrix` of `Double` (rank 2 as is, rank 1 as a single column).
    public func matrix() throws(DataIOError) -> Matrix {
        try DenseArray.makeMatrix(shape: shape, doubles: values.map { Double($0) })
    }
}

extension DenseArray {
    static func makeMatrix(shape: [Int], doubles: [Double]) throws(DataIOError) -> Matrix {
        let rows: Int
        let cols: Int
        switch shape.count {
        case 2: (rows, cols) = (shape[0], shape[1])
        case 1: (rows, cols) = (shape[0], 1)
        default:
            throw .wrongShape(path: "", item: "", expected: "a 1-D or 2-D array", found: "\(shape)")
        }
        do {
            return try Matrix(rows: rows, cols: cols, elements: doubles)
        } catch {
            throw .wrongShape(
                path: "", item: "", expected: "\(rows) x \(cols)", found: "\(doubles.count) values")
        }
    }
}

extension DenseArray where Element == Double {
    /// A rank-2 array holding the elements of `matrix`.
    public init(_ matrix: Matrix) {
        self.init(checkedShape: [matrix.rows, matrix.cols], values: matrix.elements)
    }
}

extension DataIOError {
    /// The same error with an empty `path`/`item` filled in, so low-level helpers can throw
    /// before they know which file they were working on.
    func located(path: String, item: String) -> DataIOError {
        switch self {
        case .invalidArgument(let p, let i, let r):
            return .invalidArgument(
                path: p.isEmpty ? path : p, item: i.isEmpty ? item : i, reason: r)
        case .wrongShape(let p, let i, let e, let f):
            return .wrongShape(
                path: p.isEmpty ? path : p, item: i.isEmpty ? item : i, expected: e, found: f)
        case .corrupt(let p, let i, let r):
            return .corrupt(path: p.isEmpty ? path : p, item: i.isEmpty ? item : i, reason: r)
        case .wrongType(let p, let i, let e, let f):
            return .wrongType(
                path: p.isEmpty ? path : p, item: i.isEmpty ? item : i, expected: e, found: f)
        case .unsupported(let p, let i, let r):
            return .unsupported(path: p.isEmpty ? path : p, item: i.isEmpty ? item : i, reason: r)
        default:
            return self
        }
    }
}
