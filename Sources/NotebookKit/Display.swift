import Foundation
import NotebookProtocol

/// Shows `value` under the current cell: figures are inlined as images, matrices pretty-printed (corners when
/// large), tables as tables, anything else with `String(describing:)`.
///
///     display(fit.basis)            // a matrix
///     display(fig)                  // the figure, inlined
///     display(["rank", "loss"], rows: [[3, 1.2], [4, 0.9]])
public func display(_ value: Any) {
    switch value {
    case let figure as Figure: displayFigure(figure)
    case let table as TextTable: emitTable(table)
    case let matrix as Matrix: emitText(MatrixDisplay.format(matrix))
    default: emitText(String(describing: value))
    }
}

extension NotebookRuntime {
    /// Shows the value of a cell's final expression as the cell's result (the Jupyter kernel wraps such an
    /// expression in this call): nothing for `Void` or `PublishedFiles` (the published figure shows already), a
    /// figure or table as `display` shows it, anything else as text marked as the result.
    public static func showResult<T>(_ value: T) {
        if T.self == Void.self || T.self == PublishedFiles.self { return }
        switch value {
        case is Figure, is TextTable, is Matrix: display(value)
        default:
            var e = NotebookEvent(
                kind: .display, cell: currentCell, text: String(describing: value))
            e.key = "result"
            emit(e)
        }
    }
}

/// Shows a table with a header row; numbers are written with 6 significant digits (integers as integers).
/// The executed Markdown gets a Markdown table and the HTML page a real table.
public func display(_ header: [String], rows: [[Any]]) {
    emitTable(TextTable(header: header, values: rows))
}

/// Reports progress of a long operation in the host's live progress line: `fraction` in 0...1.
public func reportProgress(_ fraction: Double, _ label: String = "") {
    var e = NotebookEvent(kind: .progress, cell: NotebookRuntime.currentCell, text: label)
    e.fraction = max(0, min(1, fraction.isFinite ? fraction : 0))
    NotebookRuntime.emit(e)
}

private func emitText(_ text: String) {
    NotebookRuntime.emit(
        NotebookEvent(kind: .display, cell: NotebookRuntime.currentCell, text: text))
}

private func emitTable(_ table: TextTable) {
    var e = NotebookEvent(kind: .display, cell: NotebookRuntime.currentCell, text: table.plainText)
    e.table = table
    NotebookRuntime.emit(e)
}

private func displayFigure(_ figure: Figure) {
    let cell = NotebookRuntime.currentCell
    let counter = NotebookRuntime.nextDisplayNumber()
    let path = (NotebookRuntime.assetsDirectory as NSString).appendingPathComponent(
        "display-\(max(cell, 0))-\(counter).png")
    do {
        try AtomicFile.write(Data(try figure.renderPNG()), to: path)
        // A Jupyter front end shows the vector form too.
        if ProcessInfo.processInfo.environment["HMFBOOK_DISPLAY_SVG"] == "1" {
            try figure.save((path as NSString).deletingPathExtension + ".svg", dpi: nil)
        }
        var e = NotebookEvent(kind: .display, cell: cell)
        e.image = path
        NotebookRuntime.emit(e)
    } catch {
        NotebookRuntime.emit(
            NotebookEvent(kind: .error, cell: cell, text: "display(figure) failed: \(error)"))
    }
}

/// Matrix display: the shape, then the matrix, or its four corners when larger than 8 x 8.
enum MatrixDisplay {
    static func format(_ m: Matrix, edge: Int = 4) -> String {
        let rowIdx = indices(m.rows, edge: edge)
        let colIdx = indices(m.cols, edge: edge)
        let rows: [[String]] = rowIdx.map { i in
            colIdx.map { j in
                guard let i, let j else { return "…" }
                return NumberFormat.significant(m[i, j])
            }
        }
        return "Matrix \(m.rows) x \(m.cols)\n" + TextTable(rows: rows).plainText
    }

    /// All indices when n <= 2 edge, else the first and last `edge` with a gap (nil) between.
    private static func indices(_ n: Int, edge: Int) -> [Int?] {
        if n <= 2 * edge { return Array(0..<n) }
        return Array(0..<edge) + [nil] + Array((n - edge)..<n)
    }
}
