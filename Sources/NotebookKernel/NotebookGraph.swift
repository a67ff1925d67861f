import CellGraph
import Foundation
import Notebook

/// The cell graph of a notebook as `hmfbook graph` shows it: its cells and prose expressions, labelled.
package enum NotebookGraph {
    /// The graph of `document`'s units and a label for each ("[3] line 42: let fit = ...").
    package static func of(_ document: NotebookDocument) -> (graph: CellGraph, labels: [String]) {
        var analyses: [String: CellAnalysis] = [:]
        let units = NotebookUnit.units(of: document, analyses: &analyses)
        let graph = CellGraph(
            units.map(\.analysis), parameters: document.frontMatter.parameters.map(\.name))
        let labels = units.map { unit -> String in
            switch unit.kind {
            case .cell(let cell):
                let first =
                    cell.source.split(separator: "\n").first {
                        !$0.trimmingCharacters(in: .whitespaces).isEmpty
                    }
                    .map { String($0.trimmingCharacters(in: .whitespaces).prefix(48)) } ?? ""
                return "[\(cell.index + 1)] line \(cell.firstLine): \(first)"
            case .inline(let expressions):
                return
                    "prose after [\(unit.cell + 1)], line \(expressions.first?.line ?? 0): `{swift}` x \(expressions.count)"
            }
        }
        return (graph, labels)
    }

    /// Whether `v` depends on `u`, directly or through others, in `dependencies` (per node, direct).
    package static func reaches(_ dependencies: [[Int]], from u: Int, to v: Int) -> Bool {
        guard v > u else { return false }
        var seen = Set<Int>()
        var stack = [v]
        while let x = stack.popLast() {
            for d in dependencies[x] where d >= u && seen.insert(d).inserted {
                if d == u { return true }
                stack.append(d)
            }
        }
        return false
    }
}
