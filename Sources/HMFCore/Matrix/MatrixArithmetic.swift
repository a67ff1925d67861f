import Foundation

extension DenseMatrix where Element == Double {
    /// A matrix of zeros.
    public init(rows: Int, cols: Int) { self.init(rows: rows, cols: cols, repeating: 0) }

    /// The `n x n` identity.
    public static func identity(_ n: Int) -> Matrix {
        Matrix(rows: n, cols: n) { i, j in i == j ? 1 : 0 }
    }

    /// The elements widened from single precision.
    public init(_ single: FloatMatrix) {
        self.init(unchecked: single.rows, single.cols, single.storage.map(Double.init))
    }

    /// 1 where `mask` is true, 0 elsewhere.
    public init(_ mask: Mask) {
        self.init(unchecked: mask.rows, mask.cols, mask.storage.map { $0 ? 1 : 0 })
    }

    /// Frobenius norm.
    public var frobeniusNorm: Double { storage.reduce(0) { $0 + $1 * $1 }.squareRoot() }

    /// Largest absolute element (0 for an empty matrix).
    public var maxAbs: Double { storage.reduce(0) { Swift.max($0, abs($1)) } }

    /// Whether every element is finite.
    public var isFinite: Bool { storage.allSatisfy(\.isFinite) }

    /// Element-wise difference of two matrices of the same shape.
    public static func - (lhs: Matrix, rhs: Matrix) -> Matrix {
        precondition(lhs.hasShape(of: rhs), "shape mismatch in -")  // invariant
        return Matrix(unchecked: lhs.rows, lhs.cols, zip(lhs.storage, rhs.storage).map { $0 - $1 })
    }

    /// Element-wise sum of two matrices of the same shape.
    public static func + (lhs: Matrix, rhs: Matrix) -> Matrix {
        precondition(lhs.hasShape(of: rhs), "shape mismatch in +")  // invariant
        return Matrix(unchecked: lhs.rows, lhs.cols, zip(lhs.storage, rhs.storage).map { $0 + $1 })
    }

    /// Multiplication by a scalar.
    public static func * (lhs: Double, rhs: Matrix) -> Matrix { rhs.map { lhs * $0 } }
}

extension DenseMatrix where Element == Float {
    /// The elements rounded to single precision.
    public init(_ double: Matrix) {
        self.init(unchecked: double.rows, double.cols, double.storage.map(Float.init))
    }
}

extension DenseMatrix: CustomStringConvertible where Element: CustomStringConvertible {
    /// The shape, then up to 6 rows and 8 columns.
    public var description: String {
        var lines = ["\(rows) x \(cols) matrix"]
        for i in 0..<Swift.min(rows, 6) {
            let shown = (0..<Swift.min(cols, 8)).map { j in Self.describe(self[i, j]) }
            lines.append("  " + shown.joined(separator: "  ") + (cols > 8 ? "  ..." : ""))
        }
        if rows > 6 { lines.append("  ...") }
        return lines.joined(separator: "\n")
    }

    private static func describe(_ v: Element) -> String {
        if let d = v as? Double { return NumberFormat.significant(d) }
        if let f = v as? Float { return NumberFormat.significant(Double(f)) }
        return v.description
    }
}
