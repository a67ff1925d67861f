import ArgumentParser
import Foundation
import Notebook
import NotebookKernel

/// `hmfbook export x.md --ipynb`: writes the executed notebook as a Jupyter notebook.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract:
            "Write an executed Jupyter notebook (build/Notebooks/NAME.ipynb), running the notebook if needed."
    )

    @Argument(help: "The notebook (Notebooks/NAME.md).")
    var notebook: String

    @Flag(help: "Export as a Jupyter notebook (nbformat 4); the only format for now.")
    var ipynb = false

    @OptionGroup var parameters: ParameterOptions

    @Flag(help: "Run even if the notebook is up to date.")
    var force = false

    func run() throws {
        guard ipynb else { throw ValidationError("say which format: --ipynb") }
        var options = NotebookRunner.Options()
        options.ipynb = true
        options.force = force
        options.overrides = try parameters.overrides()
        let runner = NotebookRunner(toolchain: try Toolchain.locate(), options: options)
        let stem = ((notebook as NSString).lastPathComponent as NSString).deletingPathExtension
        let status = StatusLine(name: notebook)
        switch try runner.run(notebook, onStatus: status.update) {
        case .upToDate:
            print("wrote \(options.outputDirectory)/\(stem).ipynb (notebook up to date)")
        case .ran(let result, _, _):
            status.finish()
            print("wrote \(options.outputDirectory)/\(stem).ipynb")
            if !result.succeeded { throw ExitCode(1) }
        }
    }
}
