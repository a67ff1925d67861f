import HMFCore

/// When a fit or an inference stops.
public struct Convergence: Sendable, Equatable, Hashable, Codable {
    /// The quantity compared with the tolerance.
    public enum Criterion: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
        /// max((G_prev - G)^2) / mean(G^2), G_prev being G at the previous check.
        case maxFracG
        /// The same for A (used by inference, where G is fixed).
        case maxFracA
        /// |L_prev - L| / |L| between checks.
        case relativeLoss
        /// Converged in what users care about: over each of the last `window` cycles the loss moved by less
        /// than `tolerance` (relative), and the basis is estimated to be within `angleTolerance` degrees (largest
        /// principal angle) of the fixed point, from its last step and the contraction the window's steps show
        /// (`FixedPointDistance`). The quantity recorded is the larger of the two ratios to their tolerances:
        /// below 1 stops.
        case stationary
        /// Never converge: run exactly the maximum number of cycles.
        case none
    }

    /// The quantity tested.
    public var criterion: Criterion
    /// Stop when the quantity is below this (0 never stops early).
    public var tolerance: Double
    /// Test every `cadence` cycles.
    public var cadence: Int
    /// Hard limit on cycles.
    public var maxCycles: Int
    /// `.stationary` only: the estimated largest principal angle, in degrees, between the basis and the fixed
    /// point's (nil for other criteria, and absent from their settings files).
    public var angleTolerance: Double?
    /// `.stationary` only: how many consecutive cycles must each pass (nil for other criteria).
    public var window: Int?

    public init(
        criterion: Criterion = .maxFracG, tolerance: Double = 1e-2, cadence: Int = 1,
        maxCycles: Int = 1000
    ) {
        self.criterion = criterion
        self.tolerance = tolerance
        self.cadence = cadence
        self.maxCycles = maxCycles
    }

    /// The stationary rule: stop once each of the last `window` cycles moved the loss by less than
    /// `lossTolerance` (relative) and the basis is estimated within `angleTolerance` degrees of the fixed point.
    public static func stationary(
        lossTolerance: Double = 1e-10, angleTolerance: Double = 1e-3, window: Int = 10,
        cadence: Int = 1, maxCycles: Int = 20_000
    ) -> Convergence {
        var c = Convergence(
            criterion: .stationary, tolerance: lossTolerance, cadence: cadence, maxCycles: maxCycles
        )
        c.angleTolerance = angleTolerance
        c.window = window
        return c
    }

    /// The reference's inference rule: max_frac_A < 1e-4, checked every cycle, at most 1000 cycles.
    public static let inference = Convergence(criterion: .maxFracA, tolerance: 1e-4)

    func validate() throws(RHMFError) {
        guard tolerance.isFinite, tolerance >= 0 else {
            throw .invalidSetting("tolerance must be finite and >= 0, got \(tolerance)")
        }
        guard cadence >= 1 else {
            throw .invalidSetting("check cadence must be >= 1, got \(cadence)")
        }
        guard maxCycles >= 1 else {
            throw .invalidSetting("maximum number of cycles must be >= 1, got \(maxCycles)")
        }
        if criterion == .stationary {
            guard let angleTolerance, angleTolerance.isFinite, angleTolerance >= 0 else {
                throw .invalidSetting(
                    "the stationary rule needs an angle tolerance, finite and >= 0 degrees")
            }
            guard let window, window >= 1 else {
                throw .invalidSetting("the stationary rule's window must be >= 1 cycles")
            }
        }
    }

    /// The stationary rule's quantity from the per-cycle relative loss changes, basis steps (degrees) and ratios
    /// of consecutive steps: the larger ratio to its tolerance (the loss over the last `window` cycles, the
    /// estimated distance of the basis); infinity while fewer cycles than that have run.
    func stationarity(lossChanges: [Double], steps: [Double], ratios: [Double]) -> Double {
        let w = window ?? 1
        guard lossChanges.count >= w, let last = steps.last else { return .infinity }
        let loss = lossChanges.suffix(w).max() ?? .infinity
        guard
            let distance = FixedPointDistance.estimate(
                ratios: ratios, lastStep: last, lastLossChange: 0, count: w)
        else { return .infinity }
        func ratio(_ x: Double, _ tol: Double) -> Double {
            x <= 0 ? 0 : (tol > 0 ? x / tol : .infinity)
        }
        return max(ratio(loss, tolerance), ratio(distance.degrees, angleTolerance ?? 0))
    }

    /// max((old - new)^2) / mean(new^2); infinity when `new` is all zero.
    static func maxFractionalChange(old: Matrix, new: Matrix) -> Double {
        let (maxSq, sumSq) = changeSums(old: old, new: new)
        let mean = sumSq / Double(max(new.elementCount, 1))
        return mean > 0 ? maxSq / mean : .infinity
    }

    /// The same over the rows of every process.
    static func maxFractionalChange(old: Matrix, new: Matrix, reduction: any Reduction)
        throws(RHMFError) -> Double
    {
        if reduction is LocalReduction { return maxFractionalChange(old: old, new: new) }
        let (maxSq, sumSq) = changeSums(old: old, new: new)
        var sums = [sumSq, Double(new.elementCount)]
        try reduction.sum(&sums)
        let largest = try reduction.max(maxSq)
        let mean = sums[0] / Swift.max(sums[1], 1)
        return mean > 0 ? largest / mean : .infinity
    }

    private static func changeSums(old: Matrix, new: Matrix) -> (Double, Double) {
        var maxSq = 0.0
        var sumSq = 0.0
        old.withUnsafeBufferPointer { o in
            new.withUnsafeBufferPointer { n in
                for k in 0..<n.count {
                    let d = o[k] - n[k]
                    maxSq = Swift.max(maxSq, d * d)
                    sumSq += n[k] * n[k]
                }
            }
        }
        return (maxSq, sumSq)
    }
}

extension Convergence.Criterion: CustomStringConvertible {
    /// The reference's name of the criterion.
    public var description: String {
        switch self {
        case .maxFracG: return "max_frac_G"
        case .maxFracA: return "max_frac_A"
        case .relativeLoss: return "relative loss"
        case .stationary: return "stationarity"
        case .none: return "none"
        }
    }
}
