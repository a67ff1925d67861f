import Foundation
import Notebook

/// The kernelspec that makes Jupyter list "Swift (hmfbook)": `kernel.json` in a `kernels/hmfbook` folder of
/// Jupyter's data path, starting `hmfbook jupyter kernel -f {connection_file}` with the kit this hmfbook uses.
package enum KernelSpec {
    /// The kernel's name in Jupyter (notebook metadata `kernelspec.name`).
    package static let name = "hmfbook"
    /// What Jupyter shows.
    package static let displayName = "Swift (hmfbook)"

    /// The folder to install into: `PREFIX/share/jupyter/kernels/hmfbook` with a prefix, the user's Jupyter data
    /// folder with `user` (`$JUPYTER_DATA_DIR`, else `~/.local/share/jupyter`), else `/usr/local/share/jupyter`.
    package static func folder(user: Bool, prefix: String?) -> String {
        let env = ProcessInfo.processInfo.environment
        let base: String
        if let prefix {
            base = "\(prefix)/share/jupyter"
        } else if user {
            base =
                env["JUPYTER_DATA_DIR"]
                ?? ((env["XDG_DATA_HOME"] ?? ((env["HOME"] ?? "~") + "/.local/share")) + "/jupyter")
        } else {
            base = "/usr/local/share/jupyter"
        }
        return "\(base)/kernels/\(name)"
    }

    /// The `kernel.json` for the hmfbook executable at `executable` and the kit in `kitDirectory`.
    package static func json(executable: String, kitDirectory: String) -> String {
        let spec: [String: Any] = [
            "argv": [executable, "jupyter", "kernel", "-f", "{connection_file}"],
            "display_name": displayName,
            "language": "swift",
            "interrupt_mode": "message",
            "env": ["HMFBOOK_KIT_DIR": kitDirectory],
            "metadata": ["debugger": false],
        ]
        let data =
            (try? JSONSerialization.data(
                withJSONObject: spec,
                options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Writes the kernelspec into `folder`.
    package static func install(into folder: String, executable: String, kitDirectory: String)
        throws(NotebookError)
    {
        do {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true)
            try json(executable: executable, kitDirectory: kitDirectory).write(
                toFile: "\(folder)/kernel.json", atomically: true, encoding: .utf8)
        } catch {
            throw .io(
                path: folder, message: "cannot write the kernelspec: \(error.localizedDescription)")
        }
    }
}
