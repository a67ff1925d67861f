/// A parsed notebook: front matter, then prose blocks and Swift cells in document order.
public struct NotebookDocument: Sendable, Equatable {
    /// Path as given (used in `#sourceLocation` and messages).
    public var path: String
    /// Title, declared parameters, figures folder and inputs.
    public var frontMatter: FrontMatter
    /// Prose and cells in order.
    public var blocks: [Block]

    /// The Swift cells in order.
    public var cells: [Cell] {
        blocks.compactMap { if case .cell(let c) = $0 { return c } else { return nil } }
    }

    /// A piece of the document.
    public enum Block: Sendable, Equatable {
        /// Markdown passed through untouched (lines joined with "\n").
        case prose(String)
        /// An executable ```swift cell.
        case cell(Cell)
    }
}

/// One ```swift cell.
public struct Cell: Sendable, Equatable {
    /// 0-based index among the notebook's cells.
    public var index: Int
    /// Code without the option lines, lines joined with "\n".
    public var source: String
    /// 1-based notebook line of the first line of `source`.
    public var firstLine: Int
    /// 1-based line of the opening fence.
    public var fenceLine: Int
    /// The `//| key: value` options.
    public var options: CellOptions
}

/// Options given as `//| key: value` lines at the top of a cell.
public struct CellOptions: Sendable, Equatable {
    /// Show the code in the output document (default true).
    public var echo = true
    /// Show the cell's outputs (default true).
    public var output = true
    /// `error: allow`: a thrown error is shown and the run continues (the cell runs in its own scope).
    public var allowError = false
    /// Seconds before the cell is stopped (nil: the run's `--timeout`).
    public var timeout: Double?
    /// `cache: false`: the cell's `Session` lookups always recompute and neither read nor write the store.
    public var cache = true
    /// `cache-key: inputs`: the cell's `Session` keys leave out the code (the cell and the cells before it)
    /// and depend on the operation and its inputs alone; for authors who know the code cannot change the
    /// result. The default, `cache-key: code`, includes it.
    public var keyOnInputsOnly = false

    public init() {}

    /// Option keys understood by the runner.
    public static let keys = ["echo", "output", "error", "timeout", "cache", "cache-key"]
}
