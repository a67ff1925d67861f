import CellGraph

/// The Swift source of one cell compiled as a module of its own.
///
/// The cell's declarations (functions, types, extensions, operators) go to the module's top level; its statements
/// go, in order, into a body function the kernel calls. Each top-level value a later cell uses becomes a global
/// the later cell's module sees through `@testable import`: optional storage behind a computed property of the
/// cell's type, so that the value is assigned where the cell assigns it and re-running the cell assigns it again.
/// Values no later cell uses stay local to the body. Every piece of the cell keeps its line and column through
/// `#sourceLocation`, under the file name of the module, which the host maps back to notebook lines.
struct CellModuleSource {
    /// The module's name (also the `#sourceLocation` file name).
    var module: String
    /// The cell's code.
    var source: String
    /// Its analysis (top-level items).
    var analysis: CellAnalysis
    /// Values later cells use, with their types (written or inferred).
    var exports: [Export]
    /// `let name: Type = literal` of the parameters the cell uses.
    var parameters: [String]
    /// `import` declarations of the whole notebook.
    var imports: [String]
    /// Modules of the cells this one depends on.
    var ancestors: [String]

    /// A value kept for later cells.
    struct Export: Equatable, Codable {
        var name: String
        var type: String
        var isVariable: Bool
    }

    /// The C symbol of the module's entry point.
    static func entrySymbol(_ module: String) -> String { "hmf_unit_\(module)" }

    /// The header every cell module and probe starts with.
    static func header(imports: [String], ancestors: [String], parameters: [String]) -> [String] {
        ["import NotebookKit"] + imports + ancestors.map { "@testable import \($0)" }
            + parameters.map { "fileprivate \($0)" }
    }

    var text: String {
        var out = [
            "// A cell of a notebook, compiled by hmfbook as a module of its own. Generated; do not edit."
        ]
        out += Self.header(imports: imports, ancestors: ancestors, parameters: parameters)
        let exported = Dictionary(uniqueKeysWithValues: exports.map { ($0.name, $0) })
        var body: [String] = []
        for item in analysis.items {
            let text = located(item)
            switch item.kind {
            case .importDeclaration: continue
            case .declaration: out += text
            case .statement: body += text
            case .binding(let binding):
                let kept = binding.names.filter { exported[$0] != nil }
                if kept.isEmpty {
                    body += text
                } else if binding.isInitialized {
                    body += ["do {"] + text + kept.map { "__hmf_\($0) = \($0)" } + ["}"]
                }
            // An exported value declared without a value is assigned later through its property.
            }
        }
        for export in exports { out += storage(export) }
        out.append("private func __hmf_body() throws {")
        out += body
        out.append("}")
        out.append(
            "@_cdecl(\"\(Self.entrySymbol(module))\") public func __hmf_unit() -> UnsafeMutableRawPointer {"
        )
        out.append("    CellUnit(module: \"\(module)\", bindings: [")
        for e in exports {
            out.append(
                "        CellBinding(\"\(e.name)\", get: { __hmf_\(e.name).map { $0 as Any } }, "
                    + "set: { if let v = $0 as? \(e.type) { __hmf_\(e.name) = v } }, clear: { __hmf_\(e.name) = nil }),"
            )
        }
        out.append("    ], body: __hmf_body).retainedPointer()")
        out.append("}")
        return out.joined(separator: "\n") + "\n"
    }

    /// The item's text at its cell line and column, with `private` and `fileprivate` blanked out at the top
    /// level (in one notebook file every cell saw them; here each cell is a file of its own).
    private func located(_ item: TopLevelItem) -> [String] {
        let bytes = Array(source.utf8)
        var text = String(decoding: bytes[item.start..<item.end], as: UTF8.self)
        if case .declaration = item.kind {
            text = ConformanceWitnesses.publishing(Self.blankingTopLevelAccess(text))
        }
        if case .binding = item.kind { text = Self.blankingTopLevelAccess(text) }
        return [
            "#sourceLocation(file: \"\(module)\", line: \(item.line))",
            String(repeating: " ", count: max(0, item.column - 1)) + text,
            "#sourceLocation()",
        ]
    }

    /// `private`/`fileprivate` at the start of a declaration replaced by spaces (columns are kept).
    static func blankingTopLevelAccess(_ text: String) -> String {
        var words = text.split(separator: " ", maxSplits: 8, omittingEmptySubsequences: false).map(
            String.init)
        for i in words.indices {
            let w = words[i]
            if w == "private" || w == "fileprivate" {
                words[i] = String(repeating: " ", count: w.count)
                continue
            }
            if w.isEmpty || w.hasPrefix("@")
                || ["final", "static", "nonisolated", "public", "internal"].contains(w)
            {
                continue
            }
            break
        }
        return words.joined(separator: " ")
    }

    /// Storage and property of an exported value: readable by later cells, and for a `var` writable in place.
    private func storage(_ e: Export) -> [String] {
        let unset = "CellValues.unset(\"\(e.name)\")"
        var lines = ["var __hmf_\(e.name): Optional<\(e.type)> = nil"]
        if e.isVariable {
            lines += [
                "var \(e.name): \(e.type) {",
                "    get { guard let v = __hmf_\(e.name) else { \(unset) }; return v }",
                "    set { __hmf_\(e.name) = newValue }",
                "    _modify { if __hmf_\(e.name) == nil { \(unset) }; yield &__hmf_\(e.name)! }",
                "}",
            ]
        } else {
            lines += [
                "fileprivate(set) var \(e.name): \(e.type) {",
                "    get { guard let v = __hmf_\(e.name) else { \(unset) }; return v }",
                "    set { __hmf_\(e.name) = newValue }",
                "}",
            ]
        }
        return lines
    }
}
