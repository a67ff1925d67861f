import ArgumentParser
import Foundation
import Notebook
import NotebookKernel

/// `hmfbook graph NOTEBOOK`: the cell graph, as text or as Graphviz DOT.
struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Print a notebook's cell graph: what each cell declares and which cells it depends on, and why."
    )

    @Argument(help: "The notebook (Notebooks/NAME.md).")
    var notebook: String

    @Flag(help: "Print Graphviz DOT (pipe into `dot -Tsvg`).")
    var dot = false

    func run() throws {
        guard let text = try? String(contentsOfFile: notebook, encoding: .utf8) else {
            throw ValidationError("\(notebook): cannot read the notebook")
        }
        let document = try MarkdownParser.parse(text, path: notebook)
        let (graph, labels) = NotebookGraph.of(document)
        print(dot ? graph.dot(labels: labels) : graph.text(labels: labels), terminator: "")
    }
}
