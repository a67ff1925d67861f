import Foundation

/// A dense row-major matrix of `Double`.
///
/// Element `(i, j)` lives at `storage[i * cols + j]`. Row blocks are handed to BLAS as
/// pointers into this storage (see `withRowBlock`), so streamed passes never copy.
public struct Matrix: Sendable, Equatable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let cols: Int
    /// Row-major elements, `rows * cols` of them.
    public var storage: [Double]

    /// A matrix filled with `value`.
    public init(rows: Int, cols: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && cols >= 0, "matrix dimensions must be non-negative") // invariant
        self.rows = rows
        self.cols = cols
        self.storage = [Double](repeating: value, count: rows * cols)
    }

    /// A matrix over existing row-major elements.
    /// - Throws: `RHMFError.shapeMismatch` when `storage.count != rows * cols`.
    public init(rows: Int, cols: Int, storage: [Double]) throws(RHMFError) {
        guard rows >= 0, cols >= 0, storage.count == rows * cols else {
            throw .shapeMismatch("matrix of \(rows) x \(cols) needs \(max(0, rows) * max(0, cols)) elements, got \(storage.count)")
        }
        self.rows = rows
        self.cols = cols
        self.storage = storage
    }

    /// A matrix from nested rows (all rows must have the same length).
    public init(_ nested: [[Double]]) throws(RHMFError) {
        let cols = nested.first?.count ?? 0
        guard nested.allSatisfy({ $0.count == cols }) else {
            throw .shapeMismatch("ragged rows: expected every row to have \(cols) elements")
        }
        try self.init(rows: nested.count, cols: cols, storage: nested.flatMap { $0 })
    }

    /// A matrix whose element `(i, j)` is `body(i, j)`.
    public init(rows: Int, cols: Int, _ body: (Int, Int) -> Double) {
        self.init(rows: rows, cols: cols)
        for i in 0..<rows {
            for j in 0..<cols { storage[i * cols + j] = body(i, j) }
        }
    }

    /// The `n x n` identity.
    public static func identity(_ n: Int) -> Matrix {
        Matrix(rows: n, cols: n) { i, j in i == j ? 1 : 0 }
    }

    /// Element access (row `i`, column `j`).
    @inlinable
    public subscript(i: Int, j: Int) -> Double {
        get { storage[i * cols + j] }
        set { storage[i * cols + j] = newValue }
    }

    /// Shape as `(rows, cols)`.
    public var shape: (rows: Int, cols: Int) { (rows, cols) }

    /// A copy of row `i`.
    public func row(_ i: Int) -> [Double] {
        Array(storage[(i * cols)..<((i + 1) * cols)])
    }

    /// A copy of column `j`.
    public func column(_ j: Int) -> [Double] {
        (0..<rows).map { storage[$0 * cols + j] }
    }

    /// The transpose (a copy).
    public var transposed: Matrix {
        var t = Matrix(rows: cols, cols: rows)
        storage.withUnsafeBufferPointer { src in
            t.storage.withUnsafeMutableBufferPointer { dst in
                for i in 0..<rows {
                    for j in 0..<cols { dst[j * rows + i] = src[i * cols + j] }
                }
            }
        }
        return t
    }

    /// Rows `range` as a new matrix (a copy).
    public func rows(_ range: Range<Int>) -> Matrix {
        var m = Matrix(rows: range.count, cols: cols)
        m.storage = Array(storage[(range.lowerBound * cols)..<(range.upperBound * cols)])
        return m
    }

    /// The rows at `indices`, in the order given (a copy).
    public func rows(at indices: [Int]) -> Matrix {
        var m = Matrix(rows: indices.count, cols: cols)
        for (r, i) in indices.enumerated() {
            m.storage.replaceSubrange((r * cols)..<((r + 1) * cols), with: storage[(i * cols)..<((i + 1) * cols)])
        }
        return m
    }

    /// Columns `range` as a new matrix (a copy).
    public func columns(_ range: Range<Int>) -> Matrix {
        Matrix(rows: rows, cols: range.count) { i, j in self[i, range.lowerBound + j] }
    }

    /// Calls `body` with a pointer to the first element of row `start` and the number of rows `count`
    /// (a row block is contiguous in row-major storage, so BLAS can use it in place).
    @inlinable
    public func withRowBlock<R>(_ start: Int, _ count: Int, _ body: (UnsafePointer<Double>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer { try body($0.baseAddress! + start * cols) } // invariant: non-empty when called
    }

    /// Frobenius norm.
    public var frobeniusNorm: Double {
        storage.reduce(0) { $0 + $1 * $1 }.squareRoot()
    }

    /// Largest absolute element (0 for an empty matrix).
    public var maxAbs: Double {
        storage.reduce(0) { max($0, abs($1)) }
    }

    /// Element-wise map.
    public func map(_ f: (Double) -> Double) -> Matrix {
        var m = self
        for k in m.storage.indices { m.storage[k] = f(m.storage[k]) }
        return m
    }

    /// Element-wise difference.
    public static func - (lhs: Matrix, rhs: Matrix) -> Matrix {
        precondition(lhs.rows == rhs.rows && lhs.cols == rhs.cols, "shape mismatch in -") // invariant
        var m = lhs
        for k in m.storage.indices { m.storage[k] -= rhs.storage[k] }
        return m
    }

    /// Element-wise sum.
    public static func + (lhs: Matrix, rhs: Matrix) -> Matrix {
        precondition(lhs.rows == rhs.rows && lhs.cols == rhs.cols, "shape mismatch in +") // invariant
        var m = lhs
        for k in m.storage.indices { m.storage[k] += rhs.storage[k] }
        return m
    }

    /// Multiplication by a scalar.
    public static func * (lhs: Double, rhs: Matrix) -> Matrix {
        rhs.map { lhs * $0 }
    }
}

extension Matrix: CustomStringConvertible {
    /// A compact rendering: shape, then up to 6 rows and 8 columns.
    public var description: String {
        var lines = ["Matrix \(rows) x \(cols)"]
        for i in 0..<min(rows, 6) {
            let shown = (0..<min(cols, 8)).map { j in
                let v = self[i, j]
                return v.magnitude >= 1e4 || (v != 0 && v.magnitude < 1e-3) ? "\(v)" : String(format: "%.4f", v)
            }
            lines.append("  " + shown.joined(separator: "  ") + (cols > 8 ? "  ..." : ""))
        }
        if rows > 6 { lines.append("  ...") }
        return lines.joined(separator: "\n")
    }
}
