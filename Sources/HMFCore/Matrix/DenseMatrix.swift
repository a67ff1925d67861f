/// A dense row-major 2-D array whose shape is fixed when it is made.
///
/// Element `(i, j)` lives at flat index `i * cols + j`. The element storage is sealed: its count always equals
/// `rows * cols`, so pointers handed to BLAS or HDF5 (`withUnsafeBufferPointer`) always cover the whole shape.
/// `Matrix` (Double), `FloatMatrix` (Float) and `Mask` (Bool) are the element types the package uses.
public struct DenseMatrix<Element> {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let cols: Int
    @usableFromInline var storage: [Element]

    /// A matrix with every element equal to `value`.
    public init(rows: Int, cols: Int, repeating value: Element) {
        precondition(rows >= 0 && cols >= 0, "matrix dimensions must be non-negative")  // invariant
        self.rows = rows
        self.cols = cols
        storage = [Element](repeating: value, count: rows * cols)
    }

    /// A matrix over row-major `elements`.
    /// - Throws: `MatrixShapeError` when `elements.count != rows * cols` or a dimension is negative.
    public init(rows: Int, cols: Int, elements: [Element]) throws(MatrixShapeError) {
        guard rows >= 0, cols >= 0, elements.count == rows * cols else {
            throw MatrixShapeError(
                "a \(rows) x \(cols) matrix needs \(max(0, rows) * max(0, cols)) elements, got \(elements.count)"
            )
        }
        self.rows = rows
        self.cols = cols
        storage = elements
    }

    /// A matrix copying the row-major elements of `buffer`, which must hold exactly `rows * cols` of them.
    public init(rows: Int, cols: Int, copying buffer: UnsafeBufferPointer<Element>) {
        precondition(
            // invariant
            rows >= 0 && cols >= 0 && buffer.count == rows * cols, "buffer does not fill the shape")
        self.rows = rows
        self.cols = cols
        storage = Array(buffer)
    }

    /// A matrix from nested rows, which must all have the same length.
    public init(_ nested: [[Element]]) throws(MatrixShapeError) {
        let cols = nested.first?.count ?? 0
        if let bad = nested.firstIndex(where: { $0.count != cols }) {
            throw MatrixShapeError(
                "ragged rows: row 0 has \(cols) elements but row \(bad) has \(nested[bad].count)")
        }
        try self.init(rows: nested.count, cols: cols, elements: nested.flatMap { $0 })
    }

    /// A matrix whose element `(i, j)` is `body(i, j)`.
    @inlinable
    public init(rows: Int, cols: Int, _ body: (Int, Int) throws -> Element) rethrows {
        precondition(rows >= 0 && cols >= 0, "matrix dimensions must be non-negative")  // invariant
        self.rows = rows
        self.cols = cols
        var s: [Element] = []
        s.reserveCapacity(rows * cols)
        for i in 0..<rows {
            for j in 0..<cols { s.append(try body(i, j)) }
        }
        storage = s
    }

    /// Element `(i, j)`.
    @inlinable
    public subscript(i: Int, j: Int) -> Element {
        get {
            // invariant
            precondition(i >= 0 && i < rows && j >= 0 && j < cols, "matrix index out of range")
            return storage[i * cols + j]
        }
        set {
            // invariant
            precondition(i >= 0 && i < rows && j >= 0 && j < cols, "matrix index out of range")
            storage[i * cols + j] = newValue
        }
    }

    /// The row-major elements (read-only; `rows * cols` of them).
    @inlinable public var elements: [Element] { storage }

    /// Number of elements, `rows * cols`.
    @inlinable public var elementCount: Int { storage.count }

    /// Shape as `(rows, cols)`.
    public var shape: (rows: Int, cols: Int) { (rows, cols) }

    /// Whether `other` has the same shape.
    public func hasShape<T>(of other: DenseMatrix<T>) -> Bool {
        rows == other.rows && cols == other.cols
    }

    /// Calls `body` with the row-major elements.
    @inlinable
    public func withUnsafeBufferPointer<R, E: Error>(
        _ body: (UnsafeBufferPointer<Element>) throws(E) -> R
    ) throws(E) -> R {
        try storage.withUnsafeBufferPointer { (p) throws(E) -> R in try body(p) }
    }

    /// Calls `body` with the row-major elements for writing; the buffer's size cannot change.
    @inlinable
    public mutating func withUnsafeMutableBufferPointer<R, E: Error>(
        _ body: (UnsafeMutableBufferPointer<Element>) throws(E) -> R
    ) throws(E) -> R {
        try storage.withUnsafeMutableBufferPointer { (p) throws(E) -> R in try body(p) }
    }

