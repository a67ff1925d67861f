internal import CCairo
import Foundation
import HMFCore

/// Collects bytes written by cairo's stream callbacks.
private final class ByteSink {
    var bytes: [UInt8] = []
}

private let writeToSink: cairo_write_func_t = { closure, data, length in
    guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
    let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
    sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
    return CAIRO_STATUS_SUCCESS
}

extension Figure {
    /// Writes the figure to `path`; the extension chooses the format: .pdf (vector, fonts embedded),
    /// .svg, or .png (at `dpi`, default `self.dpi`).
    public func save(_ path: String, dpi: Double? = nil) throws(PlotError) {
        let ext = (path as NSString).pathExtension.lowercased()
        let bytes: [UInt8]
        switch ext {
        case "pdf": bytes = try renderPDF()
        case "svg": bytes = try renderSVG()
        case "png": bytes = try renderPNG(dpi: dpi)
        default: throw .unsupportedFormat(ext)
        }
        do { try AtomicFile.write(Data(bytes), to: path) } catch {
            throw .io(path: path, reason: error.reason)
        }
    }

    /// PNG bytes at `dpi` pixels per inch (default `self.dpi`), e.g. for inlining into HTML.
    public func renderPNG(dpi: Double? = nil) throws(PlotError) -> [UInt8] {
        try validate()
        let d = dpi ?? self.dpi
        let pw = Int((width * d).rounded())
        let ph = Int((height * d).rounded())
        guard d > 0, d.isFinite, pw >= 1, ph >= 1, pw <= 20_000, ph <= 20_000 else {
            throw .invalidArgument(
                "dpi \(d) gives a \(pw) x \(ph) pixel image; use a size between 1 and 20,000 pixels"
            )
        }
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(pw), Int32(ph))
        else {
            throw .backend("cannot create a \(pw) x \(ph) image")
        }
        defer { cairo_surface_destroy(surface) }
        try render(on: surface, scale: d / 72, raster: true)
        let sink = ByteSink()
        let status = cairo_surface_write_to_png_stream(
            surface, writeToSink, Unmanaged.passUnretained(sink).toOpaque())
        try check(status)
        return sink.bytes
    }

    /// PDF bytes: vector output with embedded font subsets and a fixed creation date (reproducible).
    public func renderPDF() throws(PlotError) -> [UInt8] {
        try validate()
        let sink = ByteSink()
        let (w, h) = size
        guard
            let surface = cairo_pdf_surface_create_for_stream(
                writeToSink, Unmanaged.passUnretained(sink).toOpaque(), w, h)
        else {
            throw .backend("cannot create a PDF surface")
        }
        cairo_pdf_surface_set_metadata(
            surface, CAIRO_PDF_METADATA_CREATE_DATE, "2000-01-01T00:00:00Z")
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "hmfbook Plotting")
        if let suptitle {
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, suptitle)
        }
        try render(on: surface, scale: 1, raster: false)
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        cairo_surface_destroy(surface)
        try check(status)
        return sink.bytes
    }

    /// SVG bytes; identifiers are renumbered so the same figure always gives the same file.
    public func renderSVG() throws(PlotError) -> [UInt8] {
        try validate()
        let sink = ByteSink()
        let (w, h) = size
        guard
            let surface = cairo_svg_surface_create_for_stream(
                writeToSink, Unmanaged.passUnretained(sink).toOpaque(), w, h)
        else {
            throw .backend("cannot create an SVG surface")
        }
        cairo_svg_surface_restrict_to_version(surface, CAIRO_SVG_VERSION_1_1)
        try render(on: surface, scale: 1, raster: false)
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        cairo_surface_destroy(surface)
        try check(status)
        return SVGNormalizer.normalize(sink.bytes)
    }

    private func validate() throws(PlotError) {
        if let first = issues.first { throw first }
    }

    private func check(_ status: cairo_status_t) throws(PlotError) {
        if status != CAIRO_STATUS_SUCCESS {
            throw .backend(String(cString: cairo_status_to_string(status)))
        }
    }

    private func render(on surface: OpaquePointer, scale: Double, raster: Bool) throws(PlotError) {
        let canvas = Canvas(surface: surface, scale: scale, raster: raster)
        layout(canvas)
        draw(canvas)
        if let message = canvas.status { throw .backend(message) }
        cairo_surface_flush(surface)
    }

    /// Texts with their bounding boxes (points, origin top-left) after layout; for layout checks and debugging.
    func laidOutTexts() -> [PlacedText] {
        let canvas = Canvas.measuring()
        layout(canvas)
        return allTexts(canvas)
    }
}
