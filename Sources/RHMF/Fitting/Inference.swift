/// Settings for inferring coefficients of new rows against a fixed basis.
public struct InferenceSettings: Sendable, Equatable, Hashable, Codable {
    /// Noise model (use the fit's).
    public var likelihood: Likelihood
    /// Stopping rule; the criterion is max_frac_A (other criteria fall back to it).
    public var convergence: Convergence
    /// Ridge added to every normal-equation matrix.
    public var ridge: Double
    /// Rows per batch: all work memory is proportional to one batch.
    public var batchRows: Int
    /// If set, each row's score is this quantile (0...1) of its robust weights over pixels.
    public var scoreQuantile: Double?
    /// Keep the full N x M matrix of robust weights in the result.
    public var keepRobustWeights: Bool

    public init(likelihood: Likelihood, convergence: Convergence = Convergence(criterion: .maxFracA, tolerance: 1e-2),
                ridge: Double = 0, batchRows: Int = 50_000, scoreQuantile: Double? = 0.5, keepRobustWeights: Bool = false) {
        self.likelihood = likelihood
        self.convergence = convergence
        self.ridge = ridge
        self.batchRows = batchRows
        self.scoreQuantile = scoreQuantile
        self.keepRobustWeights = keepRobustWeights
    }
}

/// Coefficients of new rows against a fixed basis, with their robust weights or scores.
public struct InferenceResult: Sendable {
    /// Coefficients, N x K.
    public var A: Matrix
    /// Robust weights (N x M) when asked for.
    public var robustWeights: Matrix?
    /// Per-row quantile of the robust weights when asked for.
    public var scores: [Double]?
    /// Cycles used by each batch.
    public var cyclesPerBatch: [Int]

    /// A result from its parts (e.g. read back from a store).
    public init(A: Matrix, robustWeights: Matrix?, scores: [Double]?, cyclesPerBatch: [Int]) {
        self.A = A
        self.robustWeights = robustWeights
        self.scores = scores
        self.cyclesPerBatch = cyclesPerBatch
    }
}

extension RobustHMF {
    /// Infers coefficients for the rows of `data` with the basis G held fixed: a data-weighted least-squares
    /// start, then w-step + a-step until max_frac_A < tolerance. Rows are processed in batches of
    /// `settings.batchRows`, so a 200k-row set never needs more than one batch of work memory.
    public static func infer(_ data: WeightedData, basis G: Matrix, settings: InferenceSettings) throws(RHMFError) -> InferenceResult {
        let K = G.cols
        guard G.rows == data.M else { throw .shapeMismatch("basis has \(G.rows) rows but the data have \(data.M) columns") }
        guard K >= 1, K < data.M else { throw .invalidRank("basis rank \(K) must be in 1 ..< M = \(data.M)") }
        guard G.storage.allSatisfy(\.isFinite) else { throw .nonFinite("basis G contains NaN or infinity") }
        try settings.likelihood.validate()
        try settings.convergence.validate()
        guard settings.batchRows >= 1 else { throw .invalidSetting("batchRows must be >= 1") }
        if let q = settings.scoreQuantile, !(0...1).contains(q) { throw .invalidSetting("score quantile must be in [0, 1], got \(q)") }

        var A = Matrix(rows: data.N, cols: K)
        var weights = settings.keepRobustWeights ? Matrix(rows: data.N, cols: data.M) : nil
        var scores = settings.scoreQuantile == nil ? nil : [Double](repeating: 0, count: data.N)
        var cycles: [Int] = []
        let packedG = packedProducts(G)
        var solver = PackedGramSolver(rank: K, ridge: settings.ridge)
        for start in stride(from: 0, to: data.N, by: settings.batchRows) {
            let rows = start..<min(start + settings.batchRows, data.N)
            let batch = data.rows(rows)
            var block = ReweightedBlock(M: data.M, K: K, capacity: min(512, rows.count))
            var a = Matrix(rows: rows.count, cols: K)
            // Start: weighted least squares with robust weights 1.
            aStep(batch, a: &a, G: G, packedG: packedG, likelihood: .gaussian, block: &block, solver: &solver)
            var previous = a
            var n = 0
            while n < settings.convergence.maxCycles {
                aStep(batch, a: &a, G: G, packedG: packedG, likelihood: settings.likelihood, block: &block, solver: &solver)
                n += 1
                if n % settings.convergence.cadence == 0 {
                    let q = Convergence.maxFractionalChange(old: previous, new: a)
                    previous = a
                    if q < settings.convergence.tolerance || !q.isFinite { break }
                }
            }
            cycles.append(n)
            guard a.storage.allSatisfy(\.isFinite) else { throw .diverged("inferred coefficients became non-finite in rows \(rows)") }
            A.storage.replaceSubrange((start * K)..<(rows.upperBound * K), with: a.storage)
            if weights != nil || scores != nil {
                let state = try RHMFState(A: a, G: G)
                let w = try state.robustWeights(batch, likelihood: settings.likelihood)
                weights?.storage.replaceSubrange((start * data.M)..<(rows.upperBound * data.M), with: w.storage)
                if let q = settings.scoreQuantile {
                    for i in 0..<rows.count { scores?[start + i] = Quantile.of(w.row(i), q) }
                }
            }
        }
        return InferenceResult(A: A, robustWeights: weights, scores: scores, cyclesPerBatch: cycles)
    }

    /// One reweighting + coefficient solve over all rows of `batch`, in blocks.
    private static func aStep(_ batch: WeightedData, a: inout Matrix, G: Matrix, packedG: Matrix, likelihood: Likelihood,
                              block: inout ReweightedBlock, solver: inout PackedGramSolver) {
        for s in stride(from: 0, to: batch.N, by: block.capacity) {
            let rows = s..<min(s + block.capacity, batch.N)
            _ = a.withRowBlock(s, rows.count) { p in block.reweight(data: batch, a: p, G: G, rows: rows, likelihood: likelihood) }
            a.storage.withUnsafeMutableBufferPointer { ap in
                block.solveCoefficients(packedG: packedG, G: G, count: rows.count, solver: &solver,
                                        into: ap.baseAddress! + s * G.cols) // invariant: non-empty
            }
        }
    }
}
