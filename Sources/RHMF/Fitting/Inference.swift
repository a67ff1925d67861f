public import HMFCore

/// How coefficients of rows are inferred against a fixed basis.
public struct InferenceSettings: Sendable, Equatable, Hashable, Codable {
    /// Stopping rule; the criterion is max_frac_A (the reference's default: tolerance 1e-4, every cycle).
    public var convergence: Convergence
    /// Ridge added to every normal-equation matrix (nil: the fit's ridge).
    public var ridge: Double?
    /// Rows inferred together: they converge together, and at most this many are held in memory at once
    /// when the source is not already in memory.
    public var batchRows: Int
    /// Rows per streamed block.
    public var blockRows: Int
    /// Quantiles (0...1) of each row's robust weights to report as object weights.
    public var objectQuantiles: [Double]
    /// Keep the N x M robust weights (nil: keep them when N x M <= `InferenceSettings.keptWeightsLimit`).
    public var keepRobustWeights: Bool?
    /// How the coefficient cycles are extrapolated (nil: plain cycles, as the reference does). `.squarem`
    /// extrapolates A as the fit extrapolates (A, G), keeping a step only when it does not raise the loss.
    public var acceleration: Acceleration?

    /// Largest number of entries whose robust weights are kept when `keepRobustWeights` is nil (400 MB).
    public static let keptWeightsLimit = 50_000_000

    public init(
        convergence: Convergence = .inference, ridge: Double? = nil, batchRows: Int = 50_000,
        blockRows: Int = 64,
        objectQuantiles: [Double] = [0.5], keepRobustWeights: Bool? = nil,
        acceleration: Acceleration? = nil
    ) {
        self.convergence = convergence
        self.ridge = ridge
        self.batchRows = batchRows
        self.blockRows = blockRows
        self.objectQuantiles = objectQuantiles
        self.keepRobustWeights = keepRobustWeights
        self.acceleration = acceleration
    }

    func validate() throws(RHMFError) {
        try convergence.validate()
        guard batchRows >= 1, blockRows >= 1 else {
            throw .invalidSetting("batchRows and blockRows must be >= 1")
        }
        if let r = ridge, !(r.isFinite && r >= 0) {
            throw .invalidSetting("ridge must be finite and >= 0, got \(r)")
        }
        if let q = objectQuantiles.first(where: { !(0...1).contains($0) }) {
            throw .invalidSetting("object-weight quantiles must be in [0, 1], got \(q)")
        }
    }
}

/// Coefficients of rows under a fixed basis, with their robust weights, object weights and the
/// cross-validation score of the data they were inferred from.
public struct InferenceResult: Factorization, Sendable {
    /// Coefficients A, N x K.
    public let coefficients: Matrix
    /// The basis G that was held fixed.
    public let basis: Matrix
    /// The likelihood the weights come from.
    public let likelihood: Likelihood
    /// Cycles used by each batch.
    public let cyclesPerBatch: [Int]
    /// Goodness of fit of the inferred rows (the score of held-out data when they were not fitted).
    public let crossValidation: CrossValidationScore
    /// Robust weights (N x M), when kept.
    public let robustWeights: Matrix?
    /// Per-row quantiles of the robust weights, for each requested quantile.
    public let objectWeightsByQuantile: [Double: [Double]]

