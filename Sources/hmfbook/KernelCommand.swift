import ArgumentParser
import Foundation
import Notebook
import NotebookKernel

/// `hmfbook kernel`: a live notebook session driven over standard input and output (see `SessionServer`).
struct KernelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernel",
        abstract:
            "Keep a notebook's cells live and run what each edit touches, driven by JSON lines on standard input (for editors and other front ends)."
    )

    @Option(help: "Default per-cell timeout in seconds.")
    var timeout: Double = 3600

    func run() throws {
        var options = NotebookRunner.Options()
        options.timeout = timeout
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let server = SessionServer(toolchain: try Toolchain.locate(), options: options) {
            response in
            guard var line = try? encoder.encode(response) else { return }
            line.append(0x0A)
            FileHandle.standardOutput.write(line)
        }
        server.serve(AnySequence { AnyIterator { readLine() } })
    }
}
