import Foundation
import HMFCore

/// Robust heteroskedastic matrix factorisation: Y ~ A G^T with per-entry weights and a robust likelihood.
///
/// ```swift
/// let data = try WeightedData(contentsOf: "train.npz")
/// let fit = try RobustHMF(FitSettings(rank: 5, likelihood: .cauchy(q: 5))).fit(data)
/// let test = try fit.infer(testData)          // G fixed, the fit's own likelihood
/// print(test.crossValidation.stdZ)
/// ```
public struct RobustHMF: Sendable {
    /// The settings used by `fit`.
    public var settings: FitSettings

    public init(_ settings: FitSettings) {
        self.settings = settings
    }

    /// Fits the model to the rows of `source`, starting from `start` when given (otherwise from
    /// `settings.initialization`). `progress` is called after every cycle.
    ///
    /// A distributed fit passes the reduction that sums over its processes; each process's `source` then
    /// holds its own rows, and the result's A holds those rows.
    /// - Throws: `RHMFError` for invalid settings or start shapes, unreadable rows, LAPACK failures, or divergence.
    public func fit<Source: RowSource>(
        _ source: Source, start: RHMFState? = nil, reduction: any Reduction = LocalReduction(),
        progress: ((FitProgress) -> Void)? = nil
    ) throws(RHMFError) -> FitResult {
        try BLASThreads.single { () throws(RHMFError) -> FitResult in
            try fitUnlocked(source, start: start, reduction: reduction, progress: progress)
        }
    }

    private func fitUnlocked<Source: RowSource>(
        _ source: Source, start: RHMFState?, reduction: any Reduction,
        progress: ((FitProgress) -> Void)?
    ) throws(RHMFError) -> FitResult {
        let globalN = Int(try reduction.sum(Double(source.rowCount)))
        try settings.validate(N: globalN, M: source.columnCount)
        let initialization = settings.initialization.resolved(entries: globalN * source.columnCount)
        var (A, G): (Matrix, Matrix)
        if let start {
            guard start.coefficients.rows == source.rowCount,
                start.basis.rows == source.columnCount, start.rank == settings.rank
            else {
                throw .shapeMismatch(
                    "start state has A \(start.coefficients.rows) x \(start.coefficients.cols) and G \(start.basis.rows) x \(start.basis.cols); data are \(source.rowCount) x \(source.columnCount) at rank \(settings.rank)"
                )
            }
            guard start.coefficients.isFinite, start.basis.isFinite else {
                throw .nonFinite("start state contains NaN or infinity")
            }
            (A, G) = (start.coefficients, start.basis)
        } else {
            (A, G) = try initialization.factors(
                for: source, rank: settings.rank, blockRows: settings.blockRows,
                reduction: reduction)
        }
        switch settings.optimizer {
        case .als:
            var engine = ALSEngine(source: source, settings: settings, reduction: reduction)
            return try drive(
                &engine, source, A: A, G: G, start: start == nil ? initialization : nil, reduction,
                progress)
        case .preconditionedGradient(let every, let inner):
            guard let data = source as? WeightedData, reduction is LocalReduction else {
                throw .invalidSetting(
                    "the preconditioned-gradient optimiser needs in-memory data in one process; use ALS"
                )
            }
            var engine = GradientEngine(
                data: data, settings: settings, rotateEvery: every,
                innerSteps: inner ?? settings.rank + 1)
            return try drive(
                &engine, source, A: A, G: G, start: start == nil ? initialization : nil, reduction,
                progress)
        }
    }

