import DataIO
import RHMF

/// Everything that can go wrong when generating a data set, each case with a message that says what was wrong
/// and what to change.
public enum DatasetError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A configuration value is out of its allowed range (the message names the field and the allowed values).
    case invalidConfiguration(String)
    /// The random draws could not satisfy a constraint (for example no room for a missing segment that avoids
    /// every outlier in a spectrum).
    case unsatisfiable(String)
    /// The generated arrays were rejected by the RHMF engine's validation.
    case engine(RHMFError)
    /// A generated file could not be written (the error names the file).
    case file(DataIOError)

    public var description: String {
        switch self {
        case .invalidConfiguration(let message): return "invalid data set configuration: \(message)"
        case .unsatisfiable(let message): return "cannot generate the data set: \(message)"
        case .engine(let error): return "generated data rejected: \(error)"
        case .file(let error): return "cannot write the data set: \(error)"
        }
    }
}
