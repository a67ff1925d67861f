import ArgumentParser
import RHMF

/// The child side of kernel selection (`BLASKernels.ensureFastest`): times a GEMM and checks a product. Hidden;
/// hmfbook and hmfbook-mpi run it in a child process, never by hand.
package struct BLASProbeCommand: ParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "blas-probe", shouldDisplay: false)

    package init() {}

    package func run() throws {
        guard let line = BLASKernels.probeOutput() else { throw ExitCode(3) }
        print(line)
    }
}
