import RHMF

/// A boolean mask over the N x M pixels of a data set, row-major like `Matrix` (`storage[i * cols + j]`).
public struct PixelMask: Sendable, Equatable {
    /// Number of rows (spectra).
    public let rows: Int
    /// Number of columns (pixels).
    public let cols: Int
    /// Row-major flags, `rows * cols` of them.
    public internal(set) var storage: [Bool]

    /// An all-false mask.
    public init(rows: Int, cols: Int) {
        self.rows = max(0, rows)
        self.cols = max(0, cols)
        storage = [Bool](repeating: false, count: self.rows * self.cols)
    }

    /// Flag of spectrum `i`, pixel `j`.
    public subscript(i: Int, j: Int) -> Bool {
        get { storage[i * cols + j] }
        set { storage[i * cols + j] = newValue }
    }

    /// Number of true entries.
    public var count: Int { storage.reduce(0) { $1 ? $0 + 1 : $0 } }

    /// Fraction of true entries (0 for an empty mask).
    public var fraction: Double { storage.isEmpty ? 0 : Double(count) / Double(storage.count) }

    /// The flags of spectrum `i`.
    public func row(_ i: Int) -> [Bool] { Array(storage[i * cols ..< (i + 1) * cols]) }

    /// Whether any pixel of spectrum `i` is set.
    public func rowContainsTrue(_ i: Int) -> Bool { storage[i * cols ..< (i + 1) * cols].contains(true) }

    /// The rows in `range` as a new mask.
    public func rows(_ range: Range<Int>) -> PixelMask {
        var sub = PixelMask(rows: range.count, cols: cols)
        sub.storage = Array(storage[range.lowerBound * cols ..< range.upperBound * cols])
        return sub
    }

    /// Entry-wise OR. Both masks must have the same shape.
    public static func | (lhs: PixelMask, rhs: PixelMask) -> PixelMask {
        precondition(lhs.rows == rhs.rows && lhs.cols == rhs.cols, "mask shapes differ") // programming error
        var out = lhs
        for k in out.storage.indices where rhs.storage[k] { out.storage[k] = true }
        return out
    }

    /// Entry-wise AND. Both masks must have the same shape.
    public static func & (lhs: PixelMask, rhs: PixelMask) -> PixelMask {
        precondition(lhs.rows == rhs.rows && lhs.cols == rhs.cols, "mask shapes differ") // programming error
        var out = lhs
        for k in out.storage.indices where !rhs.storage[k] { out.storage[k] = false }
        return out
    }

    /// The mask as a matrix of 1 (true) and 0 (false), e.g. for plotting or scoring.
    public var asMatrix: Matrix {
        var m = Matrix(rows: rows, cols: cols)
        for k in storage.indices where storage[k] { m.storage[k] = 1 }
        return m
    }

    /// Clears every entry where `other` is set (same shape).
    mutating func subtract(_ other: PixelMask) {
        for k in storage.indices where other.storage[k] { storage[k] = false }
    }
}
