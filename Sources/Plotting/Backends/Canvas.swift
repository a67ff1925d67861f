internal import CCairo

/// A thin wrapper over a cairo context in figure points. Every drawing call of the module goes through it,
/// so cairo types stay inside the Backends and Text folders.
final class Canvas {
    let cr: OpaquePointer
    /// Image surface when drawing to pixels (enables the fast marker path), nil for vector surfaces.
    let imageSurface: OpaquePointer?
    /// Device pixels per point.
    let scale: Double
    private var faces: [FontKey: OpaquePointer] = [:]

    init(surface: OpaquePointer, scale: Double, raster: Bool) {
        cr = cairo_create(surface)
        imageSurface = raster ? surface : nil
        self.scale = scale
        cairo_scale(cr, scale, scale)
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
        cairo_set_font_options(cr, options)
        cairo_font_options_destroy(options)
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT)
    }

    /// A canvas on a 1 x 1 image, for measuring text during layout.
    static func measuring() -> Canvas {
        let surface: OpaquePointer = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1)
        let canvas = Canvas(surface: surface, scale: 1, raster: false)
        cairo_surface_destroy(surface)
        return canvas
    }

    deinit {
        for face in faces.values { cairo_font_face_destroy(face) }
        cairo_destroy(cr)
    }

    var status: String? {
        let s = cairo_status(cr)
        return s == CAIRO_STATUS_SUCCESS ? nil : String(cString: cairo_status_to_string(s))
    }

    // MARK: state

    func save() { cairo_save(cr) }
    func restore() { cairo_restore(cr) }
    func translate(_ x: Double, _ y: Double) { cairo_translate(cr, x, y) }
    func rotate(degrees: Double) { cairo_rotate(cr, -degrees * .pi / 180) }

    func clip(_ r: Rect) {
        cairo_rectangle(cr, r.x, r.y, r.width, r.height)
        cairo_clip(cr)
    }

    /// The current clip region's bounding box in user space.
    func clipExtents() -> Rect {
        var x0 = 0.0
        var y0 = 0.0
        var x1 = 0.0
        var y1 = 0.0
        cairo_clip_extents(cr, &x0, &y0, &x1, &y1)
        return Rect(minX: x0, minY: y0, maxX: x1, maxY: y1)
    }

    func setColor(_ c: Color, alpha: Double = 1) {
        cairo_set_source_rgba(cr, c.red, c.green, c.blue, c.alpha * alpha)
    }

    func setLine(width: Double, style: LineStyle = .solid, cap: LineCap = .butt) {
        cairo_set_line_width(cr, width)
        let d = style.dashes(width: width)
        d.withUnsafeBufferPointer { cairo_set_dash(cr, $0.baseAddress, Int32(d.count), 0) }
        cairo_set_line_cap(
            cr,
            cap == .round
                ? CAIRO_LINE_CAP_ROUND
                : cap == .square ? CAIRO_LINE_CAP_SQUARE : CAIRO_LINE_CAP_BUTT)
    }

    enum LineCap { case butt, round, square }

    // MARK: paths

    func move(_ x: Double, _ y: Double) { cairo_move_to(cr, x, y) }
    func line(_ x: Double, _ y: Double) { cairo_line_to(cr, x, y) }
    func close() { cairo_close_path(cr) }
    func newPath() { cairo_new_path(cr) }
    func rect(_ r: Rect) { cairo_rectangle(cr, r.x, r.y, r.width, r.height) }
    func circle(_ x: Double, _ y: Double, _ radius: Double) {
        cairo_new_sub_path(cr)
        cairo_arc(cr, x, y, radius, 0, 2 * .pi)
    }

    func roundedRect(_ r: Rect, radius: Double) {
        let rad = min(radius, r.width / 2, r.height / 2)
        guard rad > 0 else { return rect(r) }
        cairo_new_sub_path(cr)
        cairo_arc(cr, r.maxX - rad, r.minY + rad, rad, -.pi / 2, 0)
        cairo_arc(cr, r.maxX - rad, r.maxY - rad, rad, 0, .pi / 2)
        cairo_arc(cr, r.minX + rad, r.maxY - rad, rad, .pi / 2, .pi)
        cairo_arc(cr, r.minX + rad, r.minY + rad, rad, .pi, 1.5 * .pi)
        cairo_close_path(cr)
    }

    func stroke() { cairo_stroke(cr) }
    func fill() { cairo_fill(cr) }
    func fillPreserve() { cairo_fill_preserve(cr) }
    /// Clips to the current path (consumes it).
    func clipToPath() { cairo_clip(cr) }

    /// Fills `r` with `color`.
    func fill(_ r: Rect, _ color: Color) {
        setColor(color)
        rect(r)
        fill()
    }

    // MARK: fonts

    struct FontKey: Hashable {
        let family: String
        let italic: Bool
        let bold: Bool
    }

    /// Selects a toy font face (cached) at `size` points.
    func selectFont(family: String, italic: Bool, bold: Bool, size: Double) {
        let key = FontKey(family: family, italic: italic, bold: bold)
        let face: OpaquePointer
        if let cached = faces[key] {
            face = cached
        } else {
            face = cairo_toy_font_face_create(
                family, italic ? CAIRO_FONT_SLANT_ITALIC : CAIRO_FONT_SLANT_NORMAL,
                bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
            faces[key] = face
        }
        cairo_set_font_face(cr, face)
        cairo_set_font_size(cr, size)
    }

    /// Advance width and ink extents (top above baseline, bottom below) of `text` in the current font.
    func measure(_ text: String) -> (advance: Double, inkTop: Double, inkBottom: Double) {
        var e = cairo_text_extents_t()
        cairo_text_extents(cr, text, &e)
        return (e.x_advance, -e.y_bearing, e.height + e.y_bearing)
    }

    /// Ascent and descent of the current font.
    func fontExtents() -> (ascent: Double, descent: Double) {
        var e = cairo_font_extents_t()
        cairo_font_extents(cr, &e)
        return (e.ascent, e.descent)
    }

    /// True if every character of `text` has a glyph in the current font.
    func hasGlyphs(_ text: String) -> Bool {
        guard let font = cairo_get_scaled_font(cr) else { return false }
        var glyphs: UnsafeMutablePointer<cairo_glyph_t>? = nil
        var count: Int32 = 0
        let utf8 = Array(text.utf8)
        let status = utf8.withUnsafeBufferPointer { buf in
            buf.withMemoryRebound(to: CChar.self) { chars in
                cairo_scaled_font_text_to_glyphs(
                    font, 0, 0, chars.baseAddress, Int32(chars.count),
                    &glyphs, &count, nil, nil, nil)
            }
        }
        defer { if let glyphs { cairo_glyph_free(glyphs) } }
        guard status == CAIRO_STATUS_SUCCESS, let glyphs else { return false }
        return (0..<Int(count)).allSatisfy { glyphs[$0].index != 0 }
    }

    func showText(_ text: String, x: Double, y: Double) {
        cairo_move_to(cr, x, y)
        cairo_show_text(cr, text)
    }

    // MARK: images

    /// Paints an ARGB32 premultiplied pixel buffer (`width` x `height`) into `rect`, nearest-neighbour if `smooth` is false.
    func drawImage(pixels: [UInt32], width: Int, height: Int, in r: Rect, smooth: Bool = false) {
        guard width > 0, height > 0, r.width != 0, r.height != 0 else { return }
        let stride = Int(cairo_format_stride_for_width(CAIRO_FORMAT_ARGB32, Int32(width)))
        guard
            let surface = cairo_image_surface_create(
                CAIRO_FORMAT_ARGB32, Int32(width), Int32(height))
        else { return }
        defer { cairo_surface_destroy(surface) }
        cairo_surface_flush(surface)
        if let data = cairo_image_surface_get_data(surface) {
            pixels.withUnsafeBufferPointer { src in
                for row in 0..<height {
                    let dst = UnsafeMutableRawPointer(data + row * stride).assumingMemoryBound(
                        to: UInt32.self)
                    for col in 0..<width { dst[col] = src[row * width + col] }
                }
            }
        }
        cairo_surface_mark_dirty(surface)
        save()
        cairo_translate(cr, r.x, r.y)
        cairo_scale(cr, r.width / Double(width), r.height / Double(height))
        cairo_set_source_surface(cr, surface, 0, 0)
        if let pattern = cairo_get_source(cr) {
            cairo_pattern_set_filter(pattern, smooth ? CAIRO_FILTER_GOOD : CAIRO_FILTER_NEAREST)
            cairo_pattern_set_extend(pattern, CAIRO_EXTEND_PAD)
        }
        cairo_rectangle(cr, 0, 0, Double(width), Double(height))
        cairo_fill(cr)
        restore()
    }
}

extension Canvas {
    /// Gives direct access to the pixels of a raster canvas, clipped to `clip` (points); false for vector canvases.
    func withPixels(clip: Rect, _ body: (MarkerPainter.PixelTarget) -> Void) -> Bool {
        guard let surface = imageSurface else { return false }
        cairo_surface_flush(surface)
        guard let data = cairo_image_surface_get_data(surface) else { return false }
        let w = Int(cairo_image_surface_get_width(surface))
        let h = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface)) / 4
        let x0 = max(0, Int((clip.minX * scale).rounded()))
        let y0 = max(0, Int((clip.minY * scale).rounded()))
        let x1 = min(w, Int((clip.maxX * scale).rounded()))
        let y1 = min(h, Int((clip.maxY * scale).rounded()))
        let pixels = UnsafeMutableRawPointer(data).assumingMemoryBound(to: UInt32.self)
        body(
            MarkerPainter.PixelTarget(
                pixels: pixels, width: w, height: h, stride: stride, clip: (x0, y0, x1, y1)))
        cairo_surface_mark_dirty(surface)
        return true
    }
}
