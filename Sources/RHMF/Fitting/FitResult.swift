/// A finished fit: the factors, the per-cycle trace and the settings that produced them.
public struct FitResult: Sendable {
    /// A (N x K), G (M x K) and the number of cycles run.
    public var state: RHMFState
    /// Loss, convergence quantity and wall time per cycle.
    public var trace: FitTrace
    /// The settings of the fit.
    public var settings: FitSettings
    /// Loss of the initial state, before the first cycle.
    public var initialLoss: Double
    /// Whether the convergence test passed (false when stopped by the cycle limit).
    public var converged: Bool

    /// A result from its parts (e.g. read back from a store).
    public init(state: RHMFState, trace: FitTrace, settings: FitSettings, initialLoss: Double, converged: Bool) {
        self.state = state
        self.trace = trace
        self.settings = settings
        self.initialLoss = initialLoss
        self.converged = converged
    }

    /// Coefficients A (N x K).
    public var coefficients: Matrix { state.A }
    /// Basis G (M x K); column k is basis vector k over pixels.
    public var basis: Matrix { state.G }
    /// Final loss.
    public var loss: Double { trace.loss.last ?? initialLoss }

    /// The model A G^T (N x M).
    public func synthesize() -> Matrix { state.synthesize() }
}

extension RHMFState {
    /// The model A G^T (N x M).
    public func synthesize() -> Matrix {
        (try? Matrix.product(A, G, transposeB: true)) ?? Matrix(rows: A.rows, cols: G.rows) // invariant: shapes agree by construction
    }

    /// Residuals Y - A G^T (0 where the data are missing).
    public func residuals(_ data: WeightedData) throws(RHMFError) -> Matrix {
        try checkShape(data)
        var r = data.Y - synthesize()
        for k in r.storage.indices where data.W.storage[k] == 0 { r.storage[k] = 0 }
        return r
    }

    /// Robust weights w = dloss/d(W r^2) of every entry (1 where the data are missing).
    public func robustWeights(_ data: WeightedData, likelihood: Likelihood) throws(RHMFError) -> Matrix {
        let r = try residuals(data)
        var w = r
        for k in w.storage.indices {
            w.storage[k] = likelihood.robustWeight(data.W.storage[k] * r.storage[k] * r.storage[k])
        }
        return w
    }

    /// The loss of this state on `data`.
    public func loss(_ data: WeightedData, likelihood: Likelihood) throws(RHMFError) -> Double {
        try checkShape(data)
        return streamedLoss(data: data, A: A, G: G, likelihood: likelihood, blockRows: 512)
    }

    func checkShape(_ data: WeightedData) throws(RHMFError) {
        guard data.N == A.rows, data.M == G.rows else {
            throw .shapeMismatch("model is \(A.rows) x \(G.rows) (A rows x G rows) but data are \(data.N) x \(data.M)")
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
}
