import ArgumentParser
import RHMF

/// Choices of the noise model on the command line.
package enum LikelihoodChoice: String, ExpressibleByArgument, CaseIterable, Sendable {
    case cauchy
    case studentT = "student-t"
    case gaussian

    /// The likelihood with scale `q` (also the Student-t scale) and `nu` degrees of freedom.
    package func likelihood(q: Double, nu: Double) -> Likelihood {
        switch self {
        case .cauchy: .cauchy(q: q)
        case .studentT: .studentT(nu: nu, s: q)
        case .gaussian: .gaussian
        }
    }
}

/// Choices of the initialisation on the command line.
package enum InitChoice: String, ExpressibleByArgument, CaseIterable, Sendable {
    case automatic, svd, rsvd, random
    case scaledSVD = "scaled-svd"
}

/// Choices of the convergence criterion on the command line.
package enum CriterionChoice: String, ExpressibleByArgument, CaseIterable, Sendable {
    case maxFracG = "max-frac-g"
    case relativeLoss = "relative-loss"
    case stationary, none
}

extension Rotation: ExpressibleByArgument {}
extension Acceleration: ExpressibleByArgument {}
extension Precision: ExpressibleByArgument {}

/// The fit settings as command-line options, shared by `hmfbook fit` and `hmfbook-mpi fit`.
package struct FitArguments: ParsableArguments {
    @Option(help: "Rank K of the factorisation.")
    package var rank: Int
    @Option(help: "Cauchy scale Q (also the Student-t scale s).")
    package var q: Double = 5
    @Option(
        help: "Noise model: \(LikelihoodChoice.allCases.map(\.rawValue).joined(separator: ", ")).")
    package var likelihood: LikelihoodChoice = .cauchy
    @Option(help: "Student-t degrees of freedom.")
    package var nu: Double = 1
    @Option(
        name: .customLong("init"),
        help:
            "Initialisation: automatic (svd up to 10 million entries, rsvd above), svd, rsvd, random or scaled-svd (SVD of sqrt(W) Y)."
    )
    package var initialization: InitChoice = .automatic
    @Option(help: "Rotation: fast (whiten G), fastA (whiten A), slow (SVD) or identity.")
    package var rotation: Rotation = .fast
    @Option(
        help:
            "Convergence criterion: max-frac-g (the reference's), relative-loss, stationary (loss and basis steps over a window: a converged fit) or none."
    )
    package var criterion: CriterionChoice = .maxFracG
    @Option(
        help:
            "Convergence tolerance (stationary: the relative loss change per cycle); 0 runs exactly --max-cycles cycles."
    )
    package var tol: Double = 1e-2
    @Option(
        name: .customLong("angle-tolerance"),
        help: "Stationary rule: the basis's estimated distance from the fixed point, in degrees.")
    package var angleTol: Double = 1e-3
    @Option(
        help:
            "Stationary rule: the cycles over which the loss change and the contraction are measured."
    )
    package var window: Int = 10
    @Option(help: "Check convergence every this many cycles.")
    package var cadence: Int = 1
    @Option(name: .customLong("max-cycles"), help: "Maximum number of cycles.")
    package var maxCycles: Int = 1000
    @Option(help: "Ridge added to the normal equations.")
    package var ridge: Double = 0
    @Option(help: "Seed for random and randomized-SVD initialisation.")
    package var seed: UInt64 = 0
    @Flag(help: "Use the preconditioned-gradient optimiser instead of ALS.")
    package var gradient = false
    @Option(
        help:
            "Extrapolate the ALS cycles: squarem (fewer cycles to a converged fit; see README). Default: plain cycles."
    )
    package var acceleration: Acceleration?

    package init() {}

    /// The settings these options describe.
    package func settings() -> FitSettings {
        let start: Initialization =
            switch initialization {
            case .automatic: .automatic
            case .svd: .svd
            case .rsvd: .randomizedSVD(seed: seed)
            case .random: .random(seed: seed)
            case .scaledSVD: .scaledSVD
            }
        let rule: Convergence.Criterion =
            switch criterion {
            case .maxFracG: .maxFracG
            case .relativeLoss: .relativeLoss
            case .stationary: .stationary
            case .none: .none
            }
        var convergence = Convergence(
            criterion: rule, tolerance: tol, cadence: cadence, maxCycles: maxCycles)
        if rule == .stationary {
            (convergence.angleTolerance, convergence.window) = (angleTol, window)
        }
        return FitSettings(
            rank: rank, likelihood: likelihood.likelihood(q: q, nu: nu), initialization: start,
            rotation: rotation,
            convergence: convergence,
            ridge: ridge, optimizer: gradient ? .preconditionedGradient() : .als,
            acceleration: acceleration)
    }

    /// The lines that say what a fit of `rows x columns` data will do.
    package func describe(rows: Int, columns: Int, precision: Precision) -> [String] {
        let s = settings()
        return [
            "data \(rows) x \(columns) (\(precision) precision); rank \(rank); \(s.likelihood); start \(s.initialization.resolved(entries: rows * columns)); rotation \(rotation.rawValue)",
            s.convergence.criterion == .stationary
                ? "convergence: stationary, each of \(window) cycles moving the loss < \(tol) (relative) and the basis estimated within \(angleTol) deg of the fixed point, at most \(maxCycles) cycles"
                : "convergence: \(s.convergence.criterion) < \(tol), checked every \(cadence) cycle(s), at most \(maxCycles) cycles",
        ]
    }
}
