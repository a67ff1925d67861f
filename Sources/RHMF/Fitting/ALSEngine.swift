/// Alternating least squares with robust reweighting (IRLS), one streamed pass over the data per cycle.
///
/// For each block of rows: predict with the current A and G, reweight, solve the block's new coefficients,
/// and add the block's contribution to the basis normal equations (with the new coefficients). After the
/// last block every basis row is solved, then the rotation fixes the gauge. Because the robust weights are
/// the derivative of the concave loss, each cycle minimises a quadratic majoriser: the loss never increases.
struct ALSEngine: CycleEngine {
    let data: WeightedData
    let likelihood: Likelihood
    let rotation: Rotation
    private var block: ReweightedBlock
    private var solver: PackedGramSolver

    init(data: WeightedData, settings: FitSettings) {
        self.data = data
        likelihood = settings.likelihood
        rotation = settings.rotation
        block = ReweightedBlock(M: data.M, K: settings.rank, capacity: min(settings.blockRows, data.N))
        solver = PackedGramSolver(rank: settings.rank, ridge: settings.ridge)
    }

    mutating func cycle(A: inout Matrix, G: inout Matrix) throws(RHMFError) -> Double {
        let packedG = packedProducts(G)
        var basis = BasisAccumulator(M: data.M, K: G.cols)
        var loss = 0.0
        for start in stride(from: 0, to: data.N, by: block.capacity) {
            let rows = start..<min(start + block.capacity, data.N)
            loss += A.withRowBlock(start, rows.count) { a in
                block.reweight(data: data, a: a, G: G, rows: rows, likelihood: likelihood)
            }
            A.storage.withUnsafeMutableBufferPointer { ap in
                block.solveCoefficients(packedG: packedG, G: G, count: rows.count, solver: &solver,
                                        into: ap.baseAddress! + start * G.cols) // invariant: non-empty
            }
            basis.add(block: block, a: A, rows: rows)
        }
        G = basis.solve(solver: &solver)
        try rotation.apply(A: &A, G: &G)
        return loss
    }
}
