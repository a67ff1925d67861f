import HMFCore

/// The fixed partition of a source's rows that every streamed pass walks: chunks of `chunkRows` rows, each
/// read in blocks of at most `blockRows`. Chunks are the unit of parallel work; because their boundaries do
/// not depend on the number of lanes, neither do the results.
struct RowChunks: Sendable {
    let rowCount: Int
    let blockRows: Int
    let chunkRows: Int

    /// Blocks of `blockRows` grouped four to a chunk.
    init(rowCount: Int, blockRows: Int) {
        self.rowCount = rowCount
        self.blockRows = max(1, min(blockRows, max(rowCount, 1)))
        chunkRows = 4 * self.blockRows
    }

    /// The chunks, as row ranges.
    var chunks: [Range<Int>] {
        stride(from: 0, to: rowCount, by: chunkRows).map { $0..<min($0 + chunkRows, rowCount) }
    }

    /// The blocks of `chunk`.
    func blocks(of chunk: Range<Int>) -> [Range<Int>] {
        stride(from: chunk.lowerBound, to: chunk.upperBound, by: blockRows).map {
            $0..<min($0 + blockRows, chunk.upperBound)
        }
    }
}

/// Per-lane state shared with the lanes: each lane touches only its own slot.
final class LaneSlots<T>: @unchecked Sendable {
    private var slots: [T]
    init(_ slots: [T]) { self.slots = slots }
    /// Calls `body` with lane `i`'s slot.
    func with<R, E: Error>(_ i: Int, _ body: (inout T) throws(E) -> R) throws(E) -> R {
        try body(&slots[i])
    }
    /// Lane `i`'s slot.
    subscript(i: Int) -> T { slots[i] }
}
