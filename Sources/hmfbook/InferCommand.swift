import ArgumentParser
import CommandLineSupport
import DataIO
import Foundation
import RHMF

/// `hmfbook infer`: coefficients and robust weights of new data under a saved model's basis.
struct InferCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "infer",
        abstract:
            "Infer coefficients of DATA with the basis G of a saved model held fixed, and its likelihood.",
        discussion: """
            OUT.npz holds A (N x K), robust_weights (N x M), object_weights (each row's --quantile of its robust \
            weights) and the cross-validation score of DATA. A robusta-hmf state records no likelihood: give it \
            with --likelihood and --q.
            """
    )

    @Argument(help: "Data file: .npz with Y and W (or ivar), or HDF5.")
    var data: String
    @Option(help: "Model file written by `hmfbook fit` (or a robusta-hmf state .npz).")
    var model: String
    @Option(help: "Output .npz.")
    var out: String
    @Option(
        help:
            "Likelihood for a model file that records none (robusta-hmf states): cauchy, student-t or gaussian."
    )
    var likelihood: LikelihoodChoice?
    @Option(help: "Scale Q for --likelihood.")
    var q: Double?
    @Option(help: "Student-t degrees of freedom for --likelihood student-t.")
    var nu: Double = 1
    @OptionGroup var inference: InferenceArguments
    @Option(help: "Hold the data in single or double precision (default: the file's).")
    var precision: Precision?

    func run() throws {
        try FileAccess.checkWritable(out)
        let saved = try ModelStateFile.read(path: model)
        let chosen: Likelihood
        if let recorded = saved.settings?.likelihood {
            guard likelihood == nil, q == nil else {
                throw ValidationError(
                    "\(model) records its likelihood (\(recorded)); inference uses it, so drop --likelihood/--q (refit to change it)"
                )
            }
            chosen = recorded
        } else {
            guard let likelihood, let q else {
                throw ValidationError(
                    "\(model) records no likelihood (a robusta-hmf state); give --likelihood and --q"
                )
            }
            chosen = likelihood.likelihood(q: q, nu: nu)
        }
        let dataset = try WeightedData(contentsOf: data, precision: precision)
        let settings = inference.settings(ridge: saved.settings?.ridge, keepRobustWeights: true)
        print(
            "data \(dataset.N) x \(dataset.M) (\(dataset.precision) precision); basis rank \(saved.state.rank); \(chosen)"
        )
        print(inference.description)
        let t0 = Date()
        let result = try RobustHMF.infer(
            dataset, basis: saved.state.basis, likelihood: chosen, settings: settings)
        try InferenceFile.write(
            coefficients: result.coefficients,
            objectWeights: try result.objectWeights(quantile: inference.quantile),
            quantile: inference.quantile,
            crossValidation: result.crossValidation, robustWeights: result.robustWeights, to: out)
        print(
            String(
                format:
                    "inferred %d rows in %.2f s (cycles per batch: %@); std z %.4f, KL score %.3e",
                dataset.N,
                Date().timeIntervalSince(t0),
                result.cyclesPerBatch.map(String.init).joined(separator: ", "),
                result.crossValidation.stdZ, result.crossValidation.score))
        print("wrote \(out)")
    }
}
