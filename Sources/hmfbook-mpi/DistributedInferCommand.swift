import ArgumentParser
import DataIO
import Foundation
import HMFCore
import RHMF
import RHMFMPI

/// `hmfbook-mpi infer`: `hmfbook infer` with the rows shared between the processes of an MPI job.
struct DistributedInferCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "infer",
        abstract: "Infer coefficients of an HDF5 file's rows with a saved model's basis held fixed, shared between the MPI processes.",
        discussion: """
            Rank 0 writes OUT.npz with A (N x K), object_weights (each row's --quantile of its robust weights) and the \
            cross-validation score of the data. Robust weights per pixel stay with the processes (N x M is the size \
            of the data); use hmfbook infer on a subset to keep them.
            """
    )

    @OptionGroup var input: DistributedData
    @Option(help: "Model file written by hmfbook fit or hmfbook-mpi fit.")
    var model: String
    @Option(help: "Output .npz, written by rank 0.")
    var out: String
    @Option(help: "Convergence tolerance on max_frac_A.")
    var tol: Double = 1e-4
    @Option(name: .customLong("max-cycles"), help: "Maximum number of cycles per batch.")
    var maxCycles: Int = 1000
    @Option(name: .customLong("batch-rows"), help: "Rows each process infers together.")
    var batchRows: Int = 50_000
    @Option(help: "Quantile of each row's robust weights reported as its object weight.")
    var quantile: Double = 0.5

    func run() throws {
        let job = DistributedJob.start(input)
        let world = job.world
        if world.rank == 0 { world.run { try FileAccess.checkWritable(out) } }
        let saved = world.run { try ModelStateFile.read(path: model) }
        let settings = world.run { try saved.requireSettings(path: model) }
        let inference = InferenceSettings(convergence: Convergence(criterion: .maxFracA, tolerance: tol, maxCycles: maxCycles),
                                          ridge: settings.ridge, batchRows: batchRows, objectQuantiles: [quantile],
                                          keepRobustWeights: false)
        job.say("data \(job.totalRows) x \(job.source.columnCount) over \(world.size) processes; basis rank \(saved.state.rank); \(settings.likelihood)")
        let result = world.run {
            try RobustHMF.infer(job.source, basis: saved.state.G, likelihood: settings.likelihood, settings: inference,
                                reduction: MPIReduction(world))
        }
        let weights = world.run { try Matrix(rows: job.source.rowCount, cols: 1, elements: try result.objectWeights(quantile: quantile)) }
        let coefficients = world.run { try world.gatherRows(result.A) }
        let objectWeights = world.run { try world.gatherRows(weights) }
        if let coefficients, let objectWeights {
            world.run {
                try InferenceFile.write(coefficients: coefficients, objectWeights: objectWeights.elements, quantile: quantile,
                                        crossValidation: result.crossValidation, to: out)
            }
            print(String(format: "inferred %d rows; std z %.4f, KL score %.3e", job.totalRows, result.crossValidation.stdZ,
                         result.crossValidation.score))
            print("wrote \(out)")
        }
        world.barrier()
        world.finalize()
    }
}
