import Foundation

/// Copies the notebook runtime (libNotebookKit.so, its Swift modules and copies of the C module maps it needs)
/// from a build folder to `PREFIX/lib/hmfbook`, where an installed `PREFIX/bin/hmfbook` finds it, so that
/// notebooks run in any folder without the package's sources or build tree.
package enum KitInstaller {
    /// Installs from `kitDirectory` (a build folder holding libNotebookKit.so and Modules/) into `prefix`.
    /// - Throws: `NotebookError.io` naming the file that could not be copied.
    package static func install(kitDirectory: String, prefix: String) throws(NotebookError) {
        let fm = FileManager.default
        let target = "\(prefix)/lib/hmfbook"
        func copy(_ from: String, _ to: String) throws(NotebookError) {
            do {
                if fm.fileExists(atPath: to) { try fm.removeItem(atPath: to) }
                try fm.createDirectory(
                    atPath: (to as NSString).deletingLastPathComponent,
                    withIntermediateDirectories: true)
                try fm.copyItem(atPath: from, toPath: to)
            } catch {
                throw .io(
                    path: to, message: "cannot install \(from): \(error.localizedDescription)")
            }
        }
        try copy("\(kitDirectory)/libNotebookKit.so", "\(target)/libNotebookKit.so")
        try copy("\(kitDirectory)/Modules", "\(target)/Modules")
        for module in KitModule.builtWith {
            try copy(module.directory, "\(target)/cmodules/\(module.name)")
        }
    }
}
