import HMFCore

/// What one cell produced.
package struct CellResult: Sendable, Equatable, Codable {
    /// One item shown under the cell, in the order it was produced.
    package enum Output: Sendable, Equatable, Codable {
        /// Text from `display(...)`.
        case text(String)
        /// The value of the cell's final expression (in a Jupyter front end).
        case value(String)
        /// An image (PNG path, relative to the project) from `display(fig)` or `fig.save(name)`.
        case image(path: String, caption: String?)
        /// A warning (e.g. a recomputed corrupted store entry).
        case warning(String)
        /// An error caught in a cell marked `error: allow`.
        case error(String)
        /// A table from `display(header, rows:)`: a real table in HTML, a pipe table in Markdown.
        case table(TextTable)
    }

    /// What a `` `{swift} expr` `` in prose evaluated to.
    package enum InlineValue: Sendable, Equatable, Codable {
        /// The value as text.
        case value(String)
        /// The expression threw this error.
        case error(String)
    }

    /// How the cell ended.
    package enum Status: Sendable, Equatable, Codable {
        /// Ran to the end.
        case ok
        /// Did not run (an earlier cell failed).
        case notRun
        /// Failed: `line` is the notebook line when known.
        case failed(kind: FailureKind, message: String, line: Int?)
    }

    /// The kinds of failure that stop a run.
    package enum FailureKind: String, Sendable, Equatable, Codable {
        case compile = "compile error"
        case thrown = "thrown error"
        case trap = "crash"
        case timeout = "timeout"
        case interrupted = "interrupted"
    }

    /// Cell index.
    package var index: Int
    package var status: Status = .notRun
    /// Captured standard output.
    package var stdout = ""
    /// Captured standard error (runtime messages such as "Fatal error" included).
    package var stderr = ""
    package var outputs: [Output] = []
    /// Figure files written by `fig.save`.
    package var figureFiles: [String] = []
    /// Wall time in seconds (nil when the cell did not finish).
    package var seconds: Double?
    /// Session lookups: hits and misses.
    package var cacheHits = 0
    package var cacheMisses = 0
    /// Values of the inline expressions evaluated after the cell, by expression index.
    package var inlineValues: [Int: InlineValue] = [:]
    /// Whether the cell ran in this run or its result was kept from an earlier one.
    package var execution: Execution = .ran
    /// The cells this cell depends on (0-based), as the cell graph says.
    package var dependencies: [Int] = []

    /// How a cell's result came about in a run.
    package enum Execution: String, Sendable, Equatable, Codable {
        /// The cell ran because it, or a cell it depends on, changed.
        case ran
        /// Nothing it depends on changed: the result of an earlier run was kept.
        case reused
        /// It ran again only to give the cells after it its values (after a fresh start or a crash); its code and
        /// inputs had not changed.
        case restored
    }

    package init(index: Int) { self.index = index }
}

/// The outcome of running a notebook.
package struct RunResult: Sendable {
    /// The parsed document.
    package var document: NotebookDocument
    /// Resolved parameters (defaults with overrides applied).
    package var parameters: [(name: String, value: ParameterValue)]
    /// One result per cell.
    package var cells: [CellResult]
    /// Seconds spent compiling cells, and the run's wall time.
    package var compileSeconds: Double = 0
    package var totalSeconds: Double = 0
    /// When the run started (ISO 8601).
    package var startedAt: String = ""
    /// What the page should say about the run itself (a kernel restarted after a crash).
    package var notes: [String] = []

    package init(
        document: NotebookDocument, parameters: [(name: String, value: ParameterValue)],
        cells: [CellResult]
    ) {
        self.document = document
        self.parameters = parameters
        self.cells = cells
    }

    /// The first failed cell, if any.
    package var firstFailure: CellResult? {
        cells.first { if case .failed = $0.status { return true } else { return false } }
    }
    /// Values of every inline expression that was evaluated, by expression index.
    package var inlineValues: [Int: CellResult.InlineValue] {
        cells.reduce(into: [:]) { all, cell in all.merge(cell.inlineValues) { a, _ in a } }
    }
    /// Whether every cell ran without a stopping failure.
    package var succeeded: Bool { firstFailure == nil && cells.allSatisfy { $0.status == .ok } }
}

/// Where and how a cell failed, written the same way in the terminal, the run record and every renderer.
package struct CellFailure: Sendable, Equatable {
    /// The failed cell (0-based).
    package var cell: Int
    package var kind: CellResult.FailureKind
    package var message: String
    /// `notebook:line` of the failure (the cell's fence when no line is known).
    package var location: String
    /// The notebook line, when known.
    package var line: Int?

    /// "Compile error in cell 3".
    package var heading: String { "\(kind.rawValue.capitalized) in cell \(cell + 1)" }
    /// "Notebooks/x.md:42: compile error in cell 3: message", the compiler's convention.
    package var summary: String { "\(location): \(kind.rawValue) in cell \(cell + 1): \(message)" }
}

extension RunResult {
    /// The failure of cell `index`, if it failed.
    package func failure(of index: Int) -> CellFailure? {
        guard case .failed(let kind, let message, let line) = cells[index].status else {
            return nil
        }
        let at = line ?? document.cells[index].fenceLine
        return CellFailure(
            cell: index, kind: kind, message: message, location: "\(document.path):\(at)",
            line: line)
    }

    /// The first failure of the run.
    package var failure: CellFailure? { firstFailure.flatMap { failure(of: $0.index) } }
}
