import ArgumentParser
import CellGraph
import Foundation
import Notebook
import NotebookKernel

/// `hmfbook graph NOTEBOOK`: the cell graph, as text or as Graphviz DOT.
struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract:
            "Print a notebook's cell graph: what each cell declares and which cells it depends on, and why."
    )

    @Argument(help: "The notebook (Notebooks/NAME.md).")
    var notebook: String

    @Flag(help: "Print Graphviz DOT (pipe into `dot -Tsvg`).")
    var dot = false

    @Flag(
        help:
            "Show the dependencies as the next run plans them: the graph refined by what the last `hmfbook run` showed (which values hold references, which cells write which variables, files, process state)."
    )
    var refined = false

    func run() throws {
        guard let text = try? String(contentsOfFile: notebook, encoding: .utf8) else {
            throw ValidationError("\(notebook): cannot read the notebook")
        }
        let document = try MarkdownParser.parse(text, path: notebook)
        let (graph, labels) = NotebookGraph.of(document)
        guard refined else {
            print(dot ? graph.dot(labels: labels) : graph.text(labels: labels), terminator: "")
            return
        }
        let live = LiveNotebook(
            path: notebook,
            runner: NotebookRunner(
                toolchain: try Toolchain.locate(), options: NotebookRunner.Options()))
        defer { live.shutdown() }
        let deps = try live.plannedDependencies()
        for (i, label) in labels.enumerated() {
            print(label)
            print(
                deps[i].isEmpty
                    ? "  depends on nothing"
                    : "  depends on "
                        + deps[i].map { labels[$0].prefix(while: { $0 != " " }) }.joined(
                            separator: " "))
        }
        let counts = deps.indices.map { u in
            deps.indices.filter { v in NotebookGraph.reaches(deps, from: u, to: v) }.count
        }
        print("\n" + CellGraph.costSummary(counts, refined: true))
    }
}
