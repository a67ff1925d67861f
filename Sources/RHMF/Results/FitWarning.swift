import Foundation

/// A sign that a fit may not sit at an optimum of its loss, with the evidence that raised it.
///
/// Read from the fit's own trace (`FitResult.warnings`) or from a comparison of fits of the same data from
/// different starts (`StartComparison`), so a warning can never outlive the result it describes.
public enum FitWarning: Sendable, Equatable, Hashable, Codable {
    /// The cycle limit stopped the fit before its convergence rule passed.
    case cycleLimit(cycles: Int)
    /// The rule stopped the fit while its basis still turned by `lastStepDegrees` (largest principal angle) per
    /// cycle: the end point is a point on the way, not a fixed point. The reference's max_frac_G rule at its
    /// usual tolerance stops toy fits while they still turn 0.1-1 degrees per cycle.
    case stoppedWhileMoving(lastStepDegrees: Double)
    /// The last cycles contract by `rate` per cycle or more slowly: the fit creeps along a nearly flat valley,
    /// where plain cycles can stall far from the optimum an accelerated fit reaches.
    case slowContraction(rate: Double, lastStepDegrees: Double)
    /// Fits of the same data from different starts end `degrees` apart (largest principal angle), with the
    /// higher loss `relativeLossGap` above the lower.
    case startsDisagree(degrees: Double, relativeLossGap: Double)

    /// Last steps larger than this many degrees per cycle count as moving.
    public static let movingStepDegrees = 1e-2
    /// Contraction rates at or above this count as slow.
    public static let slowRate = 0.99
    /// Starts whose bases end more than this many degrees apart disagree.
    public static let disagreeingDegrees = 1.0
}

extension FitWarning: CustomStringConvertible {
    /// One line: what was seen and what it means.
    public var description: String {
        switch self {
        case .cycleLimit(let cycles):
            return "stopped by the cycle limit after \(cycles) cycles, before its rule passed"
        case .stoppedWhileMoving(let step):
            return "stopped while its basis still turned \(Self.format(step)) degrees per cycle; "
                + "the end point is not a fixed point (run to the stationary rule)"
        case .slowContraction(let rate, let step):
            return "creeps: its last cycles contract by \(Self.format(rate)) per cycle "
                + "(last step \(Self.format(step)) degrees); plain cycles can stall in such a valley"
        case .startsDisagree(let degrees, let gap):
            return "fits from other starts end \(Self.format(degrees)) degrees apart, "
                + "losses \(Self.format(gap)) (relative) apart"
        }
    }

    private static func format(_ x: Double) -> String { String(format: "%.3g", x) }
}

extension FitResult {
    /// The warnings this fit's trace raises (empty for a fit that converged to a fixed point):
    /// - `cycleLimit` when it did not converge;
    /// - `stoppedWhileMoving` when its last basis step exceeds `FitWarning.movingStepDegrees`;
    /// - `slowContraction` when its last cycles contract at `FitWarning.slowRate` or slower.
    ///
    /// Results stored before steps were recorded raise only `cycleLimit`.
    public var warnings: [FitWarning] {
        var found: [FitWarning] = []
        if !converged { found.append(.cycleLimit(cycles: cycles)) }
        guard let step = trace.subspaceSteps?.last, step.isFinite else { return found }
        if step > FitWarning.movingStepDegrees {
            found.append(.stoppedWhileMoving(lastStepDegrees: step))
        }
        if let rate = trace.distance?.rate, rate >= FitWarning.slowRate,
            step >= FixedPointDistance.roundingLevel
        {
            found.append(.slowContraction(rate: rate, lastStepDegrees: step))
        }
        return found
    }
}
