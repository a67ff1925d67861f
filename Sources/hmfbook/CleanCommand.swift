import ArgumentParser
import Foundation
import HMFCore
import NotebookProtocol

/// `hmfbook clean`: removes executed documents and run files, and with --store the session store.
struct CleanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clean",
        abstract:
            "Remove build/Notebooks, compiled cells and .hmfbook run files (--store: also the session store)."
    )

    @Flag(
        help:
            "Also remove the session store (.hmfbook/store): every cached fit is recomputed next run."
    )
    var store = false

    func run() throws {
        var targets = [
            ProjectLayout.outputDirectory, ProjectLayout.cellsDirectory,
            ProjectLayout.runsDirectory,
        ]
        if store { targets.append(ProjectLayout.storeDirectory) }
        for t in targets where FileManager.default.fileExists(atPath: t) {
            try FileManager.default.removeItem(atPath: t)
            print("removed \(t)")
        }
    }
}
