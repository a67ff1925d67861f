/// Errors thrown by the Plotting module. Messages say what went wrong and what to do.
public enum PlotError: Error, Equatable, CustomStringConvertible, Sendable {
    /// Two arrays that must have the same length do not.
    case lengthMismatch(what: String, expected: Int, got: Int)
    /// A parameter is outside its valid range.
    case invalidArgument(String)
    /// The output file extension is not one of pdf, svg, png.
    case unsupportedFormat(String)
    /// Cairo reported an error while drawing or writing.
    case backend(String)
    /// Writing the output file failed.
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case .lengthMismatch(let what, let expected, let got):
            return
                "\(what): expected \(expected) values to match the other array, got \(got); pass arrays of equal length"
        case .invalidArgument(let message):
            return "invalid argument: \(message)"
        case .unsupportedFormat(let ext):
            return
                "unsupported output format '\(ext)'; use a file name ending in .pdf, .svg or .png"
        case .backend(let message):
            return "cairo error: \(message)"
        case .io(let path, let reason):
            return "cannot write \(path): \(reason)"
        }
    }
}