    /// A result from its parts (e.g. read back from a store).
    /// - Throws: `RHMFError.shapeMismatch` when the coefficients and the basis do not share K, the robust
    ///   weights are not N x M, or a quantile's object weights are not one per row; `invalidSetting` for a
    ///   quantile outside 0...1 or a negative cycle count.
    public init(
        coefficients: Matrix, basis: Matrix, likelihood: Likelihood, cyclesPerBatch: [Int],
        crossValidation: CrossValidationScore, robustWeights: Matrix?,
        objectWeightsByQuantile: [Double: [Double]]
    ) throws(RHMFError) {
        let (n, m) = (coefficients.rows, basis.rows)
        guard coefficients.cols == basis.cols else {
            throw .shapeMismatch(
                "coefficients are \(n) x \(coefficients.cols) but the basis is \(m) x \(basis.cols)"
            )
        }
        if let w = robustWeights, w.rows != n || w.cols != m {
            throw .shapeMismatch(
                "robust weights are \(w.rows) x \(w.cols), not N x M = \(n) x \(m)")
        }
        for (q, weights) in objectWeightsByQuantile {
            guard (0...1).contains(q) else {
                throw .invalidSetting("object-weight quantile \(q) is outside [0, 1]")
            }
            guard weights.count == n else {
                throw .shapeMismatch(
                    "object weights at quantile \(q) have \(weights.count) entries for \(n) rows")
            }
        }
        guard cyclesPerBatch.allSatisfy({ $0 >= 0 }) else {
            throw .invalidSetting("a batch has a negative cycle count")
        }
        self.coefficients = coefficients
        self.basis = basis
        self.likelihood = likelihood
        self.cyclesPerBatch = cyclesPerBatch
        self.crossValidation = crossValidation
        self.robustWeights = robustWeights
        self.objectWeightsByQuantile = objectWeightsByQuantile
    }

    /// Each row's `quantile` of its robust weights (linear interpolation), from the kept weights or from the
    /// quantiles requested in the settings.
    /// - Throws: `invalidSetting` when the quantile was not requested and the weights were not kept.
    public func objectWeights(quantile: Double = 0.5) throws(RHMFError) -> [Double] {
        if let w = objectWeightsByQuantile[quantile] { return w }
        guard (0...1).contains(quantile) else {
            throw .invalidSetting("quantile must be in [0, 1], got \(quantile)")
        }
        guard let weights = robustWeights else {
            throw .invalidSetting(
                "object weights at quantile \(quantile) were not requested and the robust weights were not kept; add it to InferenceSettings.objectQuantiles"
            )
        }
        return (0..<weights.rows).map { Quantile.of(Array(weights.row($0)), quantile) }
    }
}

extension RobustHMF {
    /// Infers coefficients for the rows of `source` with the basis G held fixed: a data-weighted least-squares
    /// start, then w-step + a-step until max_frac_A < tolerance, batch by batch. Then one more pass computes
    /// robust weights and object weights, and two or more the cross-validation score.
    ///
    /// In a distributed run every process infers its own rows; batches advance together and convergence is
    /// decided over all processes, as a single process would decide over the whole batch.
    public static func infer<Source: RowSource>(
        _ source: Source, basis G: Matrix, likelihood: Likelihood,
        settings: InferenceSettings = InferenceSettings(),
        reduction: any Reduction = LocalReduction()
    ) throws(RHMFError) -> InferenceResult {
        try BLASThreads.single { () throws(RHMFError) -> InferenceResult in
            try inferUnlocked(
                source, basis: G, likelihood: likelihood, settings: settings, reduction: reduction)
        }
    }

