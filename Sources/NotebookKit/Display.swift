import Foundation

/// Shows `value` under the current cell: figures are inlined as images, matrices and tables pretty-printed,
/// anything else shown with `String(describing:)`.
///
///     display(fit.basis)            // a matrix, corners shown when large
///     display(fig)                  // the figure, inlined
///     display(["rank", "loss"], rows: [[3, 1.2], [4, 0.9]])
public func display(_ value: Any) {
    switch value {
    case let figure as Figure: displayFigure(figure)
    case let matrix as Matrix: emitText(MatrixFormatter.format(matrix))
    case let rows as [[Double]]: emitText(TableFormatter.format(header: nil, rows: rows.map { $0.map(TableFormatter.cell) }))
    default: emitText(String(describing: value))
    }
}

/// Shows a table with a header row; cells are formatted with 6 significant digits when numeric.
public func display(_ header: [String], rows: [[Any]]) {
    emitText(TableFormatter.format(header: header, rows: rows.map { $0.map(TableFormatter.cell) }))
}

/// Reports progress of a long operation in the host's live progress line: `fraction` in 0...1.
public func reportProgress(_ fraction: Double, _ label: String = "") {
    var e = NotebookEvent(kind: .progress, cell: NotebookRuntime.currentCell, text: label)
    e.fraction = max(0, min(1, fraction.isFinite ? fraction : 0))
    NotebookRuntime.emit(e)
}

private func emitText(_ text: String) {
    NotebookRuntime.emit(NotebookEvent(kind: .display, cell: NotebookRuntime.currentCell, text: text))
}

private func displayFigure(_ figure: Figure) {
    let cell = NotebookRuntime.currentCell
    let counter = DisplayCounter.shared.next()
    let dir = NotebookRuntime.assetsDirectory
    let path = (dir as NSString).appendingPathComponent("display-\(max(cell, 0))-\(counter).png")
    do {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let png = try figure.renderPNG()
        try Data(png).write(to: URL(fileURLWithPath: path), options: .atomic)
        var e = NotebookEvent(kind: .display, cell: cell)
        e.image = path
        NotebookRuntime.emit(e)
    } catch {
        NotebookRuntime.emit(NotebookEvent(kind: .error, cell: cell, text: "display(figure) failed: \(error)"))
    }
}

/// Numbers displayed figures so that file names are stable across runs.
final class DisplayCounter: @unchecked Sendable {
    static let shared = DisplayCounter()
    private let lock = NSLock()
    private var count = 0
    func next() -> Int {
        lock.lock(); defer { lock.unlock() }
        count += 1
        return count
    }
}
