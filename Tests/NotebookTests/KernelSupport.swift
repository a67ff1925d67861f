import Foundation
import Testing

@testable import Notebook
@testable import NotebookKernel

/// A live session over a notebook made of `cells`, for the cell-graph cases: run, edit, run again, and see which
/// cells ran and what each printed. `batch(cells)` runs the same cells once in a fresh session, for comparison.
final class KernelHarness {
    let project: Project
    let session: NotebookSession
    private(set) var parameters: [(name: String, value: ParameterValue)] = []

    init(parameters: [(String, ParameterValue)] = []) throws {
        project = try Project()
        guard case .success(let toolchain) = Kit.toolchain else {
            throw Kit.toolchain.failureValue!
        }
        session = try NotebookSession(
            notebook: "Notebooks/k.md", toolchain: toolchain, options: Self.options(project.root))
        self.parameters = parameters.map { (name: $0.0, value: $0.1) }
    }

    static func options(_ root: String) -> NotebookSession.Options {
        var o = NotebookSession.Options(
            projectRoot: root, stateDirectory: "\(root)/.hmfbook",
            figuresDirectory: "\(root)/figures",
            assetsDirectory: "\(root)/build/assets", runName: "k")
        o.timeout = 60
        return o
    }

    deinit {
        session.shutdown()
        project.remove()
    }

    /// The notebook text of `cells` (with `options[i]` lines at the top of cell i).
    static func text(_ cells: [String], parameters: [(name: String, value: ParameterValue)] = [])
        -> String
    {
        var front = ""
        if !parameters.isEmpty {
            front =
                "---\nparameters:\n"
                + parameters.map { "  \($0.name): \($0.value.description)" }.joined(separator: "\n")
                + "\n---\n"
        }
        return front + cells.map { "```swift\n\($0)\n```\n" }.joined(separator: "\nprose\n\n")
    }

    /// Runs `cells` in the live session.
    @discardableResult
    func run(_ cells: [String], parameters: [(String, ParameterValue)]? = nil) throws
        -> NotebookSession.Round
    {
        if let parameters { self.parameters = parameters.map { (name: $0.0, value: $0.1) } }
        let document = try MarkdownParser.parse(
            Self.text(cells, parameters: self.parameters), path: "Notebooks/k.md")
        return try session.run(document, parameters: self.parameters)
    }

    /// The standard output of each cell of `cells` run once in a fresh session (what a batch run shows).
    func batch(_ cells: [String]) throws -> [String] {
        guard case .success(let toolchain) = Kit.toolchain else {
            throw Kit.toolchain.failureValue!
        }
        let fresh = try Project()
        defer { fresh.remove() }
        let other = try NotebookSession(
            notebook: "Notebooks/k.md", toolchain: toolchain, options: Self.options(fresh.root))
        defer { other.shutdown() }
        let document = try MarkdownParser.parse(
            Self.text(cells, parameters: parameters), path: "Notebooks/k.md")
        return try other.run(document, parameters: parameters).result.cells.map(\.stdout)
    }
}

extension NotebookSession.Round {
    /// What each cell printed.
    var stdout: [String] { result.cells.map(\.stdout) }
    /// Cells that ran because they changed or depend on a change (not those run only to restore values).
    var changedRan: [Int] { result.cells.filter { $0.execution == .ran }.map(\.index) }
}