    private static func inferUnlocked<Source: RowSource>(
        _ source: Source, basis G: Matrix, likelihood: Likelihood,
        settings: InferenceSettings,
        reduction: any Reduction
    ) throws(RHMFError) -> InferenceResult {
        let K = G.cols
        let M = source.columnCount
        let N = source.rowCount
        guard G.rows == M else {
            throw .shapeMismatch("basis has \(G.rows) rows but the data have \(M) columns")
        }
        guard K >= 1, K < M else { throw .invalidRank("basis rank \(K) must be in 1 ..< M = \(M)") }
        guard G.isFinite else { throw .nonFinite("basis G contains NaN or infinity") }
        try likelihood.validate()
        try settings.validate()
        let ridge = settings.ridge ?? 0
        let basis = BasisProducts(G)
        let lanes = Lanes.count
        let blocks = LaneSlots(
            (0..<lanes).map { _ in
                ReweightedBlock(
                    M: M, K: K, capacity: min(settings.blockRows, max(N, 1)), ridge: ridge)
            })
        let scratches = LaneSlots([RowScratch](repeating: RowScratch(), count: lanes))

        var A = Matrix(rows: N, cols: K)
        var cycles: [Int] = []
        let batches = Int(
            try reduction.max(Double((N + settings.batchRows - 1) / settings.batchRows)))
        for b in 0..<batches {
            let rows = min(b * settings.batchRows, N)..<min((b + 1) * settings.batchRows, N)
            var a = Matrix(rows: rows.count, cols: K)
            let batch: any RowSource =
                source is WeightedData || rows.isEmpty
                ? RowRange(source, rows) : try source.load(rows)
            try aStep(
                batch, a: &a, basis: basis, likelihood: .gaussian, blocks: blocks,
                scratches: scratches, blockRows: settings.blockRows)
            let cycle = { (x: inout Matrix) throws(RHMFError) -> Double in
                try aStep(
                    batch, a: &x, basis: basis, likelihood: likelihood, blocks: blocks,
                    scratches: scratches, blockRows: settings.blockRows)
            }
            var squarem = Squarem()
            var previous = a
            var checked = 0
            var n = 0
            while n < settings.convergence.maxCycles {
                if settings.acceleration == .squarem, n + 3 <= settings.convergence.maxCycles {
                    n += try squaremIteration(
                        &a, basis: G, cycle: cycle, squarem: &squarem, reduction: reduction)
                } else {
                    _ = try cycle(&a)
                    n += 1
                }
                if n - checked >= settings.convergence.cadence {
                    let q = try Convergence.maxFractionalChange(
                        old: previous, new: a, reduction: reduction)
                    (previous, checked) = (a, n)
                    if q < settings.convergence.tolerance || !q.isFinite { break }
                }
            }
            cycles.append(n)
            guard a.isFinite else {
                throw .diverged(
                    "inferred coefficients became non-finite in rows \(rows) of \(source.sourceDescription)"
                )
            }
            if !rows.isEmpty { A.setRows(rows.lowerBound, to: a) }
        }
        let keep = settings.keepRobustWeights ?? (N * M <= InferenceSettings.keptWeightsLimit)
        let (weights, objectWeights) = try weightPass(
            source, A: A, G: G, likelihood: likelihood, keep: keep,
            quantiles: settings.objectQuantiles, blockRows: settings.blockRows)
        let state = try RHMFState(coefficients: A, basis: G)
        let cv = try CrossValidationScore(
            source, model: state, likelihood: likelihood, blockRows: settings.blockRows,
            reduction: reduction)
        return try InferenceResult(
            coefficients: A, basis: G, likelihood: likelihood, cyclesPerBatch: cycles,
            crossValidation: cv, robustWeights: weights, objectWeightsByQuantile: objectWeights)
    }

    /// One SQUAREM iteration on the coefficients (G fixed; see `Squarem`): two cycles, the extrapolated state,
    /// and a cycle from it, kept only when the loss there (summed over processes, so that all decide alike) is
    /// no higher than at the start. `cycle` returns this process's loss at its input. Returns the cycles run.
    private static func squaremIteration(
        _ a: inout Matrix, basis G: Matrix, cycle: (inout Matrix) throws(RHMFError) -> Double,
        squarem: inout Squarem, reduction: any Reduction
    ) throws(RHMFError) -> Int {
        let x0 = a
        var x1 = x0
        let loss0 = try reduction.sum(cycle(&x1))
        var x2 = x1
        _ = try cycle(&x2)
        guard let x = try squarem.extrapolate((x0, G), (x1, G), (x2, G), reduction: reduction)
        else {
            squarem.recordPlainIteration()
            a = x2
            return 2
        }
        var x3 = x.A
        let kept = try reduction.sum(cycle(&x3)) <= loss0
        squarem.record(step: x.step, kept: kept)
        a = kept ? x3 : x2
        return 3
    }

