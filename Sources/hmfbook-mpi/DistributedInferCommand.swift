import ArgumentParser
import CommandLineSupport
import DataIO
import Foundation
import HMFCore
import RHMF
import RHMFMPI

/// `hmfbook-mpi infer`: `hmfbook infer` with the rows shared between the processes of an MPI job.
struct DistributedInferCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "infer",
        abstract:
            "Infer coefficients of an HDF5 file's rows with a saved model's basis held fixed, shared between the MPI processes.",
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
    @OptionGroup var inference: InferenceArguments

    func run() throws {
        let job = DistributedJob.start(input)
        let world = job.world
        if world.rank == 0 { world.run { try FileAccess.checkWritable(out) } }
        let saved = world.run { try ModelStateFile.read(path: model) }
        let settings = world.run { try saved.requireSettings(path: model) }
        let options = inference.settings(ridge: settings.ridge, keepRobustWeights: false)
        job.say(
            "data \(job.totalRows) x \(job.source.columnCount) over \(world.size) processes; basis rank \(saved.state.rank); \(settings.likelihood)"
        )
        let result = world.run {
            try RobustHMF.infer(
                job.source, basis: saved.state.basis, likelihood: settings.likelihood,
                settings: options,
                reduction: MPIReduction(world))
        }
        let weights = world.run {
            try Matrix(
                rows: job.source.rowCount, cols: 1,
                elements: try result.objectWeights(quantile: inference.quantile))
        }
        let coefficients = world.run { try world.gatherRows(result.coefficients) }
        let objectWeights = world.run { try world.gatherRows(weights) }
        if let coefficients, let objectWeights {
            world.run {
                try InferenceFile.write(
                    coefficients: coefficients, objectWeights: objectWeights.elements,
                    quantile: inference.quantile,
                    crossValidation: result.crossValidation, to: out)
            }
            print(
                String(
                    format: "inferred %d rows; std z %.4f, KL score %.3e", job.totalRows,
                    result.crossValidation.stdZ,
                    result.crossValidation.score))
            print("wrote \(out)")
        }
        world.barrier()
        world.finalize()
    }
}
