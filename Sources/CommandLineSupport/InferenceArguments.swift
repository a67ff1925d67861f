import ArgumentParser
import RHMF

/// The inference options `hmfbook infer` and `hmfbook-mpi infer` share: convergence, batches, object weights.
package struct InferenceArguments: ParsableArguments {
    @Option(help: "Convergence tolerance on max_frac_A.")
    package var tol: Double = 1e-4
    @Option(help: "Check convergence every this many cycles.")
    package var cadence: Int = 1
    @Option(name: .customLong("max-cycles"), help: "Maximum number of cycles per batch.")
    package var maxCycles: Int = 1000
    @Option(
        name: .customLong("batch-rows"),
        help: "Rows inferred together (per process, when distributed).")
    package var batchRows: Int = 50_000
    @Option(help: "Quantile of each row's robust weights reported as its object weight.")
    package var quantile: Double = 0.5
    @Option(
        help:
            "Extrapolate the coefficient cycles: squarem (fewer cycles at a tight tolerance). Default: plain cycles."
    )
    package var acceleration: Acceleration?

    package init() {}

    /// The settings these options describe, with the model's `ridge`.
    package func settings(ridge: Double?, keepRobustWeights: Bool) -> InferenceSettings {
        InferenceSettings(
            convergence: Convergence(
                criterion: .maxFracA, tolerance: tol, cadence: cadence, maxCycles: maxCycles),
            ridge: ridge, batchRows: batchRows, objectQuantiles: [quantile],
            keepRobustWeights: keepRobustWeights, acceleration: acceleration)
    }

    /// The line printed before inference starts.
    package var description: String {
        "convergence: max_frac_A < \(tol), checked every \(cadence) cycle(s), at most \(maxCycles) cycles per batch of \(batchRows) rows"
            + (acceleration.map { ", \($0.rawValue)" } ?? "")
    }
}
