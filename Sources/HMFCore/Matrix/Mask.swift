extension DenseMatrix where Element == Bool {
    /// An all-false mask.
    public init(rows: Int, cols: Int) { self.init(rows: rows, cols: cols, repeating: false) }

    /// Number of true entries.
    public var trueCount: Int { storage.reduce(0) { $1 ? $0 + 1 : $0 } }

    /// Fraction of true entries (0 for an empty mask).
    public var fraction: Double { storage.isEmpty ? 0 : Double(trueCount) / Double(storage.count) }

    /// Whether any entry of row `i` is true.
    public func rowContainsTrue(_ i: Int) -> Bool { row(i).contains(true) }

    /// Entry-wise OR of two masks of the same shape.
    public static func | (lhs: Mask, rhs: Mask) -> Mask {
        precondition(lhs.hasShape(of: rhs), "mask shapes differ")  // invariant
        return Mask(unchecked: lhs.rows, lhs.cols, zip(lhs.storage, rhs.storage).map { $0 || $1 })
    }

    /// Entry-wise AND of two masks of the same shape.
    public static func & (lhs: Mask, rhs: Mask) -> Mask {
        precondition(lhs.hasShape(of: rhs), "mask shapes differ")  // invariant
        return Mask(unchecked: lhs.rows, lhs.cols, zip(lhs.storage, rhs.storage).map { $0 && $1 })
    }

    /// Entry-wise NOT.
    public static prefix func ! (mask: Mask) -> Mask { mask.map { !$0 } }
}

extension Collection where Element == Bool, Index == Int {
    /// The runs of consecutive true entries, as index ranges in ascending order.
    ///
    ///     [false, true, true, false, true].trueRuns()   // [1..<3, 4..<5]
    public func trueRuns() -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start: Int?
        for j in indices {
            if self[j] {
                if start == nil { start = j }
            } else if let s = start {
                out.append(s..<j)
                start = nil
            }
        }
        if let s = start { out.append(s..<endIndex) }
        return out
    }
}
