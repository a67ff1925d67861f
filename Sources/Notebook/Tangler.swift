/// Turns a notebook into one `main.swift`: parameter constants first, then every cell between
/// `NotebookRuntime.beginCell`/`endCell` calls, with `#sourceLocation` directives so that compiler
/// diagnostics and crash backtraces point at notebook lines.
public enum Tangler {
    /// The program text for `document` with `parameters` (already validated, in declaration order).
    /// `sourcePath` is the file name used in `#sourceLocation` (the notebook path as the user gave it).
    public static func tangle(_ document: NotebookDocument, parameters: [(name: String, value: ParameterValue)],
                              sourcePath: String) -> String {
        var out: [String] = ["import NotebookKit", ""]
        let file = ParameterValue.quoted(sourcePath)
        if !parameters.isEmpty {
            out.append("// Parameters")
            for p in parameters {
                out.append("let \(p.name): \(p.value.swiftType) = \(p.value.swiftLiteral)")
            }
            out.append("")
        }
        for cell in document.cells {
            out.append("NotebookRuntime.beginCell(\(cell.index), cache: \(cell.options.cache))")
            if cell.options.allowError { out.append("do {") }
            out.append("#sourceLocation(file: \(file), line: \(cell.firstLine))")
            out.append(cell.source)
            out.append("#sourceLocation()")
            if cell.options.allowError { out.append("} catch { NotebookRuntime.cellThrew(error) }") }
            out.append("NotebookRuntime.endCell(\(cell.index))")
            out.append("")
        }
        return out.joined(separator: "\n") + "\n"
    }
}
