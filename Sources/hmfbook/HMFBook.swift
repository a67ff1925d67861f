import ArgumentParser

/// `hmfbook`: robust heteroskedastic matrix factorisation from the command line.
@main
struct HMFBook: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hmfbook",
        abstract: "Robust heteroskedastic matrix factorisation (RHMF) of noisy spectra.",
        subcommands: [FitCommand.self, InferCommand.self, ToyDataCommand.self, RunCommand.self, RenderCommand.self,
                      CheckCommand.self, ListCommand.self, ExportCommand.self, CleanCommand.self, NewCommand.self]
    )
}
