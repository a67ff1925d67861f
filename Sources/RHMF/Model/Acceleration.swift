import HMFCore

/// How a fit extrapolates its cycles (`FitSettings.acceleration`; nil runs plain cycles, as the reference does).
public enum Acceleration: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
    /// SQUAREM (Varadhan and Roland 2008, scheme S3): two cycles, a squared extrapolation step, and a third cycle
    /// from the extrapolated state, kept only when its loss is no higher than the
    /// iteration's starting state's.
    case squarem
}
