import ArgumentParser
import DataIO
import Foundation
import HMFCore
import RHMF

/// Choices of the noise model on the command line.
enum LikelihoodChoice: String, ExpressibleByArgument, CaseIterable {
    case cauchy, studentT = "student-t", gaussian

    /// The likelihood with scale `q` (also the Student-t scale) and `nu` degrees of freedom.
    func likelihood(q: Double, nu: Double) -> Likelihood {
        switch self {
        case .cauchy: .cauchy(q: q)
        case .studentT: .studentT(nu: nu, s: q)
        case .gaussian: .gaussian
        }
    }
}

/// Choices of the initialisation on the command line.
enum InitChoice: String, ExpressibleByArgument, CaseIterable {
    case automatic, svd, rsvd, random
}

/// Choices of the convergence criterion on the command line.
enum CriterionChoice: String, ExpressibleByArgument, CaseIterable {
    case maxFracG = "max-frac-g", relativeLoss = "relative-loss", none
}

extension Rotation: ExpressibleByArgument {}
extension Precision: ExpressibleByArgument {}

/// `hmfbook fit`: fit RHMF to a data file and save the model.
struct FitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit a robust HMF model to DATA (.npz with Y and W/ivar, or HDF5) and save it to --out.",
        discussion: """
            MODEL.npz holds A (N x K), G (M x K) and it, as robusta-hmf saves its states, plus the trace and the \
            settings; an .h5 path writes HDF5. --run-dir DIR also writes DIR/trace.npz, DIR/meta.json and \
            DIR/summary.json (readable with numpy and json alone) and the model as DIR/model.npz.
            """
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
    @Option(name: .customLong("init"), help: "Initialisation: automatic (svd up to 10 million entries, rsvd above), svd, rsvd or random.")
    var initialization: InitChoice = .automatic
    @Option(help: "Rotation: fast (whiten G), fastA (whiten A), slow (SVD) or identity.")
    var rotation: Rotation = .fast
    @Option(help: "Convergence criterion: max-frac-g, relative-loss or none.")
    var criterion: CriterionChoice = .maxFracG
    @Option(help: "Convergence tolerance; 0 runs exactly --max-cycles cycles.")
    var tol: Double = 1e-2
    @Option(help: "Check convergence every this many cycles.")
    var cadence: Int = 1
    @Option(name: .customLong("max-cycles"), help: "Maximum number of cycles.")
    var maxCycles: Int = 1000
    @Option(help: "Ridge added to the normal equations.")
    var ridge: Double = 0
    @Option(help: "Seed for random and randomized-SVD initialisation.")
    var seed: UInt64 = 0
    @Option(help: "Hold the data in single or double precision (default: the file's).")
    var precision: Precision?
    @Option(help: "Output model file (.npz, or .h5 for HDF5).")
    var out: String?
    @Option(name: .customLong("run-dir"), help: "Also write the run record (trace.npz, meta.json, summary.json, model.npz) into this folder.")
    var runDir: String?
    @Flag(help: "Use the preconditioned-gradient optimiser instead of ALS.")
    var gradient = false

    func validate() throws {
        guard out != nil || runDir != nil else { throw ValidationError("give --out MODEL or --run-dir DIR (or both)") }
    }

    func run() throws {
        // Check every output before the fit, so that a long fit never ends in an unwritable path.
        if let out { try FileAccess.checkWritable(out) }
        if let runDir { try FileAccess.checkWritable("\(runDir)/summary.json") }
        let dataset = try WeightedData(contentsOf: data, precision: precision)
        let model = likelihood.likelihood(q: q, nu: nu)
        let start: Initialization = switch initialization {
        case .automatic: .automatic
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
                                   convergence: Convergence(criterion: rule, tolerance: tol, cadence: cadence, maxCycles: maxCycles),
                                   ridge: ridge, optimizer: gradient ? .preconditionedGradient() : .als)
        let resolvedStart = start.resolved(entries: dataset.entryCount)
        print("data \(dataset.N) x \(dataset.M) (\(dataset.precision) precision); rank \(rank); \(model); start \(resolvedStart); rotation \(rotation.rawValue)")
        print("convergence: \(rule) < \(tol), checked every \(cadence) cycle(s), at most \(maxCycles) cycles")
        let progress = FitProgressLine(label: "fit")
        let t0 = Date()
        let result = try RobustHMF(settings).fit(dataset) { progress.report($0) }
        progress.finish()
        let elapsed = Date().timeIntervalSince(t0)
        if let out { try ModelStateFile.write(result, to: out) }
        if let runDir {
            try FitRunFolder.write(result, dataDigest: try fileDigest(data), data: data, rows: dataset.N, columns: dataset.M, to: runDir)
        }
        let status = result.converged ? "converged" : "stopped at the cycle limit"
        print(String(format: "%@ after %d cycles in %.2f s (%.1f ms/cycle); loss %.6e", status, result.cycles, elapsed,
                     1000 * result.fitSeconds / Double(max(result.cycles, 1)), result.loss))
        if let out { print("wrote \(out)") }
        if let runDir { print("wrote \(runDir)/ (trace.npz, meta.json, summary.json, model.npz)") }
    }
}

/// SHA-256 of a file, for run records.
func fileDigest(_ path: String) throws -> String {
    guard let handle = FileHandle(forReadingAtPath: path) else { throw ValidationError("cannot read \(path)") }
    defer { try? handle.close() }
    var hasher = ContentHasher()
    while let chunk = try handle.read(upToCount: 8 << 20), !chunk.isEmpty { hasher.update(chunk) }
    return hasher.finalize().hex
}
