import ArgumentParser
import Foundation
import HMFCore
import Notebook
import NotebookKernel

/// `hmfbook render`: runs every notebook under Notebooks/ whose inputs changed and prints a summary table.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract:
            "Run every notebook under Notebooks/ whose inputs changed (--force: all) and print a table."
    )

    @Flag(help: "Run every notebook, even those up to date.")
    var force = false

    @Option(help: "Default per-cell timeout in seconds.")
    var timeout: Double = 3600

    func run() throws {
        let root = FileManager.default.currentDirectoryPath
        let notebooks = ProjectCheck(root: root, versions: try KitVersions.current()).notebooks()
        guard !notebooks.isEmpty else {
            print("no notebooks under Notebooks/")
            return
        }
        var options = NotebookRunner.Options()
        options.force = force
        options.timeout = timeout
        let runner = NotebookRunner(toolchain: try Toolchain.locate(), options: options)
        var rows: [[String]] = []
        var failed = false
        for path in notebooks {
            let status = StatusLine(name: path)
            let t0 = Date()
            do {
                switch try runner.run(path, onStatus: status.update) {
                case .upToDate:
                    rows.append([path, "up to date", "-", "0"])
                case .ran(let result, _, _):
                    status.finish()
                    let figures = Set(result.cells.flatMap(\.figureFiles)).count
                    var what = "ok"
                    if let f = result.failure {
                        what = "FAILED: \(f.kind.rawValue) in cell \(f.cell + 1) (\(f.location))"
                        failed = true
                    }
                    rows.append([
                        path, what, String(format: "%.1f s", result.totalSeconds), "\(figures)",
                    ])
                }
            } catch {
                status.finish()
                failed = true
                rows.append([
                    path, "FAILED: \(error)",
                    String(format: "%.1f s", Date().timeIntervalSince(t0)), "0",
                ])
            }
        }
        print(
            TextTable(header: ["notebook", "status", "time", "figures written"], rows: rows)
                .plainText)
        if failed { throw ExitCode(1) }
    }
}
