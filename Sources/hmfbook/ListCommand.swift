import ArgumentParser
import Foundation
import HMFCore
import Notebook
import NotebookKernel
import NotebookProtocol

/// `hmfbook list`: notebooks with their titles, parameters and last run status.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the notebooks under Notebooks/ with titles, parameters and last run status."
    )

    func run() throws {
        let root = FileManager.default.currentDirectoryPath
        let check = ProjectCheck(root: root, versions: try KitVersions.current())
        var rows: [[String]] = []
        for nb in check.notebooks() {
            guard let text = try? String(contentsOfFile: "\(root)/\(nb)", encoding: .utf8) else {
                rows.append([nb, "?", "", "unreadable"])
                continue
            }
            let doc: NotebookDocument
            do { doc = try MarkdownParser.parse(text, path: nb) } catch {
                rows.append([nb, "?", "", "\(error)"])
                continue
            }
            let params = doc.frontMatter.parameters.map { "\($0.name)=\($0.value.description)" }
                .joined(separator: " ")
            var status = "never run"
            if let r = RunRecord.read(
                RunRecord.path(
                    forNotebook: nb, outputDirectory: "\(root)/\(ProjectLayout.outputDirectory)"))
            {
                status = "\(r.status) \(r.startedAt) (\(String(format: "%.1f", r.seconds)) s)"
                if check.notebookStaleness(nb) != nil, r.status == "ok" {
                    status += ", changed since"
                }
            }
            rows.append([nb, doc.frontMatter.title ?? "-", params, status])
        }
        print(
            rows.isEmpty
                ? "no notebooks under Notebooks/"
                : TextTable(header: ["notebook", "title", "parameters", "last run"], rows: rows)
                    .plainText)
    }
}
