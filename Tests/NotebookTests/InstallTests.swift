import Foundation
import Testing

@testable import Notebook
@testable import NotebookKernel

/// An installed runtime runs notebooks without the package's sources or build tree.
@Suite(.enabled(if: Kit.available, "NotebookKit not built")) struct InstallTests {
    @Test func installedKitCompilesAndRunsNotebooks() throws {
        let prefix = NSTemporaryDirectory() + "hmfbook-install-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: prefix) }
        try KitInstaller.install(kitDirectory: Kit.kitDirectory, prefix: prefix)
        let toolchain = try Toolchain.locate(environment: [
            "HMFBOOK_KIT_DIR": "\(prefix)/lib/hmfbook",
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "",
        ])
        #expect(toolchain.kitDirectory.hasSuffix("/lib/hmfbook"))
        let maps = toolchain.flags.filter { $0.hasPrefix("-fmodule-map-file=") }
        #expect(!maps.isEmpty && maps.allSatisfy { $0.contains("\(prefix)/lib/hmfbook/cmodules/") })
        let p = try Project()
        defer { p.remove() }
        try p.write("i.md", "```swift\nprint(try Matrix([[1, 2]]).cols)\n```\n")
        var options = NotebookRunner.Options()
        options.projectRoot = p.root
        guard
            case .ran(let r, _, _) = try NotebookRunner(toolchain: toolchain, options: options).run(
                "Notebooks/i.md")
        else {
            Issue.record("did not run")
            return
        }
        #expect(r.succeeded && r.cells[0].stdout == "2\n")
    }
}
