import HMFCore

/// Alternating least squares with robust reweighting (IRLS), one streamed pass over the data per cycle.
///
/// For each block of rows: predict with the current A and G, reweight, solve the block's new coefficients,
/// and add the block's contribution to the basis normal equations (with the new coefficients). After the
/// last block every basis row is solved, then the rotation fixes the gauge. Because the robust weights are
/// the derivative of the concave loss, each cycle minimises a quadratic majoriser: the loss never increases.
///
/// Chunks of rows run on separate lanes, each into its own accumulator; the accumulators are added in chunk
/// order and then across processes (`Reduction`), so every process solves the same basis.
struct ALSEngine<Source: RowSource>: CycleEngine {
    let source: Source
    let likelihood: Likelihood
    let rotation: Rotation
    let ridge: Double
    let reduction: any Reduction
    let partition: RowChunks
    private let blocks: LaneSlots<ReweightedBlock>
    private let scratches: LaneSlots<RowScratch>
    private let partials: LaneSlots<BasisAccumulator>

    init(source: Source, settings: FitSettings, reduction: any Reduction) {
        self.source = source
        likelihood = settings.likelihood
        rotation = settings.rotation
        ridge = settings.ridge
        self.reduction = reduction
        let partition = RowChunks(rowCount: source.rowCount, blockRows: settings.blockRows)
        self.partition = partition
        let lanes = Lanes.count
        let M = source.columnCount
        let K = settings.rank
        blocks = LaneSlots(
            (0..<lanes).map { _ in
                ReweightedBlock(M: M, K: K, capacity: partition.blockRows, ridge: settings.ridge)
            })
        scratches = LaneSlots([RowScratch](repeating: RowScratch(), count: lanes))
        partials = LaneSlots((0..<lanes).map { _ in BasisAccumulator(M: M, K: K) })
    }

    mutating func cycle(A: inout Matrix, G: inout Matrix) throws(RHMFError) -> Double {
        let K = G.cols
        let basis = BasisProducts(G)
        var total = BasisAccumulator(M: source.columnCount, K: K)
        let (source, likelihood, partition, blocks, partials) = (
            self.source, self.likelihood, self.partition, self.blocks, self.partials
        )
        let scratches = self.scratches
        try A.withUnsafeMutableBufferPointer { (ap) throws(RHMFError) in
            guard let base = ap.baseAddress else { return }
            let a = SharedPointer(base: base)
            try Lanes.forEach(
                partition.chunks,
                body: { (lane, chunk) throws(RHMFError) in
                    try partials.with(lane) { (partial) throws(RHMFError) in
                        partial.reset()
                        try scratches.with(lane) { (scratch) throws(RHMFError) in
                            try blocks.with(lane) { (work) throws(RHMFError) in
                                for rows in partition.blocks(of: chunk) {
                                    let rowsA = a.base + rows.lowerBound * K
                                    try source.withRows(rows, scratch: &scratch) {
                                        (block) throws(RHMFError) in
                                        partial.loss += work.reweight(
                                            block, a: rowsA, basis: basis, likelihood: likelihood)
                                    }
                                    work.solveCoefficients(
                                        basis: basis, rows: rows.count, into: rowsA)
                                    partial.add(block: work, a: rowsA, rows: rows.count)
                                }
                            }
                        }
                    }
                }, combine: { lane in total.add(partials[lane]) })
        }
        try total.reduce(reduction)
        G = total.solve(ridge: ridge)
        try rotation.apply(A: &A, G: &G, reduction: reduction)
        return total.loss
    }
}
