import Foundation
import NotebookProtocol

extension Figure {
    /// Publishes the figure: writes `name.pdf` and `name.png` into the notebook's figures folder and shows it
    /// under the current cell. A name with a .pdf/.png/.svg extension writes only that file. (Plotting's
    /// `save(_:)` writes to a path of your choosing and shows nothing.)
    ///
    ///     try fig.publish("basis")      // figures/toy/basis.pdf + figures/toy/basis.png
    @discardableResult
    public func publish(_ name: String) throws(PlotError) -> PublishedFiles {
        guard !name.isEmpty, !name.hasPrefix("/"), !name.split(separator: "/").contains("..") else {
            throw .invalidArgument(
                "publish(\"\(name)\"): give a name inside the figures folder, such as \"basis\"")
        }
        let base = (NotebookRuntime.figuresDirectory as NSString).appendingPathComponent(name)
        let ext = (name as NSString).pathExtension.lowercased()
        let files = ["pdf", "png", "svg"].contains(ext) ? [base] : [base + ".pdf", base + ".png"]
        if files.count == 2 {
            try writeStably(pdf: files[0], png: files[1])
        } else {
            for file in files { try save(file, dpi: nil) }
        }
        var e = NotebookEvent(kind: .figure, cell: NotebookRuntime.currentCell, text: name)
        e.image = files.first { $0.hasSuffix(".png") }
        e.files = files
        NotebookRuntime.emit(e)
        return PublishedFiles(paths: files)
    }

    /// Writes the figure as a PDF and a PNG, unless the files there already draw it: when the new PNG
    /// differs from the old one by no more than `StablePublication.pixelTolerance` in any pixel, both files
    /// are kept as they are (a re-run that agrees to rounding changes no published file).
    /// - Returns: whether the files were written.
    @discardableResult
    package func writeStably(pdf: String, png: String) throws(PlotError) -> Bool {
        let image = Data(try renderPNG(dpi: nil))
        if FileManager.default.fileExists(atPath: pdf),
            let old = FileManager.default.contents(atPath: png),
            StablePublication.sameRendering(old, image)
        {
            return false
        }
        let vector = Data(try renderPDF())
        do {
            try AtomicFile.write(vector, to: pdf)
            try AtomicFile.write(image, to: png)
        } catch {
            throw .io(path: pdf, reason: error.reason)
        }
        return true
    }
}
