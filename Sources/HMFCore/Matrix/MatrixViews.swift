/// Row `i` of a matrix as a zero-based collection (a view: no elements are copied until it is mutated).
public struct MatrixRow<Element>: RandomAccessCollection {
    @usableFromInline let base: DenseMatrix<Element>
    @usableFromInline let offset: Int
    public let count: Int

    @usableFromInline
    init(_ base: DenseMatrix<Element>, row: Int) {
        precondition(row >= 0 && row < base.rows, "row index out of range")  // invariant
        self.base = base
        offset = row * base.cols
        count = base.cols
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    @inlinable
    public subscript(j: Int) -> Element {
        precondition(j >= 0 && j < count, "column index out of range")  // invariant
        return base.storage[offset + j]
    }
}

/// Column `j` of a matrix as a zero-based collection (a view over the strided elements).
public struct MatrixColumn<Element>: RandomAccessCollection {
    @usableFromInline let base: DenseMatrix<Element>
    @usableFromInline let column: Int

    @usableFromInline
    init(_ base: DenseMatrix<Element>, column: Int) {
        precondition(column >= 0 && column < base.cols, "column index out of range")  // invariant
        self.base = base
        self.column = column
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { base.rows }

    @inlinable
    public subscript(i: Int) -> Element {
        precondition(i >= 0 && i < base.rows, "row index out of range")  // invariant
        return base.storage[i * base.cols + column]
    }
}

extension MatrixRow: Sendable where Element: Sendable {}
extension MatrixColumn: Sendable where Element: Sendable {}

extension DenseMatrix {
    /// Row `i` as a view.
    @inlinable
    public func row(_ i: Int) -> MatrixRow<Element> { MatrixRow(self, row: i) }

    /// Column `j` as a view.
    @inlinable
    public func column(_ j: Int) -> MatrixColumn<Element> { MatrixColumn(self, column: j) }

    /// Calls `body` with a pointer to the first element of row `start`; rows `start ..< start + count` follow
    /// contiguously, so BLAS can use a block of rows in place.
    @inlinable
    public func withRowBlock<R, E: Error>(
        _ start: Int, _ count: Int,
        _ body: (UnsafeBufferPointer<Element>) throws(E) -> R
    ) throws(E) -> R {
        // invariant
        precondition(start >= 0 && count >= 0 && start + count <= rows, "row block out of range")
        return try storage.withUnsafeBufferPointer { (p) throws(E) -> R in
            try body(UnsafeBufferPointer(rebasing: p[(start * cols)..<((start + count) * cols)]))
        }
    }

    /// Replaces row `i` with `values` (`cols` of them).
    public mutating func setRow<C: Collection>(_ i: Int, to values: C) where C.Element == Element {
        precondition(i >= 0 && i < rows && values.count == cols, "row shape mismatch")  // invariant
        storage.replaceSubrange((i * cols)..<((i + 1) * cols), with: values)
    }

    /// Replaces rows `start ..< start + block.rows` with the rows of `block` (same number of columns).
    public mutating func setRows(_ start: Int, to block: DenseMatrix) {
        precondition(
            block.cols == cols && start >= 0 && start + block.rows <= rows,
            "row block shape mismatch")  // invariant
        storage.replaceSubrange((start * cols)..<((start + block.rows) * cols), with: block.storage)
    }
}

extension MatrixRow: Equatable where Element: Equatable {
    /// Rows are equal when their elements are.
    public static func == (lhs: MatrixRow, rhs: MatrixRow) -> Bool { lhs.elementsEqual(rhs) }
}

extension MatrixColumn: Equatable where Element: Equatable {
    /// Columns are equal when their elements are.
    public static func == (lhs: MatrixColumn, rhs: MatrixColumn) -> Bool { lhs.elementsEqual(rhs) }
}
