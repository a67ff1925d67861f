/// Everything that can go wrong while parsing, building or running a notebook. Messages name the notebook
/// file and line where there is one, and say what to do.
package enum NotebookError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The Markdown or the front matter is malformed at `file:line`.
    case syntax(file: String, line: Int, message: String)
    /// A `-p name=value` override is not valid for the declared parameter.
    case parameter(name: String, message: String)
    /// The Swift toolchain or the prebuilt NotebookKit library cannot be found.
    case toolchain(String)
    /// A file could not be read or written.
    case io(path: String, message: String)
    /// Another run holds the notebook's lock and did not release it in time.
    case locked(path: String)

    package var description: String {
        switch self {
        case .syntax(let file, let line, let message): return "\(file):\(line): error: \(message)"
        case .parameter(let name, let message): return "parameter \(name): \(message)"
        case .toolchain(let message): return message
        case .io(let path, let message): return "\(path): \(message)"
        case .locked(let path): return "\(path) is locked by another hmfbook run"
        }
    }
}
