import HMFCore
import SwiftSourceText

/// Turns a notebook into one `main.swift`: parameter constants first, then every cell between
/// `NotebookRuntime.beginCell`/`endCell` calls, with `#sourceLocation` directives so that compiler
/// diagnostics and crash backtraces point at notebook lines.
///
/// Each cell's `beginCell` carries the digest of the code that can change its results: the parameters, the
/// cell and every earlier cell, with comments and spacing normalised away (`CodeDigests`). `Session` puts it
/// into every key, so editing a closure or an earlier helper recomputes, and editing prose, comments or a
/// later cell does not.
///
/// A cell marked `error: allow` runs inside `do { } catch`: a thrown error is shown and the run goes on. When
/// such a cell declares names at its top level, the cells after it are placed inside the same `do` block so
/// that they can use those names; if the cell then throws, the cells after it do not run.
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
        let parameterLines = parameters.map { "let \($0.name): \($0.value.swiftType) = \($0.value.swiftLiteral)" }
        if !parameters.isEmpty {
            out.append("// Parameters")
            out += parameterLines
            out.append("")
        }
        let digests = CodeDigests.of(document.cells, parameters: parameterLines)
        let inline = Dictionary(grouping: document.inlineExpressions) { $0.afterCell ?? -1 }
        let cells = document.cells
        if cells.isEmpty { out += inlineLines(inline[-1] ?? [], file: file) }
        var openScopes: [Int] = []
        for cell in cells {
            let code = cell.options.keyOnInputsOnly ? "" : digests[cell.index]
            out.append("NotebookRuntime.beginCell(\(cell.index), cache: \(cell.options.cache), code: \"\(code)\")")
            if cell.index == 0 { out += inlineLines(inline[-1] ?? [], file: file) }
            let nests = cell.options.allowError && Self.declaresNames(cell.source)
            if cell.options.allowError { out.append("do {") }
            out.append("#sourceLocation(file: \(file), line: \(cell.firstLine))")
            out.append(cell.source)
            out.append("#sourceLocation()")
            if cell.options.allowError && !nests { out.append("} catch { NotebookRuntime.cellThrew(error) }") }
            if nests { openScopes.append(cell.index) }
            out += inlineLines(inline[cell.index] ?? [], file: file)
            out.append("NotebookRuntime.endCell(\(cell.index))")
            out.append("")
        }
        for index in openScopes.reversed() {
            out.append("} catch { try NotebookRuntime.allowedError(error, inCell: \(index)) }")
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

    /// Whether `source` declares names at its top level (let, var, func, types, ...), outside braces.
    static func declaresNames(_ source: String) -> Bool {
        let keywords: Set<String> = ["let", "var", "func", "struct", "class", "enum", "actor", "typealias", "protocol", "extension"]
        var depth = 0
        for line in SwiftSourceNormalizer.normalize(source).split(separator: "\n") {
            if depth == 0 {
                let words = line.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == "@") })
                let first = words.first { !["private", "fileprivate", "public", "final", "static", "nonisolated"].contains($0) && !$0.hasPrefix("@") }
                if let first, keywords.contains(String(first)) { return true }
            }
            for c in line {
                if c == "{" { depth += 1 } else if c == "}" { depth = max(0, depth - 1) }
            }
        }
        return false
    }
}

/// The code digest of each cell: SHA-256 over the parameter declarations and the normalised sources of the cell
/// and every cell before it.
enum CodeDigests {
    static func of(_ cells: [Cell], parameters: [String]) -> [String] {
        var h = ContentHasher()
        h.update(field: "hmfbook-code-1")
        for line in parameters { h.update(field: line) }
        var out: [String] = []
        for cell in cells {
            h.update(field: SwiftSourceNormalizer.normalize(cell.source))
            out.append(h.finalize().hex)
        }
        return out
    }
}
