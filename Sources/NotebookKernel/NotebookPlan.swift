import CellGraph
import Foundation
import HMFCore
import Notebook
import SwiftSourceText

/// What the code of a notebook says before anything runs: its units, their static cell graph, and for each unit
/// the values it keeps for later units, its module and its code key.
///
/// A unit is compiled against the modules of the units whose declarations it uses (the graph's `declares`,
/// `extends` and `unreadable` edges, transitively): its **compile ancestors**. A module's name digests the
/// unit's code, what it keeps, the parameters it uses, the notebook's imports and its compile ancestors'
/// modules, so a built module is never stale. A unit's **code key** adds its options and the run's context.
struct NotebookPlan {
    let units: [NotebookUnit]
    /// The static graph: every edge the code alone can justify.
    let graph: CellGraph
    let compileAncestors: [[Int]]
    /// Per unit, in order.
    let exports: [[(name: String, isVariable: Bool, annotation: String?)]]
    let parameterLines: [[String]]
    let modules: [String]
    let codeKeys: [String]
    /// Per unit: the values of earlier units it uses, as (declaring unit, name).
    let uses: [[(unit: Int, name: String)]]
    /// `import` declarations of all cells.
    let imports: [String]
    /// Parameter declarations by name.
    let parameterText: [String: String]

    /// The environment every code key includes: the kit, the toolchain, where figures and images go, and the
    /// declared inputs' digests.
    struct Context: Sendable {
        var versions: KitVersions
        var toolchainIdentity: String
        var figures: String
        var assets: String
        var inputDigests: [String]
        /// Keep every top-level value for later cells, used or not (a Jupyter notebook grows cell by cell: a new
        /// cell must not force the cells it uses to compile and run again).
        var keepsEveryValue = false
    }

    init(
        parameters: [(name: String, value: ParameterValue)], units: [NotebookUnit], context: Context
    ) {
        self.units = units
        let graph = CellGraph(units.map(\.analysis), parameters: parameters.map(\.name))
        self.graph = graph
        imports = Array(Set(units.flatMap(\.analysis.imports))).sorted()
        let parameterText = Dictionary(
            uniqueKeysWithValues: parameters.map {
                ($0.name, "let \($0.name): \($0.value.swiftType) = \($0.value.swiftLiteral)")
            })
        self.parameterText = parameterText

        var compileAncestors: [[Int]] = []
        var exports: [[(String, Bool, String?)]] = []
        var parameterLines: [[String]] = []
        var modules: [String] = []
        var codeKeys: [String] = []
        var uses: [[(Int, String)]] = []
        for (u, unit) in units.enumerated() {
            let direct = graph.edges[u].filter { $0.reasons.contains(where: Self.isCompileReason) }
                .map(\.dependency)
            let ancestors = Set(direct + direct.flatMap { compileAncestors[$0] }).sorted()
            compileAncestors.append(ancestors)
            let later =
                context.keepsEveryValue
                ? Set(unit.analysis.values)
                : units[(u + 1)...].reduce(into: Set<String>()) {
                    $0.formUnion($1.analysis.mentions)
                }
            exports.append(Self.exports(of: unit, usedLater: later))
            let params = graph.parameters(of: u).compactMap { parameterText[$0] }
            parameterLines.append(params)

            var m = ContentHasher()
            m.update(field: "hmfbook-cell-module-2")
            m.update(field: context.toolchainIdentity)
            m.update(field: context.versions.kit)
            switch unit.kind {
            case .cell: m.update(field: "cell")
            case .inline(let expressions):
                m.update(
                    field: "inline "
                        + expressions.map { "\($0.index):\($0.column)" }.joined(separator: ","))
            }
            m.update(field: unit.source)
            for e in exports[u] { m.update(field: "\(e.0) \(e.1) \(e.2 ?? "")") }
            for line in params + imports { m.update(field: line) }
            for a in ancestors { m.update(field: modules[a]) }
            modules.append("C" + m.finalize().hex.prefix(16))

            var k = ContentHasher()
            k.update(field: "hmfbook-code-key-1")
            k.update(field: modules[u])
            k.update(
                field:
                    "\(unit.options.allowError) \(unit.options.cache) \(unit.options.keyOnInputsOnly)"
            )
            for field in [context.versions.numerics, context.figures, context.assets]
                + context.inputDigests
            { k.update(field: field) }
            codeKeys.append(k.finalize().hex)

            let declared = unit.analysis.mentions.compactMap { name -> (Int, String)? in
                guard let d = (0..<u).last(where: { units[$0].analysis.values.contains(name) })
                else { return nil }
                return (d, name)
            }
            uses.append(declared.sorted { ($0.0, $0.1) < ($1.0, $1.1) })
        }
        self.compileAncestors = compileAncestors
        self.exports = exports
        self.parameterLines = parameterLines
        self.modules = modules
        self.codeKeys = codeKeys
        self.uses = uses
    }

    /// Edges a compiler needs: the unit uses a declaration, or an extension, of the other (or cannot be read).
    static func isCompileReason(_ reason: CellGraph.Reason) -> Bool {
        switch reason {
        case .declares, .extends, .unreadable: return true
        case .mentions, .processState, .file: return false
        }
    }

    /// The unit's values that later units (or its own declarations) use; every name of a declaration one of whose
    /// names is kept, so that the rest of the cell still sees them.
    static func exports(of unit: NotebookUnit, usedLater later: Set<String>) -> [(
        name: String, isVariable: Bool, annotation: String?
    )] {
        guard case .cell(let cell) = unit.kind else { return [] }
        let bytes = Array(cell.source.utf8)
        let declarationText = unit.analysis.items.filter { $0.kind == .declaration }
            .map { String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) }.joined(
                separator: "\n")
        let usedByDeclarations =
            declarationText.isEmpty ? [] : CellAnalyzer.analyze(declarationText).mentions
        var out: [(String, Bool, String?)] = []
        for item in unit.analysis.items {
            guard case .binding(let b) = item.kind,
                b.names.contains(where: { later.contains($0) || usedByDeclarations.contains($0) })
            else { continue }
            out += b.names.map { ($0, b.isVariable, b.annotations[$0]) }
        }
        return out
    }

    /// The key of a unit's run facts: its kind and own code (facts carry over while the unit's code stays).
    static func sourceKey(_ unit: NotebookUnit) -> String {
        ContentHasher.hex(Data(((unit.isCell ? "cell\n" : "inline\n") + unit.source).utf8))
    }

    /// The digest of the code a unit's results depend on: its code and that of `ancestors`, normalised, and the
    /// parameters they use (empty for `cache-key: inputs`). Part of every session key the unit makes.
    func codeDigest(_ u: Int, ancestors: [Int]) -> String {
        guard !units[u].options.keyOnInputsOnly else { return "" }
        var c = ContentHasher()
        c.update(field: "hmfbook-code-2")
        for p in Set(([u] + ancestors).flatMap { graph.parameters(of: $0) }).sorted() {
            c.update(field: parameterText[p] ?? p)
        }
        for a in ancestors.sorted() + [u] {
            c.update(field: SwiftSourceNormalizer.normalize(units[a].source))
        }
        return c.finalize().hex
    }
}
