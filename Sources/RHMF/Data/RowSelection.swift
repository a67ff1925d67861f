import HMFCore

/// Some rows of another source, in the order given (a Gaia bin of the survey file, a train or test half):
/// fitted and inferred in place, without copying the selected rows first.
///
/// Consecutive indices are read from the base source as one block; each block of the selection is gathered
/// into the reader's scratch buffer.
public struct RowSelection<Base: RowSource>: RowSource {
    /// The source the rows come from.
    public let base: Base
    /// Row `i` of the selection is row `indices[i]` of the base.
    public let indices: [Int]

    /// The rows `indices` of `base`, in that order.
    /// - Throws: `shapeMismatch` when an index is outside the base's rows.
    public init(_ base: Base, rows indices: [Int]) throws(RHMFError) {
        if let bad = indices.first(where: { $0 < 0 || $0 >= base.rowCount }) {
            throw .shapeMismatch(
                "row \(bad) is outside the \(base.rowCount) rows of \(base.sourceDescription)")
        }
        self.base = base
        self.indices = indices
    }

    public var rowCount: Int { indices.count }
    public var columnCount: Int { base.columnCount }
    public var precision: Precision { base.precision }
    public var sourceDescription: String {
        "\(indices.count) selected rows of \(base.sourceDescription)"
    }

    public func withRows<R>(
        _ range: Range<Int>, scratch: inout RowScratch,
        _ body: (RowBlock) throws(RHMFError) -> R
    ) throws(RHMFError) -> R {
        let m = columnCount
        let n = range.count
        var inner = RowScratch()
        scratch.reserve(n * m, precision)
        try gather(range, &inner) { (offset, block) in scratch.copy(block, at: offset) }
        return try scratch.withBlock(rows: n, columns: m, precision, body)
    }

    /// Reads the selected rows `range` from the base in runs of consecutive indices; `copy` receives the offset
    /// (in values) of each run within the block and the run's rows.
    private func gather(
        _ range: Range<Int>, _ inner: inout RowScratch,
        _ copy: (Int, RowBlock) throws(RHMFError) -> Void
    ) throws(RHMFError) {
        var r = range.lowerBound
        while r < range.upperBound {
            var end = r + 1
            while end < range.upperBound && indices[end] == indices[end - 1] + 1 { end += 1 }
            let offset = (r - range.lowerBound) * columnCount
            try base.withRows(indices[r]..<(indices[r] + end - r), scratch: &inner) {
                (block) throws(RHMFError) in
                try copy(offset, block)
            }
            r = end
        }
    }
}
