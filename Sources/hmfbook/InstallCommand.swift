import ArgumentParser
import Foundation
import Notebook

/// `hmfbook install-kit PREFIX`: copies this build's notebook runtime to PREFIX/lib/hmfbook (used by
/// `make install`; the binary itself is copied to PREFIX/bin by make).
struct InstallKitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install-kit",
        abstract: "Install the notebook runtime of this build under PREFIX/lib/hmfbook.",
        shouldDisplay: false)

    @Argument(help: "Installation prefix.")
    var prefix: String

    func run() throws {
        let toolchain = try Toolchain.locate()
        try KitInstaller.install(kitDirectory: toolchain.kitDirectory, prefix: prefix)
        print(
            "installed the notebook runtime from \(toolchain.kitDirectory) in \(prefix)/lib/hmfbook"
        )
    }
}
