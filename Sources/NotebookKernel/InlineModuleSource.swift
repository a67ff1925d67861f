import Notebook

/// The Swift source of the `` `{swift} expr` `` expressions of one prose block, compiled as a module of its own:
/// each expression is evaluated and its value reported (`NotebookRuntime.inline`). Line `j` of the module's
/// `#sourceLocation` file is expression `j`, at its prose column.
struct InlineModuleSource {
    var module: String
    var expressions: [InlineExpression]
    var parameters: [String]
    var imports: [String]
    var ancestors: [String]

    /// The analysed code: one expression per line.
    static func code(_ expressions: [InlineExpression]) -> String {
        expressions.map(\.code).joined(separator: "\n")
    }

    var text: String {
        var out = [
            "// Inline expressions of a notebook's prose, compiled by hmfbook. Generated; do not edit."
        ]
        out += CellModuleSource.header(
            imports: imports, ancestors: ancestors, parameters: parameters)
        out.append("private func __hmf_body() throws {")
        for (j, e) in expressions.enumerated() {
            out += [
                "NotebookRuntime.inline(\(e.index)) {",
                "#sourceLocation(file: \"\(module)\", line: \(j + 1))",
                String(repeating: " ", count: max(0, e.column - 1)) + e.code,
                "#sourceLocation()",
                "}",
            ]
        }
        out.append("}")
        out.append(
            "@_cdecl(\"\(CellModuleSource.entrySymbol(module))\") public func __hmf_unit() -> UnsafeMutableRawPointer {"
        )
        out.append(
            "    CellUnit(module: \"\(module)\", bindings: [], body: __hmf_body).retainedPointer()")
        out.append("}")
        return out.joined(separator: "\n") + "\n"
    }
}
