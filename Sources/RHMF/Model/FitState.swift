public import HMFCore

/// The factors of a fitted model: Y ~ A G^T, plus how many ALS cycles produced them.
///
/// This is the same content robusta-hmf saves in its state files (`A`, `G`, `it`).
///
/// Read-only: a state is built by a fit, read from a file, or made by the validating initialiser.
public struct RHMFState: Sendable, Equatable {
    /// The coefficients A, N x K (one row per object/spectrum; `A` in robusta-hmf's state files).
    public let coefficients: Matrix
    /// The basis G, M x K (one row per pixel, column k is basis vector k; `G` in robusta-hmf's files).
    public let basis: Matrix
    /// Number of completed cycles.
    public let cycles: Int

    /// A state from its factors.
    /// - Throws: `RHMFError.shapeMismatch` when A and G do not share K, `invalidRank` when K is 0,
    ///   `nonFinite` when a factor holds NaN or infinity, `invalidSetting` when `cycles` is negative.
    public init(coefficients A: Matrix, basis G: Matrix, cycles: Int = 0) throws(RHMFError) {
        guard A.cols == G.cols else {
            throw .shapeMismatch(
                "A is \(A.rows) x \(A.cols) but G is \(G.rows) x \(G.cols); both need K columns")
        }
        guard G.cols >= 1 else { throw .invalidRank("a state needs K >= 1 columns, got 0") }
        guard A.isFinite else { throw .nonFinite("the coefficients A contain NaN or infinity") }
        guard G.isFinite else { throw .nonFinite("the basis G contains NaN or infinity") }
        guard cycles >= 0 else { throw .invalidSetting("cycles must be >= 0, got \(cycles)") }
        self.coefficients = A
        self.basis = G
        self.cycles = cycles
    }
}

/// What happened in each cycle of a fit.
public struct FitTrace: Sendable, Equatable, Codable {
    /// Loss after each cycle.
    public package(set) var loss: [Double] = []
    /// Convergence quantity at each check (NaN for cycles without a check).
    public package(set) var convergence: [Double] = []
    /// Wall time of each cycle in seconds.
    public package(set) var seconds: [Double] = []
    /// With acceleration: the cycles that started from an extrapolated state (their entry in `loss`, at index
    /// cycle - 2, is that state's loss), and of those the ones whose state was not kept because its loss was
    /// higher (the fit went on from the plain cycles). Nil without acceleration.
    public package(set) var extrapolated: [Int]?
    public package(set) var rejected: [Int]?
    /// The step of each cycle in the basis's span: the largest principal angle, in degrees, between the G the
    /// cycle started from and the G it ended with (the fixed-point residual that `FitResult.distance` reads).
    /// Nil in results stored before it was recorded.
    public package(set) var subspaceSteps: [Double]?
    /// The estimated distance of the final state from the fixed point (nil when the last cycles did not
    /// contract, and in results stored before it was recorded).
    public package(set) var distance: FixedPointDistance?

    /// An empty trace (a model read from a file that records none).
    public init() {}

    package init(loss: [Double], convergence: [Double], seconds: [Double]) {
        self.loss = loss
        self.convergence = convergence
        self.seconds = seconds
    }
}
