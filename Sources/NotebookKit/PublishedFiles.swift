/// The files a `publish` call wrote, in the figures folder. A cell that ends with a publish call shows the
/// figure or file it published; the paths themselves are not a result to show (the Jupyter kernel shows none).
public struct PublishedFiles: Sendable, Equatable, CustomStringConvertible {
    /// The absolute paths written, in order (a figure's PDF before its PNG).
    public let paths: [String]

    public var description: String { paths.joined(separator: ", ") }
}