    /// One reweighting + coefficient solve over all rows of `source`, in chunks over the lanes. Returns the
    /// loss of these rows at the coefficients it started from, summed in chunk order.
    @discardableResult
    static func aStep(
        _ source: any RowSource, a: inout Matrix, basis: BasisProducts, likelihood: Likelihood,
        blocks: LaneSlots<ReweightedBlock>, scratches: LaneSlots<RowScratch>, blockRows: Int
    ) throws(RHMFError) -> Double {
        guard source.rowCount > 0 else { return 0 }
        let partition = RowChunks(rowCount: source.rowCount, blockRows: blockRows)
        let K = basis.K
        let losses = LaneSlots([Double](repeating: 0, count: Lanes.count))
        var total = 0.0
        try a.withUnsafeMutableBufferPointer { (ap) throws(RHMFError) in
            let shared = SharedPointer(base: ap.baseAddress!)  // invariant: rowCount > 0
            try Lanes.forEach(
                partition.chunks,
                body: { (lane, chunk) throws(RHMFError) in
                    try scratches.with(lane) { (scratch) throws(RHMFError) in
                        try blocks.with(lane) { (work) throws(RHMFError) in
                            var loss = 0.0
                            for rows in partition.blocks(of: chunk) {
                                let rowsA = shared.base + rows.lowerBound * K
                                loss += try source.withRows(rows, scratch: &scratch) {
                                    (block) throws(RHMFError) -> Double in
                                    work.reweight(
                                        block, a: rowsA, basis: basis, likelihood: likelihood)
                                }
                                work.solveCoefficients(basis: basis, rows: rows.count, into: rowsA)
                            }
                            losses.with(lane) { $0 = loss }
                        }
                    }
                }, combine: { lane in total += losses[lane] })
        }
        return total
    }

    /// Robust weights of every entry (kept when asked) and each row's requested quantiles of them.
    private static func weightPass<Source: RowSource>(
        _ source: Source, A: Matrix, G: Matrix, likelihood: Likelihood,
        keep: Bool, quantiles: [Double],
        blockRows: Int
    ) throws(RHMFError) -> (Matrix?, [Double: [Double]]) {
        let N = source.rowCount
        let M = source.columnCount
        var kept = keep ? Matrix(rows: N, cols: M) : nil
        var perRow = [[Double]](repeating: [Double](repeating: 0, count: N), count: quantiles.count)
        typealias Part = (rows: Range<Int>, weights: [Double], quantiles: [[Double]])
        try predictedPass(
            source, A: A, G: G, blockRows: blockRows, makeState: { [Part]() },
            body: { (parts, rows, block, pred) in
                var w = [Double](repeating: 1, count: rows.count * M)
                for k in 0..<w.count {
                    let (y, wk) = block.entry(k)
                    let r = y - pred[k]
                    w[k] = wk > 0 ? likelihood.robustWeight(wk * r * r) : 1
                }
                let q = quantiles.map { quantile in
                    (0..<rows.count).map { i in
                        Quantile.of(Array(w[(i * M)..<((i + 1) * M)]), quantile)
                    }
                }
                parts.append((rows, keep ? w : [], q))
            },
            combine: { parts in
                for part in parts {
                    if keep {
                        kept?.setRows(
                            part.rows.lowerBound,
                            to: Matrix(rows: part.rows.count, cols: M, copying: part.weights))
                    }
                    for (t, values) in part.quantiles.enumerated() {
                        perRow[t].replaceSubrange(part.rows, with: values)
                    }
                }
            })
        var byQuantile: [Double: [Double]] = [:]
        for (t, q) in quantiles.enumerated() { byQuantile[q] = perRow[t] }
        return (kept, byQuantile)
    }
}

/// Rows `range` of another source, in place.
struct RowRange: RowSource {
    let base: any RowSource
    let range: Range<Int>

    init(_ base: any RowSource, _ range: Range<Int>) {
        self.base = base
        self.range = range
    }

    var rowCount: Int { range.count }
    var columnCount: Int { base.columnCount }
    var precision: Precision { base.precision }
    var sourceDescription: String { "rows \(range) of \(base.sourceDescription)" }

    func withRows<R>(
        _ rows: Range<Int>, scratch: inout RowScratch,
        _ body: (RowBlock) throws(RHMFError) -> R
    ) throws(RHMFError) -> R {
        try base.withRows(
            (rows.lowerBound + range.lowerBound)..<(rows.upperBound + range.lowerBound),
            scratch: &scratch, body)
    }
}

extension DenseMatrix {
    init(rows: Int, cols: Int, copying array: [Element]) {
        self = array.withUnsafeBufferPointer { DenseMatrix(rows: rows, cols: cols, copying: $0) }
    }
}
