import Foundation

/// Writes a table as CSV into the notebook's figures folder and records it as an output of the run (like
/// `publishJSON`: numbers with a fraction at `significant` significant digits, and a file that already says
/// the same to that precision left as it is). Fields holding a comma, a quote or a line break are quoted.
///
///     try publishCSV("outliers.csv", header: ["bin", "idx"], rows: [[0, 567]])
@discardableResult
public func publishCSV(
    _ fileName: String, header: [String], rows: [[Any]], significant: Int = 6
) throws -> PublishedFiles {
    func field(_ value: Any) -> String {
        let text = "\(value)"
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    let lines =
        [header.map(field).joined(separator: ",")]
        + rows.map { $0.map(field).joined(separator: ",") }
    let path = (NotebookRuntime.figuresDirectory as NSString).appendingPathComponent(fileName)
    let text = StablePublication.rounded(
        lines.joined(separator: "\n") + "\n", significant: significant)
    try StablePublication.write(
        Data(text.utf8), to: path, unless: StablePublication.sameTextToRounding)
    NotebookRuntime.recordOutput(path)
    return PublishedFiles(paths: [path])
}
