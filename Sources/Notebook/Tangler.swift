/// Turns a notebook into one `main.swift`: parameter constants first, then every cell between
/// `NotebookRuntime.beginCell`/`endCell` calls, with `#sourceLocation` directives so that compiler
/// diagnostics and crash backtraces point at notebook lines.
///
/// The `` `{swift} expr` `` expressions of the prose after a cell are evaluated at the end of that cell (before
/// `endCell`), so they see everything declared so far; those of the prose before the first cell at the start
/// of the first cell. Each expression sits on its own line under a `#sourceLocation` for its prose line,
/// indented to its column, so a compile error points at the expression itself.
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
        let inline = Dictionary(grouping: document.inlineExpressions) { $0.afterCell ?? -1 }
        let cells = document.cells
        if cells.isEmpty { out += inlineLines(inline[-1] ?? [], file: file) }
        for cell in cells {
            out.append("NotebookRuntime.beginCell(\(cell.index), cache: \(cell.options.cache))")
            if cell.index == 0 { out += inlineLines(inline[-1] ?? [], file: file) }
            if cell.options.allowError { out.append("do {") }
            out.append("#sourceLocation(file: \(file), line: \(cell.firstLine))")
            out.append(cell.source)
            out.append("#sourceLocation()")
            if cell.options.allowError { out.append("} catch { NotebookRuntime.cellThrew(error) }") }
            out += inlineLines(inline[cell.index] ?? [], file: file)
            out.append("NotebookRuntime.endCell(\(cell.index))")
            out.append("")
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// The evaluation of each expression, mapped to its prose line and column.
    static func inlineLines(_ expressions: [InlineExpression], file: String) -> [String] {
        expressions.flatMap { e in
            ["NotebookRuntime.inline(\(e.index)) {",
             "#sourceLocation(file: \(file), line: \(e.line))",
             String(repeating: " ", count: max(0, e.column - 1)) + e.code,
             "#sourceLocation()",
             "}"]
        }
    }
}
