import HMFCore

/// One optimiser's cycle over the whole data set; the fit driver is the same for all optimisers.
protocol CycleEngine {
    /// Runs one cycle in place and returns the loss of the state it started from.
    mutating func cycle(A: inout Matrix, G: inout Matrix) throws(RHMFError) -> Double
}

/// The loss of a state over a source: the sum over entries of the likelihood's loss of W r^2, streamed in
/// blocks over the lanes and summed over processes.
func streamedLoss<Source: RowSource>(
    _ source: Source, A: Matrix, G: Matrix, likelihood: Likelihood,
    blockRows: Int, reduction: any Reduction
) throws(RHMFError) -> Double {
    let partition = RowChunks(rowCount: source.rowCount, blockRows: blockRows)
    let M = source.columnCount
    let K = G.cols
    let lanes = Lanes.count
    let basis = BasisProducts(G)
    let blocks = LaneSlots(
        (0..<lanes).map { _ in ReweightedBlock(M: M, K: K, capacity: partition.blockRows, ridge: 0)
        })
    let scratches = LaneSlots([RowScratch](repeating: RowScratch(), count: lanes))
    let losses = LaneSlots([Double](repeating: 0, count: lanes))
    var total = 0.0
    try A.withUnsafeBufferPointer { (ap) throws(RHMFError) in
        guard let base = ap.baseAddress else { return }
        let a = SharedReadPointer(base: base)
        try Lanes.forEach(
            partition.chunks,
            body: { (lane, chunk) throws(RHMFError) in
                var loss = 0.0
                try scratches.with(lane) { (scratch) throws(RHMFError) in
                    try blocks.with(lane) { (work) throws(RHMFError) in
                        for rows in partition.blocks(of: chunk) {
                            try source.withRows(rows, scratch: &scratch) {
                                (block) throws(RHMFError) in
                                loss += work.reweight(
                                    block, a: a.base + rows.lowerBound * K, basis: basis,
                                    likelihood: likelihood)
                            }
                        }
                    }
                }
                losses.with(lane) { $0 = loss }
            }, combine: { lane in total += losses[lane] })
    }
    return try reduction.sum(total)
}
