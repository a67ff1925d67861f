import Foundation
import NotebookProtocol

extension Session {
    /// Publishes a figure like `Figure.publish(_:)`, but keeps the rendered PDF and PNG in the store: when the
    /// cell's code and `key` are unchanged, the files of the earlier run are written again without drawing the
    /// figure (a scatter of every star of a survey takes seconds to render).
    ///
    ///     try session.publishFigure("hr_bins", key: catalog.bpRp + catalog.absMagG) { drawHRDiagram() }
    @discardableResult
    public func publishFigure(_ name: String, key: some CacheKeyInput, draw: () throws -> Figure)
        throws -> PublishedFiles
    {
        guard !name.isEmpty, !name.contains("/"), !name.contains(".") else {
            throw PlotError.invalidArgument(
                "publishFigure(\"\(name)\"): give a bare name such as \"hr_bins\"")
        }
        let rendered: RenderedFigure = try cached("figure:\(name)", key) {
            let figure = try draw()
            return RenderedFigure(
                pdf: Data(try figure.renderPDF()), png: Data(try figure.renderPNG()))
        }
        let base = (NotebookRuntime.figuresDirectory as NSString).appendingPathComponent(name)
        let files = [base + ".pdf", base + ".png"]
        try AtomicFile.write(rendered.pdf, to: files[0])
        try AtomicFile.write(rendered.png, to: files[1])
        var e = NotebookEvent(kind: .figure, cell: NotebookRuntime.currentCell, text: name)
        e.image = files[1]
        e.files = files
        NotebookRuntime.emit(e)
        return PublishedFiles(paths: files)
    }
}

/// The bytes of a rendered figure.
struct RenderedFigure: Codable {
    var pdf: Data
    var png: Data
}
