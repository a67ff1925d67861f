/// Robust heteroskedastic matrix factorisation: Y ~ A G^T with per-entry weights and a robust likelihood.
///
/// ```swift
/// let model = RobustHMF(FitSettings(rank: 5, likelihood: .cauchy(q: 5)))
/// let result = try model.fit(data)
/// let weights = try result.state.robustWeights(data, likelihood: result.settings.likelihood)
/// ```
public struct RobustHMF: Sendable {
    /// The settings used by `fit`.
    public var settings: FitSettings

    public init(_ settings: FitSettings) {
        self.settings = settings
    }

    /// Fits the model to `data`, starting from `start` when given (otherwise from `settings.initialization`).
    /// `progress` is called after every cycle.
    /// - Throws: `RHMFError` for invalid settings or start shapes, LAPACK failures, or divergence to NaN.
    public func fit(_ data: WeightedData, start: RHMFState? = nil,
                    progress: ((FitProgress) -> Void)? = nil) throws(RHMFError) -> FitResult {
        try settings.validate(N: data.N, M: data.M)
        var (A, G): (Matrix, Matrix)
        if let start {
            guard start.A.rows == data.N, start.G.rows == data.M, start.rank == settings.rank else {
                throw .shapeMismatch("start state has A \(start.A.rows) x \(start.A.cols) and G \(start.G.rows) x \(start.G.cols); data are \(data.N) x \(data.M) at rank \(settings.rank)")
            }
            guard start.A.storage.allSatisfy(\.isFinite), start.G.storage.allSatisfy(\.isFinite) else {
                throw .nonFinite("start state contains NaN or infinity")
            }
            (A, G) = (start.A, start.G)
        } else {
            (A, G) = try settings.initialization.factors(for: data, rank: settings.rank)
        }
        switch settings.optimizer {
        case .als:
            var engine = ALSEngine(data: data, settings: settings)
            return try drive(&engine, data: data, A: A, G: G, progress: progress)
        case .preconditionedGradient(let every, let inner):
            var engine = GradientEngine(data: data, settings: settings, rotateEvery: every,
                                        innerSteps: inner ?? settings.rank + 1)
            return try drive(&engine, data: data, A: A, G: G, progress: progress)
        }
    }

    /// The loop shared by every optimiser: cycles, trace, convergence checks at the cadence.
    private func drive<E: CycleEngine>(_ engine: inout E, data: WeightedData, A a0: Matrix, G g0: Matrix,
                                       progress: ((FitProgress) -> Void)?) throws(RHMFError) -> FitResult {
        var A = a0, G = g0
        let conv = settings.convergence
        let lossOf = { (a: Matrix, g: Matrix) in
            streamedLoss(data: data, A: a, G: g, likelihood: settings.likelihood, blockRows: settings.blockRows)
        }
        var trace = FitTrace()
        var initialLoss = Double.nan
        var checkpoint = (A: A, G: G, loss: Double.nan)
        var latest = Double.nan
        var converged = false
        var cycle = 0
        let clock = ContinuousClock()
        while cycle < conv.maxCycles {
            let t0 = clock.now
            let entryLoss = try engine.cycle(A: &A, G: &G)
            cycle += 1
            guard entryLoss.isFinite else { throw .diverged("loss became \(entryLoss) in cycle \(cycle)") }
            if cycle == 1 { initialLoss = entryLoss; checkpoint.loss = entryLoss } else { trace.loss.append(entryLoss) }
            var quantity = Double.nan
            if cycle % conv.cadence == 0 {
                switch conv.criterion {
                case .maxFracG:
                    quantity = Convergence.maxFractionalChange(old: checkpoint.G, new: G)
                case .maxFracA:
                    quantity = Convergence.maxFractionalChange(old: checkpoint.A, new: A)
                case .relativeLoss:
                    let now = lossOf(A, G)
                    quantity = abs(checkpoint.loss - now) / max(abs(now), .leastNormalMagnitude)
                    checkpoint.loss = now
                case .none:
                    break
                }
                checkpoint.A = A
                checkpoint.G = G
                latest = quantity
            }
            trace.convergence.append(quantity)
            trace.seconds.append(Double((clock.now - t0) / .seconds(1)))
            progress?(FitProgress(cycle: cycle, maxCycles: conv.maxCycles, loss: entryLoss, convergence: latest))
            if quantity < conv.tolerance { converged = true; break }
        }
        let finalLoss = lossOf(A, G)
        guard finalLoss.isFinite, A.storage.allSatisfy(\.isFinite), G.storage.allSatisfy(\.isFinite) else {
            throw .diverged("non-finite factors after \(cycle) cycles")
        }
        trace.loss.append(finalLoss)
        let state = try RHMFState(A: A, G: G, cycles: cycle)
        return FitResult(state: state, trace: trace, settings: settings, initialLoss: initialLoss, converged: converged)
    }
}
