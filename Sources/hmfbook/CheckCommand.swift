import ArgumentParser
import Foundation
import Notebook
import NotebookKernel

/// `hmfbook check`: verifies without executing that every figure is present and up to date (for CI).
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract:
            "Verify, without running anything, that every figure in paper/*.tex and every figure a notebook declares exists and is up to date."
    )

    func run() throws {
        let report = ProjectCheck(
            root: FileManager.default.currentDirectoryPath, versions: try KitVersions.current()
        ).run()
        for p in report.problems { print("stale: \(p)") }
        if report.problems.isEmpty {
            print("\(report.figures.count) figure(s) up to date")
        } else {
            print("\(report.problems.count) problem(s) in \(report.figures.count) figure(s)")
            throw ExitCode(1)
        }
    }
}
