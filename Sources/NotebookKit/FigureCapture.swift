import Foundation

extension Figure {
    /// Saves the figure into the notebook's figures folder as `name.pdf` and `name.png` and shows it under
    /// the current cell. A name with a .pdf/.png/.svg extension writes only that file (still in the figures
    /// folder unless the name is an absolute path).
    ///
    ///     try fig.save("basis")      // figures/toy/basis.pdf + figures/toy/basis.png
    @discardableResult
    public func save(_ name: String) throws(PlotError) -> [String] {
        let dir = NotebookRuntime.figuresDirectory
        let ext = (name as NSString).pathExtension.lowercased()
        let base = name.hasPrefix("/") ? name : (dir as NSString).appendingPathComponent(name)
        let folder = (base as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder.isEmpty ? "." : folder, withIntermediateDirectories: true)
        } catch {
            throw .io(path: folder, reason: error.localizedDescription)
        }
        let files: [String]
        if ["pdf", "png", "svg"].contains(ext) {
            files = [base]
        } else {
            files = [base + ".pdf", base + ".png"]
        }
        for file in files { try save(file, dpi: nil) }
        var e = NotebookEvent(kind: .figure, cell: NotebookRuntime.currentCell, text: name)
        e.image = files.first { $0.hasSuffix(".png") }
        e.files = files
        NotebookRuntime.emit(e)
        return files
    }
}
