/// One optimiser's cycle over the whole data set; the fit driver is the same for all optimisers.
protocol CycleEngine {
    /// Runs one cycle in place and returns the loss of the state it started from.
    mutating func cycle(A: inout Matrix, G: inout Matrix) throws(RHMFError) -> Double
}

/// The loss of a state: sum over entries of the likelihood's loss of W r^2 (streamed in row blocks).
func streamedLoss(data: WeightedData, A: Matrix, G: Matrix, likelihood: Likelihood, blockRows: Int) -> Double {
    var block = ReweightedBlock(M: data.M, K: A.cols, capacity: min(blockRows, data.N))
    var total = 0.0
    for start in stride(from: 0, to: data.N, by: block.capacity) {
        let rows = start..<min(start + block.capacity, data.N)
        total += A.withRowBlock(start, rows.count) { a in
            block.reweight(data: data, a: a, G: G, rows: rows, likelihood: likelihood)
        }
    }
    return total
}
