import ArgumentParser
import CommandLineSupport
import HMFCore
import NumericsVersion
import RHMF

/// `hmfbook-mpi`: the distributed fit and inference, one MPI process per share of an HDF5 file's rows.
struct HMFBookMPI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hmfbook-mpi",
        abstract:
            "Distributed RHMF: run with mpirun -np R; each process reads and fits its own rows of an HDF5 file.",
        discussion: """
            The g-step's normal equations, the loss and the convergence quantities are summed over the processes; \
            rotation and convergence are then computed identically everywhere, and rank 0 writes the result. \
            The answer equals the single-process fit to rounding.
            """,
        version:
            "hmfbook-mpi \(BuildInfo.version) (numerics \(numericsVersion), \(BuildInfo.compiler), \(BuildInfo.platform))",
        subcommands: [
            DistributedFitCommand.self, DistributedInferCommand.self, BLASProbeCommand.self,
        ]
    )
}

@main
enum Entry {
    static func main() {
        CPUCheck.requireBuildFeatures(tool: "hmfbook-mpi")
        // Before MPI starts: every rank restarts itself with the same kernels hmfbook chose on this machine
        // (one cached choice per CPU and OpenBLAS library), unless OPENBLAS_CORETYPE is set.
        BLASKernels.ensureFastest(probeArguments: ["blas-probe"])
        HMFBookMPI.main()
    }
}
