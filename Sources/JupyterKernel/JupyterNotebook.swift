import CellGraph
import Foundation
import Notebook
import NotebookKernel

/// The notebook a Jupyter front end builds one executed cell at a time, run in a live `NotebookSession`.
///
/// A Jupyter cell is known by the id the front end sends (`cellId` in the request's metadata); without one, a
/// cell that declares a name an earlier cell declares takes that cell's place (running `let x = 2` after
/// `let x = 1` redefines `x`), and any other code is a new cell at the end. The cells are in the order they
/// were first run. Running a cell runs it and the cells that depend on it, as in `hmfbook preview`; a cell that
/// ends with an expression shows its value.
final class JupyterNotebook: @unchecked Sendable {
    struct Cell {
        var id: String
        /// The code as the front end sent it.
        var code: String
        /// The code the session runs (a final expression shows its value).
        var runnable: String
        /// The execution count of its last run (its `In [n]`).
        var executionCount: Int
    }

    private(set) var cells: [Cell] = []
    let session: NotebookSession
    let frontMatter: String
    let parameters: [(name: String, value: ParameterValue)]
    let name: String

    /// A notebook named `name` whose cells see `parameters` (the front matter of the notebook the front end
    /// opened, when it is an hmfbook notebook).
    init(name: String, session: NotebookSession, frontMatter declared: FrontMatter?)
        throws(NotebookError)
    {
        self.name = name
        self.session = session
        parameters = try (declared ?? FrontMatter()).resolve(overrides: [:])
        frontMatter =
            parameters.isEmpty
            ? ""
            : "---\nparameters:\n"
                + parameters.map { "  \($0.name): \($0.value.yaml)" }.joined(separator: "\n")
                + "\n---\n"
    }

    /// What running a cell did.
    struct Execution {
        /// The cell's place among `cells`.
        var cell: Int
        var result: CellResult
        /// Other cells that ran because they depend on it (places among `cells`), with their results.
        var dependents: [(cell: Int, result: CellResult)]
        var seconds: Double
        var notes: [String]
    }

    /// Runs `code` as the cell `id` (or as the cell it redefines, or a new one) with `executionCount`.
    func execute(
        _ code: String, id: String?, executionCount: Int,
        onStatus: (NotebookSession.Status) -> Void
    ) throws(NotebookError) -> Execution {
        let place = place(for: code, id: id)
        let cell = Cell(
            id: id ?? place.map { cells[$0].id } ?? UUID().uuidString, code: code,
            runnable: Self.showingFinalValue(code), executionCount: executionCount)
        let index: Int
        if let place {
            cells[place] = cell
            index = place
        } else {
            cells.append(cell)
            index = cells.count - 1
        }
        let document = try MarkdownParser.parse(text, path: "\(name).md")
        let round = try session.run(
            document, parameters: parameters, only: [index], onStatus: onStatus)
        let results = round.result.cells
        let dependents = round.ran.filter { $0 != index && results[$0].execution == .ran }.map {
            ($0, results[$0])
        }
        return Execution(
            cell: index, result: results[index], dependents: dependents,
            seconds: round.result.totalSeconds, notes: round.result.notes)
    }

    /// Forgets the cells with `ids` (deleted in the front end).
    func remove(ids: [String]) {
        cells.removeAll { ids.contains($0.id) }
    }

    /// The notebook line of cell `index`'s first code line, to turn notebook lines into cell lines.
    func firstLine(of index: Int) -> Int? {
        (try? MarkdownParser.parse(text, path: "\(name).md"))?.cells[safe: index]?.firstLine
    }

    /// The notebook the session runs: the parameters, then every cell in order.
    var text: String {
        frontMatter
            + cells.map { cell in
                var fence = "```"
                while cell.runnable.contains(fence) { fence += "`" }
                return "\(fence)swift\n\(cell.runnable)\n\(fence)\n"
            }.joined(separator: "\n")
    }

    /// The place of the cell `code` replaces: the one with `id`, or the one declaring a name it declares.
    private func place(for code: String, id: String?) -> Int? {
        if let id, let i = cells.firstIndex(where: { $0.id == id }) { return i }
        guard id == nil else { return nil }
        let declared = CellAnalyzer.analyze(code).topLevel
        guard !declared.isEmpty else { return nil }
        return cells.firstIndex {
            !CellAnalyzer.analyze($0.code).topLevel.isDisjoint(with: declared)
        }
    }

    /// `code` with a final expression statement wrapped in `NotebookRuntime.showResult(...)`, so that its value
    /// shows as the cell's result (lines are kept; the first line of the expression shifts right).
    static func showingFinalValue(_ code: String) -> String {
        let analysis = CellAnalyzer.analyze(code)
        guard !analysis.hasSyntaxErrors, let last = analysis.items.last, last.isExpression else {
            return code
        }
        let bytes = Array(code.utf8)
        let expression = String(decoding: bytes[last.start..<last.end], as: UTF8.self)
        return String(decoding: bytes[..<last.start], as: UTF8.self) + "NotebookRuntime.showResult("
            + expression + ")"
            + String(decoding: bytes[last.end...], as: UTF8.self)
    }
}

extension ParameterValue {
    /// The value as YAML in a front matter.
    var yaml: String {
        switch self {
        case .string(let s): return ParameterValue.quoted(s)
        case .list(let items, _): return "[" + items.map(\.yaml).joined(separator: ", ") + "]"
        default: return swiftLiteral
        }
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
