/// The factors of a fitted model: Y ~ A G^T, plus how many ALS cycles produced them.
///
/// This is the same content robusta-hmf saves in its state files (`A`, `G`, `it`).
public struct RHMFState: Sendable, Equatable {
    /// Coefficients, N x K (one row per object/spectrum).
    public var A: Matrix
    /// Basis, M x K (one row per pixel; column k is basis vector k).
    public var G: Matrix
    /// Number of completed cycles.
    public var cycles: Int

    /// A state from its factors.
    /// - Throws: `RHMFError.shapeMismatch` when A and G do not share K.
    public init(A: Matrix, G: Matrix, cycles: Int = 0) throws(RHMFError) {
        guard A.cols == G.cols else {
            throw .shapeMismatch("A is \(A.rows) x \(A.cols) but G is \(G.rows) x \(G.cols); both need K columns")
        }
        self.A = A
        self.G = G
        self.cycles = cycles
    }

    /// The rank K.
    public var rank: Int { A.cols }
}

/// What happened in each cycle of a fit.
public struct FitTrace: Sendable, Equatable, Codable {
    /// Loss after each cycle.
    public var loss: [Double] = []
    /// Convergence quantity at each check (NaN for cycles without a check).
    public var convergence: [Double] = []
    /// Wall time of each cycle in seconds.
    public var seconds: [Double] = []
    /// With acceleration: the cycles that started from an extrapolated state (their entry in `loss`, at index
    /// cycle - 2, is that state's loss), and of those the ones whose state was not kept because its loss was
    /// higher (the fit went on from the plain cycles). Nil without acceleration.
    public var extrapolated: [Int]?
    public var rejected: [Int]?
    /// The step of each cycle in the basis's span: the largest principal angle, in degrees, between the G the
    /// cycle started from and the G it ended with (the fixed-point residual that `FitResult.distance` reads).
    /// Nil in results stored before it was recorded.
    public var subspaceSteps: [Double]?
    /// The estimated distance of the final state from the fixed point (nil when the last cycles did not
    /// contract, and in results stored before it was recorded).
    public var distance: FixedPointDistance?

    public init(loss: [Double] = [], convergence: [Double] = [], seconds: [Double] = []) {
        self.loss = loss
        self.convergence = convergence
        self.seconds = seconds
    }
}
