import ArgumentParser
import DataIO
import Foundation
import RHMF

/// `hmfbook infer`: coefficients and robust weights of new data under a saved model's basis.
struct InferCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "infer",
        abstract: "Infer coefficients of DATA with the basis G of a saved model held fixed.",
        discussion: "OUT.npz holds A (N x K), robust_weights (N x M) and scores (per-row median robust weight)."
    )

    @Argument(help: "Data file: .npz with Y and W (or ivar), or HDF5.")
    var data: String
    @Option(help: "Model file written by `hmfbook fit` (or a robusta-hmf state .npz).")
    var model: String
    @Option(help: "Output .npz.")
    var out: String
    @Option(help: "Cauchy scale Q; defaults to the model's.")
    var q: Double?
    @Option(help: "Convergence tolerance on max_frac_A.")
    var tol: Double = 1e-2
    @Option(name: .customLong("max-iter"), help: "Maximum number of cycles per batch.")
    var maxIter: Int = 1000
    @Option(help: "Rows per batch.")
    var batch: Int = 50_000

    func run() throws {
        let dataset = try TrainingData.load(data)
        let saved = try ModelStateFile.read(path: model)
        var likelihood = Likelihood.cauchy(q: 5)
        if let settings = try? JSONDecoder().decode(FitSettings.self, from: Data(saved.settingsJSON.utf8)) {
            likelihood = settings.likelihood
        }
        if let q { likelihood = .cauchy(q: q) }
        let settings = InferenceSettings(likelihood: likelihood,
                                         convergence: Convergence(criterion: .maxFracA, tolerance: tol, maxCycles: maxIter),
                                         batchRows: batch, scoreQuantile: 0.5, keepRobustWeights: true)
        let t0 = Date()
        let result = try RobustHMF.infer(dataset, basis: saved.state.G, settings: settings)
        var archive = NPZArchive()
        archive["A"] = NPYArray(result.A)
        if let w = result.robustWeights { archive["robust_weights"] = NPYArray(w) }
        if let s = result.scores { archive["scores"] = .float64(DenseArray(s)) }
        try archive.write(to: out)
        print(String(format: "inferred %d rows with %@ in %.2f s (cycles per batch: %@)", dataset.N, likelihood.description,
                     Date().timeIntervalSince(t0), result.cyclesPerBatch.map(String.init).joined(separator: ", ")))
        print("wrote \(out)")
    }
}
