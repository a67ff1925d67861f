import CellGraph
import Notebook

/// One piece of a notebook that the kernel compiles and runs on its own: a cell, or the `` `{swift} expr` ``
/// expressions of the prose after a cell. Units are in document order; the inline expressions of the prose
/// before the first cell come first.
struct NotebookUnit: Sendable {
    enum Kind: Sendable, Equatable {
        case cell(Cell)
        case inline([InlineExpression])
    }

    var kind: Kind
    /// The cell the unit's events belong to (for inline expressions, the cell the prose follows; the first cell
    /// for prose before it).
    var cell: Int
    /// The code the graph reads.
    var source: String
    var analysis: CellAnalysis

    var isCell: Bool { if case .cell = kind { return true } else { return false } }

    var options: CellOptions {
        if case .cell(let c) = kind { return c.options }
        return CellOptions()
    }

    /// The units of `document`, analysed (`analyses` memoises analyses by source).
    static func units(of document: NotebookDocument, analyses: inout [String: CellAnalysis])
        -> [NotebookUnit]
    {
        func analyse(_ source: String) -> CellAnalysis {
            if let known = analyses[source] { return known }
            let a = CellAnalyzer.analyze(source)
            analyses[source] = a
            return a
        }
        let inline = Dictionary(grouping: document.inlineExpressions) { $0.afterCell ?? -1 }
        var units: [NotebookUnit] = []
        func addInline(_ key: Int, cell: Int) {
            guard let expressions = inline[key], !expressions.isEmpty else { return }
            let code = InlineModuleSource.code(expressions)
            units.append(
                NotebookUnit(
                    kind: .inline(expressions), cell: cell, source: code, analysis: analyse(code)))
        }
        addInline(-1, cell: 0)
        for cell in document.cells {
            units.append(
                NotebookUnit(
                    kind: .cell(cell), cell: cell.index, source: cell.source,
                    analysis: analyse(cell.source)))
            addInline(cell.index, cell: cell.index)
        }
        return units
    }
}