    /// The loop shared by every optimiser: cycles (extrapolated with `settings.acceleration`), trace,
    /// convergence checks at the cadence.
    private func drive<E: CycleEngine, Source: RowSource>(
        _ engine: inout E, _ source: Source, A a0: Matrix, G g0: Matrix, start: Initialization?,
        _ reduction: any Reduction, _ progress: ((FitProgress) -> Void)?
    ) throws(RHMFError) -> FitResult {
        var A = a0
        var G = g0
        let conv = settings.convergence
        let lossOf = { (a: Matrix, g: Matrix) throws(RHMFError) -> Double in
            try streamedLoss(
                source, A: a, G: g, likelihood: settings.likelihood, blockRows: settings.blockRows,
                reduction: reduction)
        }
        var trace = FitTrace()
        if settings.acceleration != nil { (trace.extrapolated, trace.rejected) = ([], []) }
        var steps: [Double] = []
        var lossChanges: [Double] = []
        var ratios: [Double] = []
        var previousEntryLoss = Double.nan
        var previousOutput: Matrix?
        var initialLoss = Double.nan
        var checkpoint = (A: A, G: G, loss: Double.nan, cycle: 0)
        var latest = Double.nan
        var converged = false
        var cycle = 0
        let clock = ContinuousClock()

        var squarem = Squarem()
        var entryLoss = Double.nan
        func report() {
            progress?(
                FitProgress(
                    cycle: cycle, maxCycles: conv.maxCycles, loss: entryLoss, convergence: latest,
                    criterion: conv.criterion,
                    tolerance: conv.criterion == .stationary ? 1 : conv.tolerance))
        }
        /// One cycle from (a, g) in place; returns the loss of the state it started from. The last cycle of an
        /// iteration is reported after the convergence check.
        func step(_ a: inout Matrix, _ g: inout Matrix, reporting: Bool = false) throws(RHMFError)
            -> Double
        {
            let t0 = clock.now
            let gIn = g
            entryLoss = try engine.cycle(A: &a, G: &g)
            let elapsed = clock.now - t0
            cycle += 1
            guard entryLoss.isFinite else {
                throw .diverged("loss became \(entryLoss) in cycle \(cycle)")
            }
            guard g.isFinite else {
                throw .diverged("the basis became non-finite in cycle \(cycle)")
            }
            let stepDegrees = try principalAngles(between: gIn, and: g).largestDegrees
            // A cycle that went on from the previous one's result: their steps' ratio is the map's contraction.
            if let last = steps.last, last > 0, previousOutput == gIn {
                ratios.append(stepDegrees / last)
            }
            steps.append(stepDegrees)
            previousOutput = g
            // The loss of the state each cycle started from: the change between consecutive cycles' states.
            if previousEntryLoss.isFinite {
                lossChanges.append(
                    abs(previousEntryLoss - entryLoss) / max(abs(entryLoss), .leastNormalMagnitude))
            }
            previousEntryLoss = entryLoss
            if cycle == 1 {
                initialLoss = entryLoss
                checkpoint.loss = entryLoss
            } else {
                trace.loss.append(entryLoss)
            }
            trace.convergence.append(.nan)
            trace.seconds.append(Double(elapsed / .seconds(1)))
            if reporting { report() }
            return entryLoss
        }

        while cycle < conv.maxCycles {
            if settings.acceleration == .squarem, cycle + 3 <= conv.maxCycles {
                // x0 = (A, G); x1 and x2 by plain cycles; the third cycle runs from the extrapolated state.
                let x0 = (A: A, G: G)
                var x1 = x0
                let loss0 = try step(&x1.A, &x1.G, reporting: true)
                var x2 = x1
                // Reported here only when a third cycle follows; otherwise after the convergence check below.
                _ = try step(&x2.A, &x2.G)
                if var x = try squarem.extrapolate(x0, x1, x2, reduction: reduction) {
                    report()
                    let extrapolatedLoss = try step(&x.A, &x.G)
                    trace.extrapolated?.append(cycle)
                    // Never keep a state whose loss is above the one the iteration started from.
                    let kept = extrapolatedLoss <= loss0
                    squarem.record(step: x.step, kept: kept)
                    if kept {
                        (A, G) = (x.A, x.G)
                    } else {
                        trace.rejected?.append(cycle)
                        (A, G) = x2
                    }
                } else {
                    squarem.recordPlainIteration()
                    (A, G) = x2
                }
            } else {
                _ = try step(&A, &G)
            }
            guard cycle - checkpoint.cycle >= conv.cadence else {
                report()
                continue
            }
            var quantity = Double.nan
            switch conv.criterion {
            case .maxFracG:
                quantity = Convergence.maxFractionalChange(old: checkpoint.G, new: G)
            case .maxFracA:
                quantity = try Convergence.maxFractionalChange(
                    old: checkpoint.A, new: A, reduction: reduction)
            case .relativeLoss:
                let now = try lossOf(A, G)
                quantity = abs(checkpoint.loss - now) / max(abs(now), .leastNormalMagnitude)
                checkpoint.loss = now
            case .stationary:
                quantity = conv.stationarity(lossChanges: lossChanges, steps: steps, ratios: ratios)
            case .none:
                break
            }
            (checkpoint.A, checkpoint.G, checkpoint.cycle) = (A, G, cycle)
            latest = quantity
            trace.convergence[cycle - 1] = quantity
            report()
            if quantity < (conv.criterion == .stationary ? 1 : conv.tolerance) {
                converged = true
                break
            }
        }
        trace.subspaceSteps = steps
        trace.distance = FixedPointDistance.estimate(
            ratios: ratios, lastStep: steps.last ?? .nan,
            lastLossChange: lossChanges.last ?? .nan)
        let finalLoss = try lossOf(A, G)
        guard finalLoss.isFinite, A.isFinite, G.isFinite else {
            throw .diverged("non-finite factors after \(cycle) cycles")
        }
        trace.loss.append(finalLoss)
        let state = try RHMFState(coefficients: A, basis: G, cycles: cycle)
        return try FitResult(
            state: state, trace: trace, settings: settings, initialLoss: initialLoss,
            converged: converged,
            start: start)
    }
}
