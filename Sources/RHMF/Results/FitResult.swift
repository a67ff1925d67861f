public import HMFCore

/// A finished fit: the factors, the per-cycle trace and the settings that produced them. It remembers its
/// likelihood, so inference, robust weights and scores need nothing more.
public struct FitResult: Factorization, Sendable {
    /// A (N x K), G (M x K) and the number of cycles run.
    public let state: RHMFState
    /// Loss, convergence quantity and wall time per cycle.
    public let trace: FitTrace
    /// The settings of the fit.
    public let settings: FitSettings
    /// Loss of the initial state, before the first cycle.
    public let initialLoss: Double
    /// Whether the convergence test passed (false when stopped by the cycle limit).
    public let converged: Bool
    /// The initialisation that produced the start (`.automatic` resolved), nil when a start state was given.
    public let start: Initialization?

    /// A result from its parts (e.g. read back from a store).
    /// - Throws: `RHMFError.invalidRank` when the state's K is not `settings.rank`, `shapeMismatch` when a
    ///   per-cycle record of the trace has neither no entry nor one per cycle.
    public init(
        state: RHMFState, trace: FitTrace, settings: FitSettings, initialLoss: Double,
        converged: Bool,
        start: Initialization? = nil
    ) throws(RHMFError) {
        guard state.rank == settings.rank else {
            throw .invalidRank(
                "the state has K = \(state.rank) but the settings say rank \(settings.rank)")
        }
        let records = [
            ("loss", trace.loss.count), ("convergence", trace.convergence.count),
            ("seconds", trace.seconds.count), ("subspaceSteps", trace.subspaceSteps?.count ?? 0),
        ]
        if let (name, count) = records.first(where: { $0.1 != 0 && $0.1 != state.cycles }) {
            throw .shapeMismatch(
                "the trace's \(name) has \(count) entries for \(state.cycles) cycles")
        }
        self.state = state
        self.trace = trace
        self.settings = settings
        self.initialLoss = initialLoss
        self.converged = converged
        self.start = start
    }

    /// This result, recording that its start state came from `initialization` (a start computed outside the
    /// fit, such as a shared SVD).
    package func started(from initialization: Initialization) -> FitResult {
        // invariant: the parts were validated when this result was built
        (try? FitResult(
            state: state, trace: trace, settings: settings, initialLoss: initialLoss,
            converged: converged, start: initialization)) ?? self
    }

    /// The likelihood the model was fitted with.
    public var likelihood: Likelihood { settings.likelihood }
    /// Number of cycles run.
    public var cycles: Int { state.cycles }
    /// Total wall time of the cycles, in seconds.
    public var fitSeconds: Double { trace.seconds.reduce(0, +) }

    /// Infers coefficients of the rows of `source` with this fit's basis held fixed and its likelihood and
    /// ridge (see `RobustHMF.infer`).
    public func infer<Source: RowSource>(
        _ source: Source, settings inference: InferenceSettings = InferenceSettings(),
        reduction: any Reduction = LocalReduction()
    ) throws(RHMFError) -> InferenceResult {
        var s = inference
        if s.ridge == nil { s.ridge = settings.ridge }
        return try RobustHMF.infer(
            source, basis: basis, likelihood: likelihood, settings: s, reduction: reduction)
    }

    /// Robust weights of every entry of `data` under this model (1 where data are missing).
    public func robustWeights(_ data: WeightedData) throws(RHMFError) -> Matrix {
        try state.robustWeights(data, likelihood: likelihood)
    }

    /// Coefficients A (N x K).
    public var coefficients: Matrix { state.coefficients }
    /// Basis G (M x K); column k is basis vector k over pixels.
    public var basis: Matrix { state.basis }
    /// Final loss.
    public var loss: Double { trace.loss.last ?? initialLoss }

}

extension RHMFState: Factorization {
    private var A: Matrix { coefficients }
    private var G: Matrix { basis }

    /// Residuals Y - A G^T (0 where the data are missing).
    public func residuals(_ data: WeightedData) throws(RHMFError) -> Matrix {
        try checkShape(data)
        var r = data.Y - reconstruction()
        let w = data.W
        r.updateEach { i, j, v in if w[i, j] == 0 { v = 0 } }
        return r
    }

    /// Robust weights w = dloss/d(W r^2) of every entry (1 where the data are missing).
    public func robustWeights(_ data: WeightedData, likelihood: Likelihood) throws(RHMFError)
        -> Matrix
    {
        var r = try residuals(data)
        let w = data.W
        r.updateEach { i, j, v in v = likelihood.robustWeight(w[i, j] * v * v) }
        return r
    }

    /// The loss of this state on `data`.
    public func loss<Source: RowSource>(_ data: Source, likelihood: Likelihood) throws(RHMFError)
        -> Double
    {
        guard data.rowCount == A.rows, data.columnCount == G.rows else {
            throw .shapeMismatch(
                "model is \(A.rows) x \(G.rows) (A rows x G rows) but data are \(data.rowCount) x \(data.columnCount)"
            )
        }
        return try streamedLoss(
            data, A: A, G: G, likelihood: likelihood, blockRows: 128, reduction: LocalReduction())
    }

    func checkShape(_ data: WeightedData) throws(RHMFError) {
        guard data.N == A.rows, data.M == G.rows else {
            throw .shapeMismatch(
                "model is \(A.rows) x \(G.rows) (A rows x G rows) but data are \(data.N) x \(data.M)"
            )
        }
    }
}

/// What a running fit reports after each cycle.
public struct FitProgress: Sendable {
    /// Cycles completed.
    public let cycle: Int
    /// Cycle limit.
    public let maxCycles: Int
    /// Loss at the start of this cycle.
    public let loss: Double
    /// Latest convergence quantity (NaN before the first check).
    public let convergence: Double
    /// The convergence criterion in use.
    public let criterion: Convergence.Criterion
    /// Its tolerance.
    public let tolerance: Double
}
