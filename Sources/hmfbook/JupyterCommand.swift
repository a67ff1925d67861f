import ArgumentParser
import Foundation
import JupyterKernel
import Notebook

/// `hmfbook jupyter install|kernel`: the Jupyter kernel of hmfbook.
struct JupyterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jupyter",
        abstract: "Run notebooks' Swift cells from JupyterLab, Jupyter and VS Code.",
        subcommands: [Install.self, Kernel.self]
    )

    /// `hmfbook jupyter install [--user] [--prefix P]`.
    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the kernelspec \"Swift (hmfbook)\".")

        @Flag(
            help: "Install for this user (Jupyter's user data folder) rather than for the system.")
        var user = false

        @Option(help: "Install under PREFIX/share/jupyter (a virtual environment's prefix, say).")
        var prefix: String?

        func run() throws {
            let toolchain = try Toolchain.locate()
            let executable =
                (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
                ?? CommandLine.arguments[0]
            let folder = KernelSpec.folder(user: user, prefix: prefix)
            try KernelSpec.install(
                into: folder, executable: executable, kitDirectory: toolchain.kitDirectory)
            print(
                "installed the kernelspec \(KernelSpec.name) (\(KernelSpec.displayName)) in \(folder)"
            )
        }
    }

    /// `hmfbook jupyter kernel -f CONNECTION_FILE`: what Jupyter starts.
    struct Kernel: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve one Jupyter session (Jupyter starts this).")

        @Option(name: .shortAndLong, help: "The connection file Jupyter wrote.")
        var file: String

        func run() throws {
            let directory = FileManager.default.currentDirectoryPath
            let root = ProjectRoot.find(from: directory)
            // jupyter_server names the notebook of the session; its front matter gives the parameters.
            let session = ProcessInfo.processInfo.environment["JPY_SESSION_NAME"]
            let notebook = session.map { $0.hasPrefix("/") ? $0 : "\(directory)/\($0)" }
                .flatMap {
                    FileManager.default.fileExists(atPath: $0)
                        ? $0 : session.map { "\(root)/\($0)" }
                }
            let kernel = try JupyterKernel(
                connectionFile: file, toolchain: try Toolchain.locate(), projectRoot: root,
                notebook: notebook)
            // SIGTERM ends the kernel cleanly (its cell processes with it); SIGINT interrupts the running cell.
            PreviewCommand.unblockStopSignals()
            let signals = [(SIGTERM, kernel.stop), (SIGINT, kernel.interrupt)].map {
                signo, action in
                signal(signo, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: signo, queue: .global())
                source.setEventHandler { action() }
                source.resume()
                return source
            }
            kernel.run()
            withExtendedLifetime(signals) {}
        }
    }
}

/// The project a Jupyter session runs in: the nearest folder up from `directory` that has a `Notebooks` folder
/// or a `.hmfbook` folder, else `directory` itself.
enum ProjectRoot {
    static func find(from directory: String) -> String {
        var url = URL(fileURLWithPath: directory)
        while url.path != "/" {
            for marker in ["Notebooks", ".hmfbook"]
            where FileManager.default.fileExists(atPath: url.appendingPathComponent(marker).path) {
                return url.path
            }
            url.deleteLastPathComponent()
        }
        return directory
    }
}
