import ArgumentParser
import CommandLineSupport
import Foundation
import HMFCore
import NumericsVersion
import RHMF

/// `hmfbook`: robust heteroskedastic matrix factorisation from the command line.
struct HMFBook: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hmfbook",
        abstract: "Robust heteroskedastic matrix factorisation (RHMF) of noisy spectra.",
        version:
            "hmfbook \(BuildInfo.version) (numerics \(numericsVersion), \(BuildInfo.compiler), \(BuildInfo.platform))",
        subcommands: [
            FitCommand.self, InferCommand.self, ToyDataCommand.self, GaiaDataCommand.self,
            RunCommand.self,
            PreviewCommand.self, KernelCommand.self, JupyterCommand.self, GraphCommand.self,
            RenderCommand.self,
            CheckCommand.self, ListCommand.self, ExportCommand.self, CleanCommand.self,
            NewCommand.self,
            KernelsCommand.self, BLASProbeCommand.self, InstallKitCommand.self,
        ]
    )
}

@main
enum Entry {
    static func main() {
        CPUCheck.requireBuildFeatures(tool: "hmfbook")
        BLASKernels.ensureFastest(probeArguments: ["blas-probe"])
        HMFBook.main()
    }
}

/// `hmfbook kernels`: which OpenBLAS kernels this process runs and why.
struct KernelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernels",
        abstract: "Show the OpenBLAS kernels in use and how they were chosen.")

    func run() throws {
        let value = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"]
        print("OpenBLAS kernels: \(BLASInfo.coreName)")
        print(
            "OPENBLAS_CORETYPE: \(value ?? "(unset: OpenBLAS's own choice was measured fastest)")")
        print("choice cache: \(BLASKernels.cachePath())")
    }
}