    /// Element-wise transform into a matrix of another element type.
    @inlinable
    public func map<T>(_ transform: (Element) throws -> T) rethrows -> DenseMatrix<T> {
        DenseMatrix<T>(unchecked: rows, cols, try storage.map(transform))
    }

    /// Transforms every element in place.
    @inlinable
    public mutating func update(_ transform: (inout Element) throws -> Void) rethrows {
        for k in storage.indices { try transform(&storage[k]) }
    }

    /// Transforms every element in place, given its row and column.
    @inlinable
    public mutating func updateEach(_ transform: (Int, Int, inout Element) throws -> Void) rethrows
    {
        var k = 0
        for i in 0..<rows {
            for j in 0..<cols {
                try transform(i, j, &storage[k])
                k += 1
            }
        }
    }

    /// Rows `range`, as a new matrix.
    public func rows(_ range: Range<Int>) -> DenseMatrix {
        // invariant
        precondition(range.lowerBound >= 0 && range.upperBound <= rows, "row range out of bounds")
        return DenseMatrix(
            unchecked: range.count, cols,
            Array(storage[(range.lowerBound * cols)..<(range.upperBound * cols)]))
    }

    /// The rows at `indices`, in the order given, as a new matrix.
    public func rows(at indices: [Int]) -> DenseMatrix {
        var s: [Element] = []
        s.reserveCapacity(indices.count * cols)
        for i in indices {
            precondition(i >= 0 && i < rows, "row index out of bounds")  // invariant
            s.append(contentsOf: storage[(i * cols)..<((i + 1) * cols)])
        }
        return DenseMatrix(unchecked: indices.count, cols, s)
    }

    /// Columns `range`, as a new matrix.
    public func columns(_ range: Range<Int>) -> DenseMatrix {
        precondition(
            // invariant
            range.lowerBound >= 0 && range.upperBound <= cols, "column range out of bounds")
        var s: [Element] = []
        s.reserveCapacity(rows * range.count)
        for i in 0..<rows {
            s.append(
                contentsOf: storage[(i * cols + range.lowerBound)..<(i * cols + range.upperBound)])
        }
        return DenseMatrix(unchecked: rows, range.count, s)
    }

    /// The transpose, as a new matrix.
    public var transposed: DenseMatrix {
        guard !storage.isEmpty else { return DenseMatrix(unchecked: cols, rows, []) }
        var s = storage
        storage.withUnsafeBufferPointer { src in
            s.withUnsafeMutableBufferPointer { dst in
                for i in 0..<rows {
                    for j in 0..<cols { dst[j * rows + i] = src[i * cols + j] }
                }
            }
        }
        return DenseMatrix(unchecked: cols, rows, s)
    }

    /// Rows stacked on top of each other; all must have `cols` columns.
    public static func stacking(_ parts: [DenseMatrix]) throws(MatrixShapeError) -> DenseMatrix {
        guard let cols = parts.first?.cols else {
            throw MatrixShapeError("cannot stack zero matrices")
        }
        if let bad = parts.first(where: { $0.cols != cols }) {
            throw MatrixShapeError(
                "cannot stack a matrix of \(bad.cols) columns under one of \(cols)")
        }
        return DenseMatrix(
            unchecked: parts.reduce(0) { $0 + $1.rows }, cols, parts.flatMap(\.storage))
    }

    @usableFromInline
    init(unchecked rows: Int, _ cols: Int, _ storage: [Element]) {
        self.rows = rows
        self.cols = cols
        self.storage = storage
    }
}

extension DenseMatrix: Sendable where Element: Sendable {}
extension DenseMatrix: Equatable where Element: Equatable {}
extension DenseMatrix: Hashable where Element: Hashable {}

extension DenseMatrix: Codable where Element: Codable {
    private enum CodingKeys: String, CodingKey { case rows, cols, elements }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let rows = try c.decode(Int.self, forKey: .rows)
        let cols = try c.decode(Int.self, forKey: .cols)
        let elements = try c.decode([Element].self, forKey: .elements)
        do { try self.init(rows: rows, cols: cols, elements: elements) } catch {
            throw DecodingError.dataCorruptedError(
                forKey: .elements, in: c, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rows, forKey: .rows)
        try c.encode(cols, forKey: .cols)
        try c.encode(storage, forKey: .elements)
    }
}

/// A matrix of `Double`: the engine's factors, data in double precision, and everything numerical.
public typealias Matrix = DenseMatrix<Double>
/// A matrix of `Float`: data held in single precision, as survey files store them.
public typealias FloatMatrix = DenseMatrix<Float>
/// A matrix of flags: truth masks, missing data, outlier flags.
public typealias Mask = DenseMatrix<Bool>

/// Two shapes that must agree do not, or elements do not fill a shape.
public struct MatrixShapeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What was wrong.
    public let description: String
    /// An error with the given message.
    public init(_ description: String) { self.description = description }
}
