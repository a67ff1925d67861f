import CellGraph
import Foundation
import HMFCore
import Notebook
import SwiftSourceText

/// What the kernel knows about a notebook before running anything: its units, their graph, and for each unit the
/// values it keeps for later units, its module's name, its state key and the code digest of its session keys.
///
/// A module's name digests the unit's code, what it keeps, the parameters it uses, the notebook's imports and its
/// ancestors' modules. A unit's **state key** digests its module, its options and the state keys of the units it
/// depends on (a Merkle chain), plus the kit and the folders it writes into: equal keys mean equal results.
struct NotebookPlan {
    let units: [NotebookUnit]
    let graph: CellGraph
    /// Per unit, in order.
    let exports: [[(name: String, isVariable: Bool, annotation: String?)]]
    let parameterLines: [[String]]
    let modules: [String]
    let stateKeys: [String]
    let codeDigests: [String]
    /// Per unit: the values of earlier units it uses, as (declaring unit, name).
    let uses: [[(unit: Int, name: String)]]
    /// `import` declarations of all cells.
    let imports: [String]

    /// Facts about a unit's last run that the code alone does not show.
    struct RunFacts: Codable, Sendable, Equatable {
        var filesRead: [String] = []
        var filesWritten: [String] = []
        var changedProcessState = false
    }

    /// The environment every state key includes: the kit, the toolchain, where figures and images go, and the
    /// declared inputs' digests.
    struct Context: Sendable {
        var versions: KitVersions
        var toolchainIdentity: String
        var figures: String
        var assets: String
        var inputDigests: [String]
    }

    init(document: NotebookDocument, parameters: [(name: String, value: ParameterValue)], units: [NotebookUnit],
         facts: [String: RunFacts], context: Context) {
        self.units = units
        let analyses = units.map(\.analysis)
        var files: [(writer: Int, reader: Int, path: String)] = []
        var stateWriters: [Int: String] = [:]
        let unitFacts = units.map { facts[Self.sourceKey($0)] }
        for (w, wf) in unitFacts.enumerated() {
            guard let wf else { continue }
            if wf.changedProcessState { stateWriters[w] = "changed the working directory or environment when it ran" }
            for path in wf.filesWritten {
                for r in (w + 1)..<max(w + 1, units.count) where unitFacts[r]?.filesRead.contains(path) == true {
                    files.append((w, r, path))
                }
            }
        }
        let graph = CellGraph(analyses, parameters: parameters.map(\.name), files: files, stateWriters: stateWriters)
        self.graph = graph
        imports = Array(Set(analyses.flatMap(\.imports))).sorted()
        let parameterText = Dictionary(uniqueKeysWithValues: parameters.map {
            ($0.name, "let \($0.name): \($0.value.swiftType) = \($0.value.swiftLiteral)")
        })

        var exports: [[(String, Bool, String?)]] = []
        var parameterLines: [[String]] = []
        var modules: [String] = []
        var stateKeys: [String] = []
        var codeDigests: [String] = []
        var uses: [[(Int, String)]] = []
        for (u, unit) in units.enumerated() {
            let later = units[(u + 1)...].reduce(into: Set<String>()) { $0.formUnion($1.analysis.mentions) }
            exports.append(Self.exports(of: unit, usedLater: later))
            let params = graph.parameters(of: u).compactMap { parameterText[$0] }
            parameterLines.append(params)
            let ancestors = graph.ancestors(of: u)
            var m = ContentHasher()
            m.update(field: "hmfbook-cell-module-1")
            m.update(field: context.toolchainIdentity)
            m.update(field: context.versions.kit)
            switch unit.kind {
            case .cell: m.update(field: "cell")
            case .inline(let expressions): m.update(field: "inline " + expressions.map { "\($0.index):\($0.column)" }.joined(separator: ","))
            }
            m.update(field: unit.source)
            for e in exports[u] { m.update(field: "\(e.0) \(e.1) \(e.2 ?? "")") }
            for line in params + imports { m.update(field: line) }
            for a in ancestors { m.update(field: modules[a]) }
            modules.append("C" + m.finalize().hex.prefix(16))

            var s = ContentHasher()
            s.update(field: "hmfbook-state-1")
            s.update(field: modules[u])
            s.update(field: "\(unit.options.allowError) \(unit.options.cache) \(unit.options.keyOnInputsOnly)")
            for d in graph.dependencies(of: u) { s.update(field: stateKeys[d]) }
            for field in [context.versions.numerics, context.figures, context.assets] + context.inputDigests { s.update(field: field) }
            stateKeys.append(s.finalize().hex)

            var c = ContentHasher()
            c.update(field: "hmfbook-code-2")
            for p in Set(([u] + ancestors).flatMap { graph.parameters(of: $0) }).sorted() { c.update(field: parameterText[p] ?? p) }
            for a in ancestors + [u] { c.update(field: SwiftSourceNormalizer.normalize(units[a].source)) }
            codeDigests.append(unit.options.keyOnInputsOnly ? "" : c.finalize().hex)

            let declared = unit.analysis.mentions.compactMap { name -> (Int, String)? in
                guard let d = (0..<u).last(where: { units[$0].analysis.values.contains(name) }) else { return nil }
                return (d, name)
            }
            uses.append(declared.sorted { ($0.0, $0.1) < ($1.0, $1.1) })
        }
        self.exports = exports
        self.parameterLines = parameterLines
        self.modules = modules
        self.stateKeys = stateKeys
        self.codeDigests = codeDigests
        self.uses = uses
    }

    /// The unit's values that later units (or its own declarations) use; every name of a declaration one of whose
    /// names is kept, so that the rest of the cell still sees them.
    static func exports(of unit: NotebookUnit, usedLater later: Set<String>) -> [(name: String, isVariable: Bool, annotation: String?)] {
        guard case .cell(let cell) = unit.kind else { return [] }
        let bytes = Array(cell.source.utf8)
        let declarationText = unit.analysis.items.filter { $0.kind == .declaration }
            .map { String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) }.joined(separator: "\n")
        let usedByDeclarations = declarationText.isEmpty ? [] : CellAnalyzer.analyze(declarationText).mentions
        var out: [(String, Bool, String?)] = []
        for item in unit.analysis.items {
            guard case .binding(let b) = item.kind,
                  b.names.contains(where: { later.contains($0) || usedByDeclarations.contains($0) }) else { continue }
            out += b.names.map { ($0, b.isVariable, b.annotations[$0]) }
        }
        return out
    }

    /// The key of a unit's run facts: its kind and own code (facts carry over while the unit's code stays).
    static func sourceKey(_ unit: NotebookUnit) -> String {
        ContentHasher.hex(Data(((unit.isCell ? "cell\n" : "inline\n") + unit.source).utf8))
    }
}
