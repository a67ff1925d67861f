import HMFCore

/// The fixed partition of a source's rows that every streamed pass walks: chunks of at most `chunkRows` rows,
/// each read in blocks of at most `blockRows`. Chunks are the unit of parallel work; because their boundaries
/// do not depend on the number of lanes, neither do the results.
struct RowChunks: Sendable {
    let rowCount: Int
    let blockRows: Int
    let chunkRows: Int

    /// Blocks of `blockRows` grouped four to a chunk. Rows that would make fewer than eight such chunks are
    /// instead cut into an even number of near-equal chunks (whole groups of four rows, the kernels' unit), so
    /// that two lanes finish each round together: with a short last chunk or an odd count, one lane would wait
    /// for a large share of every cycle. From `minimumSplitRows` rows on there are at least two chunks.
    init(rowCount: Int, blockRows: Int) {
        self.rowCount = rowCount
        self.blockRows = max(1, min(blockRows, max(rowCount, 1)))
        let full = 4 * self.blockRows
        let count = (rowCount + full - 1) / full
        if count >= 8 || rowCount < Self.minimumSplitRows {
            chunkRows = full
        } else {
            let even = (count + 1) / 2 * 2
            chunkRows = ((rowCount + even - 1) / even + 3) / 4 * 4
        }
    }

    /// Fewer rows than this stay in one chunk (they are not worth two lanes).
    static let minimumSplitRows = 64

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
