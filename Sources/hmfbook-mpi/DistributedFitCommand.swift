import ArgumentParser
import CommandLineSupport
import DataIO
import Foundation
import HMFCore
import RHMF
import RHMFMPI

/// `hmfbook-mpi fit`: the fit of `hmfbook fit`, with the rows shared between the processes of an MPI job.
struct DistributedFitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract:
            "Fit RHMF to an HDF5 file's rows, shared between the MPI processes; rank 0 writes the model.",
        discussion: "mpirun -np 4 hmfbook-mpi fit survey.h5 --rank 10 --out model.npz"
    )

    @OptionGroup var input: DistributedData
    @OptionGroup var fit: FitArguments
    @Option(
        help:
            "Output model file (.npz, or .h5 for HDF5), written by rank 0 once the fit has finished."
    )
    var out: String

    func validate() throws {
        guard !fit.gradient else {
            throw ValidationError("the distributed fit uses ALS; drop --gradient")
        }
    }

    func run() throws {
        let job = DistributedJob.start(input)
        let world = job.world
        if world.rank == 0 { world.run { try FileAccess.checkWritable(out) } }
        let settings = fit.settings()
        for line in fit.describe(
            rows: job.totalRows, columns: job.source.columnCount, precision: job.source.precision)
        { job.say(line) }
        job.say(
            "rows shared between \(world.size) processes: "
                + job.shares.ranges.map { "\($0.count)" }.joined(separator: ", "))
        let progress = world.rank == 0 ? FitProgressLine(label: "fit") : nil
        var afterFirstCycle = world.communication  // the start's reductions are not a cycle's
        let result = world.run {
            try RobustHMF(settings).fit(job.source, reduction: MPIReduction(world)) { p in
                if p.cycle == 1 { afterFirstCycle = world.communication }
                progress?.report(p)
            }
        }
        progress?.finish()
        let coefficients = world.run { try world.gatherRows(result.state.coefficients) }
        if let coefficients {
            world.run {
                let state = try RHMFState(
                    coefficients: coefficients, basis: result.state.basis, cycles: result.cycles)
                try ModelStateFile.write(
                    SavedModel(state: state, trace: result.trace, settings: settings), to: out)
            }
            let status = result.converged ? "converged" : "stopped at the cycle limit"
            print(
                String(
                    format: "%@ after %d cycles in %.2f s (%.1f ms/cycle); loss %.6e", status,
                    result.cycles, result.fitSeconds,
                    1000 * result.fitSeconds / Double(max(result.cycles, 1)), result.loss))
            print(
                world.communication.perCycle(
                    since: afterFirstCycle, cycles: result.cycles - 1, processes: world.size))
            for warning in result.warnings { print("warning: the fit \(warning)") }
            print("wrote \(out)")
        }
        world.barrier()
        world.finalize()
    }
}
