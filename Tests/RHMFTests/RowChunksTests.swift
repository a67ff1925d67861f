import Testing

@testable import RHMF

/// The partition every streamed pass walks: it covers each row once, in order, and keeps two lanes busy.
@Suite struct RowChunksTests {
    @Test(arguments: [1, 7, 13, 64])
    func chunksCoverEveryRowOnceInOrder(blockRows: Int) {
        for rows in [0, 1, 5, 63, 64, 65, 100, 144, 236, 556, 917, 1790, 1800, 4000, 20_001] {
            let partition = RowChunks(rowCount: rows, blockRows: blockRows)
            let blocks = partition.chunks.flatMap { partition.blocks(of: $0) }
            #expect(blocks.flatMap { Array($0) } == Array(0..<rows))
            #expect(partition.chunks.allSatisfy { $0.count <= 4 * partition.blockRows })
            #expect(blocks.allSatisfy { $0.count <= partition.blockRows })
        }
    }

    @Test func fewRowsMakeAnEvenNumberOfEqualChunksOfWholeGroupsOfFour() {
        let sizes: [Int: [Int]] = [
            144: [72, 72], 236: [120, 116], 556: [140, 140, 140, 136],
            917: [232, 232, 232, 221], 1790: [224, 224, 224, 224, 224, 224, 224, 222],
        ]
        for (rows, expected) in sizes {
            #expect(RowChunks(rowCount: rows, blockRows: 64).chunks.map(\.count) == expected)
        }
        // From eight full chunks on, the chunks are four blocks long; below 64 rows there is one chunk.
        #expect(RowChunks(rowCount: 1800, blockRows: 64).chunks.map(\.count).first == 256)
        #expect(RowChunks(rowCount: 63, blockRows: 64).chunks.count == 1)
    }
}
