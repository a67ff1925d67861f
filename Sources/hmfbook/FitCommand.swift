import ArgumentParser
import DataIO
import Foundation
import RHMF

/// Choices of the noise model on the command line.
enum LikelihoodChoice: String, ExpressibleByArgument, CaseIterable {
    case cauchy, studentT = "student-t", gaussian
}

/// Choices of the initialisation on the command line.
enum InitChoice: String, ExpressibleByArgument, CaseIterable {
    case svd, rsvd, random
}

/// Choices of the convergence criterion on the command line.
enum CriterionChoice: String, ExpressibleByArgument, CaseIterable {
    case maxFracG = "max-frac-g", relativeLoss = "relative-loss", none
}

extension Rotation: ExpressibleByArgument {}

/// `hmfbook fit`: fit RHMF to a data file and save the model.
struct FitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit a robust HMF model to DATA (.npz with Y and W/ivar, or HDF5) and save it to --out.",
        discussion: "MODEL.npz holds A (N x K), G (M x K) and it, as robusta-hmf saves its states, plus the trace and settings; an .h5 path writes HDF5."
    )

    @Argument(help: "Data file: .npz with Y and W (or ivar), or HDF5 with Y/W or flux/flux_error.")
    var data: String
    @Option(help: "Rank K of the factorisation.")
    var rank: Int
    @Option(help: "Cauchy scale Q (also the Student-t scale s).")
    var q: Double = 5
    @Option(help: "Noise model: \(LikelihoodChoice.allCases.map(\.rawValue).joined(separator: ", ")).")
    var likelihood: LikelihoodChoice = .cauchy
    @Option(help: "Student-t degrees of freedom.")
    var nu: Double = 1
    @Option(name: .customLong("init"), help: "Initialisation: svd, rsvd (randomized SVD) or random.")
    var initialization: InitChoice = .svd
    @Option(help: "Rotation: fast (whiten G), fastA (whiten A), slow (SVD) or identity.")
    var rotation: Rotation = .fast
    @Option(help: "Convergence criterion: max-frac-g, relative-loss or none.")
    var criterion: CriterionChoice = .maxFracG
    @Option(help: "Convergence tolerance; 0 runs exactly --max-iter cycles.")
    var tol: Double = 1e-2
    @Option(help: "Check convergence every this many cycles.")
    var cadence: Int = 1
    @Option(name: .customLong("max-iter"), help: "Maximum number of cycles.")
    var maxIter: Int = 1000
    @Option(help: "Ridge added to the normal equations.")
    var ridge: Double = 0
    @Option(help: "Seed for random and randomized-SVD initialisation.")
    var seed: UInt64 = 0
    @Option(help: "Output model file (.npz, or .h5 for HDF5).")
    var out: String
    @Flag(help: "Use the preconditioned-gradient optimiser instead of ALS.")
    var gradient = false

    func run() throws {
        let dataset = try TrainingData.load(data)
        let model: Likelihood = switch likelihood {
        case .cauchy: .cauchy(q: q)
        case .studentT: .studentT(nu: nu, s: q)
        case .gaussian: .gaussian
        }
        let start: Initialization = switch initialization {
        case .svd: .svd
        case .rsvd: .randomizedSVD(seed: seed)
        case .random: .random(seed: seed)
        }
        let rule: Convergence.Criterion = switch criterion {
        case .maxFracG: .maxFracG
        case .relativeLoss: .relativeLoss
        case .none: .none
        }
        let settings = FitSettings(rank: rank, likelihood: model, initialization: start, rotation: rotation,
                                   convergence: Convergence(criterion: rule, tolerance: tol, cadence: cadence, maxCycles: maxIter),
                                   ridge: ridge, optimizer: gradient ? .preconditionedGradient() : .als)
        print("data \(dataset.N) x \(dataset.M); rank \(rank); \(model); init \(initialization.rawValue); rotation \(rotation.rawValue)")
        let progress = ProgressLine(label: "fit")
        let t0 = Date()
        let result = try RobustHMF(settings).fit(dataset) { progress.report($0) }
        progress.finish()
        let elapsed = Date().timeIntervalSince(t0)
        try ModelStateFile.write(state: result.state, trace: result.trace, settings: settings, to: out)
        let status = result.converged ? "converged" : "stopped at the cycle limit"
        print(String(format: "%@ after %d cycles in %.2f s (%.1f ms/cycle); loss %.6e", status, result.state.cycles, elapsed,
                     1000 * result.trace.seconds.reduce(0, +) / Double(max(result.state.cycles, 1)), result.loss))
        print("wrote \(out)")
    }
}
