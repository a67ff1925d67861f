import Foundation
import HMFCore

/// How far a fit stopped from the fixed point its cycles converge to, estimated from its last cycles.
///
/// Near a fixed point the cycle map contracts the error by a rate rho per cycle, so each step is rho times the
/// one before and the steps still to come sum to step x rho / (1 - rho); the loss, quadratic in the error, has
/// rho^2 / (1 - rho^2) times the last change still to gain. rho is the geometric mean of the ratios of the basis
/// steps of consecutive cycles in which the second went on from the first's result (with acceleration, the
/// plain pairs): ALS steps zig-zag, so single ratios swing both ways, but their product follows the decay.
public struct FixedPointDistance: Sendable, Equatable, Codable {
    /// The contraction per cycle (NaN when the last steps are at rounding level and show none).
    public let rate: Double
    /// The estimated largest principal angle, in degrees, between the fit's basis and the fixed point's.
    public let degrees: Double
    /// The estimated relative loss still to gain.
    public let relativeLoss: Double

    /// Steps below this many degrees are rounding (a converged fit's steps settle near 1e-9 degrees).
    static let roundingLevel = 1e-8

    /// The estimate from the last `count` ratios of consecutive steps, the last step (degrees) and the last
    /// relative loss change; nil when the steps do not contract (the fit is not near a fixed point).
    ///
    /// Only modes that the last steps show are seen: far from the fixed point, a slowly contracting direction
    /// whose steps are still small is missed, and the estimate is then a lower bound.
    static func estimate(
        ratios: [Double], lastStep: Double, lastLossChange: Double,
        count: Int = 9
    ) -> FixedPointDistance? {
        guard lastStep.isFinite else { return nil }
        if lastStep < roundingLevel {
            return FixedPointDistance(rate: .nan, degrees: lastStep, relativeLoss: lastLossChange)
        }
        let recent = Array(ratios.suffix(count)).filter { $0.isFinite && $0 > 0 }
        guard !recent.isEmpty else { return nil }
        let rate = exp(recent.map { log($0) }.reduce(0, +) / Double(recent.count))
        guard rate < 1 else { return nil }
        return FixedPointDistance(
            rate: rate, degrees: lastStep * rate / (1 - rate),
            relativeLoss: lastLossChange * rate * rate / (1 - rate * rate))
    }
}
