import HMFCore

/// Everything that determines a fit, saved beside its results.
public struct FitSettings: Sendable, Equatable, Hashable, Codable {
    /// The optimiser that minimises the loss.
    public enum Optimizer: Sendable, Equatable, Hashable, Codable {
        /// Alternating weighted least squares with one robust reweighting per cycle (IRLS).
        case als
        /// Preconditioned gradient steps (diagonal Gauss-Newton, conjugate directions) with exact line search on
        /// the reweighted quadratic: `innerSteps` steps on A, then on G, per reweighting (nil: rank + 1, enough
        /// for the conjugate directions to minimise each reweighted quadratic); rotating every `rotateEvery` cycles.
        case preconditionedGradient(rotateEvery: Int = 10, innerSteps: Int? = nil)
    }

    /// Rank K of the factorisation.
    public var rank: Int
    /// Noise model.
    public var likelihood: Likelihood
    /// Starting point.
    public var initialization: Initialization
    /// Gauge fix after each cycle.
    public var rotation: Rotation
    /// Stopping rule.
    public var convergence: Convergence
    /// Ridge added to every normal-equation matrix (0 = none).
    public var ridge: Double
    /// Rows per streamed block; work memory is about 2 x blockRows x M doubles per lane.
    public var blockRows: Int
    /// Optimiser.
    public var optimizer: Optimizer
    /// Extrapolation of the ALS cycles (nil: plain cycles, as the reference). Absent from settings written
    /// before it existed, which read back as nil.
    public var acceleration: Acceleration?

    public init(
        rank: Int, likelihood: Likelihood = .cauchy(q: 5),
        initialization: Initialization = .automatic,
        rotation: Rotation = .fast, convergence: Convergence = Convergence(),
        ridge: Double = 0, blockRows: Int = 64, optimizer: Optimizer = .als,
        acceleration: Acceleration? = nil
    ) {
        self.rank = rank
        self.likelihood = likelihood
        self.initialization = initialization
        self.rotation = rotation
        self.convergence = convergence
        self.ridge = ridge
        self.blockRows = blockRows
        self.optimizer = optimizer
        self.acceleration = acceleration
    }

    /// Checks every setting against the data's shape.
    func validate(N: Int, M: Int) throws(RHMFError) {
        guard rank >= 1, rank < min(N, M) else {
            throw .invalidRank(
                "rank K = \(rank) must satisfy 1 <= K < min(N, M) = \(min(N, M)) for data of \(N) x \(M)"
            )
        }
        try likelihood.validate()
        try convergence.validate()
        guard ridge.isFinite, ridge >= 0 else {
            throw .invalidSetting("ridge must be finite and >= 0, got \(ridge)")
        }
        guard blockRows >= 1 else {
            throw .invalidSetting("blockRows must be >= 1, got \(blockRows)")
        }
        if case .preconditionedGradient(let every, let inner) = optimizer,
            every < 1 || (inner ?? 1) < 1
        {
            throw .invalidSetting(
                "rotateEvery and innerSteps must be >= 1, got \(every) and \(inner ?? 1)")
        }
        if acceleration != nil, optimizer != .als {
            throw .invalidSetting(
                "acceleration extrapolates ALS cycles; the preconditioned-gradient optimiser takes none"
            )
        }
    }
}
