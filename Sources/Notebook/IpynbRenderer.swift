import Foundation

/// Writes the executed notebook as a Jupyter notebook (nbformat 4.5): prose as Markdown cells, Swift cells as
/// code cells with their outputs (streams, displayed text, tables as HTML and Markdown, PNG figures as base64
/// `image/png`, errors); inline values and figure numbers are written into the prose as in the Markdown.
/// It names hmfbook's Jupyter kernel, and its first code cell (tagged `parameters`) declares the run's
/// parameters, so that the notebook runs in Jupyter as it is. The document has no timings, so re-running an
/// unchanged notebook gives identical bytes.
package enum IpynbRenderer {
    /// The notebook JSON for `result`.
    package static func render(_ result: RunResult, numericsVersion: String) -> String {
        var cells: [[String: Any]] = []
        if !result.parameters.isEmpty {
            let lines = result.parameters.map {
                "let \($0.name): \($0.value.swiftType) = \($0.value.swiftLiteral)"
            }
            cells.append([
                "cell_type": "code", "id": "parameters", "execution_count": NSNull(),
                "outputs": [[String: Any]](),
                "metadata": ["tags": ["parameters"]],
                "source": Self.lines("// Parameters\n" + lines.joined(separator: "\n")),
            ])
        }
        var cellIndex = 0
        var proseIndex = 0
        var prose = ProseSubstitution(result)
        for block in result.document.blocks {
            switch block {
            case .prose(let source):
                let text = prose.markdown(source)
                guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                    continue
                }
                proseIndex += 1
                cells.append([
                    "cell_type": "markdown", "id": "prose-\(proseIndex)",
                    "metadata": [String: Any](),
                    "source": lines(text.trimmingCharacters(in: .newlines)),
                ])
            case .cell(let cell):
                let r =
                    cellIndex < result.cells.count
                    ? result.cells[cellIndex] : CellResult(index: cellIndex)
                cellIndex += 1
                cells.append(codeCell(cell, r, result: result))
            }
        }
        let doc = result.document
        let notebook: [String: Any] = [
            "nbformat": 4,
            "nbformat_minor": 5,
            "metadata": [
                "kernelspec": [
                    "name": "hmfbook", "display_name": "Swift (hmfbook)", "language": "swift",
                ],
                "language_info": [
                    "name": "swift", "file_extension": ".swift", "mimetype": "text/x-swift",
                ],
                "hmfbook": [
                    "title": doc.frontMatter.title ?? (doc.path as NSString).lastPathComponent,
                    "source": doc.path,
                    "engine": numericsVersion,
                    "parameters": Dictionary(
                        uniqueKeysWithValues: result.parameters.map {
                            ($0.name, $0.value.description)
                        }),
                ] as [String: Any],
            ] as [String: Any],
            "cells": cells,
        ]
        let data =
            (try? JSONSerialization.data(
                withJSONObject: notebook,
                options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func codeCell(_ cell: Cell, _ r: CellResult, result: RunResult) -> [String: Any] {
        var outputs: [[String: Any]] = []
        if cell.options.output {
            if !r.stdout.isEmpty {
                outputs.append(["output_type": "stream", "name": "stdout", "text": lines(r.stdout)])
            }
            for o in r.outputs {
                switch o {
                case .text(let t), .value(let t):
                    outputs.append(display(["text/plain": lines(t)]))
                case .table(let t):
                    outputs.append(
                        display([
                            "text/html": lines(t.html), "text/markdown": lines(t.markdown),
                            "text/plain": lines(t.plainText),
                        ]))
                case .image(let path, let caption):
                    let absolute =
                        path.hasPrefix("/")
                        ? path : "\(FileManager.default.currentDirectoryPath)/\(path)"
                    if let data = FileManager.default.contents(atPath: absolute) {
                        outputs.append(
                            display([
                                "image/png": data.base64EncodedString(),
                                "text/plain": [Self.figureText(caption)],
                            ]))
                    } else {
                        outputs.append([
                            "output_type": "stream", "name": "stderr",
                            "text": ["missing image \(path)\n"],
                        ])
                    }
                case .warning(let w):
                    outputs.append([
                        "output_type": "stream", "name": "stderr", "text": lines("warning: \(w)\n"),
                    ])
                case .error(let e):
                    outputs.append([
                        "output_type": "error", "ename": "Error (allowed)", "evalue": e,
                        "traceback": [e],
                    ])
                }
            }
            if !r.stderr.isEmpty, r.status == .ok {
                outputs.append(["output_type": "stream", "name": "stderr", "text": lines(r.stderr)])
            }
        }
        if let f = result.failure(of: r.index) {
            var traceback = ["\(f.heading) at \(f.location): \(f.message)"]
            if !r.stderr.isEmpty {
                traceback += r.stderr.split(separator: "\n", omittingEmptySubsequences: false).map(
                    String.init)
            }
            outputs.append([
                "output_type": "error", "ename": f.kind.rawValue.capitalized, "evalue": f.message,
                "traceback": traceback,
            ])
        }
        let ran = r.status != .notRun
        return [
            "cell_type": "code", "id": "cell-\(r.index + 1)",
            "execution_count": ran ? (r.index + 1) as Any : NSNull(),
            "metadata": ["jupyter": ["source_hidden": !cell.options.echo]] as [String: Any],
            "source": lines(cell.source), "outputs": outputs,
        ]
    }

    private static func display(_ data: [String: Any]) -> [String: Any] {
        ["output_type": "display_data", "data": data, "metadata": [String: Any]()]
    }

    /// Jupyter's multi-line string form: lines keeping their "\n", the last without one.
    /// A figure's plain-text stand-in, in exported notebooks and in the Jupyter kernel alike.
    package static func figureText(_ caption: String?) -> String {
        caption.map { "<Figure \($0)>" } ?? "<Figure>"
    }

    static func lines(_ text: String) -> [String] {
        guard !text.isEmpty else { return [] }
        var parts = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            String($0) + "\n"
        }
        if text.hasSuffix("\n") {
            parts.removeLast()
        } else if let last = parts.popLast() {
            parts.append(String(last.dropLast()))
        }
        return parts
    }
}
