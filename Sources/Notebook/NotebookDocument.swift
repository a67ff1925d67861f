/// A parsed notebook: front matter, then prose blocks and Swift cells in document order.
package struct NotebookDocument: Sendable, Equatable {
    /// Path as given (used in `#sourceLocation` and messages).
    package var path: String
    /// Title, declared parameters, figures folder and inputs.
    package var frontMatter: FrontMatter
    /// Prose and cells in order.
    package var blocks: [Block]
    /// The `` `{swift} expr` `` spans of the prose, in document order (their `index` is their position here).
    package var inlineExpressions: [InlineExpression] = []
    /// The `@fig-NAME` references of the prose, in document order.
    package var references: [FigureReference] = []

    /// The Swift cells in order.
    package var cells: [Cell] {
        blocks.compactMap { if case .cell(let c) = $0 { return c } else { return nil } }
    }

    /// A piece of the document.
    package enum Block: Sendable, Equatable {
        /// Markdown passed through untouched (lines joined with "\n").
        case prose(String)
        /// An executable ```swift cell.
        case cell(Cell)
    }
}

/// One ```swift cell.
package struct Cell: Sendable, Equatable {
    /// 0-based index among the notebook's cells.
    package var index: Int
    /// Code without the option lines, lines joined with "\n".
    package var source: String
    /// 1-based notebook line of the first line of `source`.
    package var firstLine: Int
    /// 1-based line of the opening fence.
    package var fenceLine: Int
    /// The `//| key: value` options.
    package var options: CellOptions
}

/// Options given as `//| key: value` lines at the top of a cell.
package struct CellOptions: Sendable, Equatable {
    /// Show the code in the output document (default true).
    package var echo = true
    /// Show the cell's outputs (default true).
    package var output = true
    /// `error: allow`: a thrown error is shown and the run continues (the cell runs in its own scope).
    package var allowError = false
    /// Seconds before the cell is stopped (nil: the run's `--timeout`).
    package var timeout: Double?
    /// `cache: false`: the cell's `Session` lookups always recompute and neither read nor write the store.
    package var cache = true
    /// `cache-key: inputs`: the cell's `Session` keys leave out the code (the cell and the cells before it)
    /// and depend on the operation and its inputs alone; for authors who know the code cannot change the
    /// result. The default, `cache-key: code`, includes it.
    package var keyOnInputsOnly = false
    /// `label: fig-NAME`: the cell's figures form one numbered figure with this id, cited in prose as
    /// `@fig-NAME`. Must start with `fig-`.
    package var label: String?
    /// `fig-cap: "..."`: the caption under the cell's figures ("Figure N: caption" when the cell has a label).
    package var figureCaption: String?
    /// `code-fold: true` (folded) or `show` (foldable, open): the code sits in a `<details>` block.
    package var codeFold: CodeFold = .none

    /// How the code of a cell is folded in the HTML page.
    package enum CodeFold: String, Sendable, Equatable {
        /// Shown as is (`code-fold: false`, the default).
        case none
        /// In a closed `<details>` block (`code-fold: true`).
        case folded
        /// In an open `<details>` block (`code-fold: show`).
        case shown
    }

    package init() {}

    /// Option keys understood by the runner.
    package static let keys = [
        "echo", "output", "error", "timeout", "cache", "cache-key", "label", "fig-cap", "code-fold",
    ]
}

/// A `` `{swift} expr` `` span in prose: the expression is evaluated during the run, after the cell before it,
/// and its value printed in its place.
package struct InlineExpression: Sendable, Equatable {
    /// Position among the notebook's inline expressions (0-based, document order).
    package var index: Int
    /// The Swift expression.
    package var code: String
    /// 1-based notebook line and column of the expression's first character.
    package var line: Int
    package var column: Int
    /// The cell the prose follows (nil for prose before the first cell, which sees only the parameters).
    package var afterCell: Int?
}

/// A `@fig-NAME` cross-reference in prose.
package struct FigureReference: Sendable, Equatable {
    /// The label cited (`fig-NAME`).
    package var label: String
    /// 1-based notebook line.
    package var line: Int
}

extension NotebookDocument {
    /// Figure numbers by label: cells with a `label` in document order are Figure 1, 2, ...
    package var figureNumbers: [String: Int] {
        var numbers: [String: Int] = [:]
        for label in cells.compactMap(\.options.label) where numbers[label] == nil {
            numbers[label] = numbers.count + 1
        }
        return numbers
    }

    /// References to labels no cell declares (shown as warnings).
    package var unresolvedReferences: [FigureReference] {
        let known = figureNumbers
        return references.filter { known[$0.label] == nil }
    }
}
