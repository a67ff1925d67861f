internal import CCairo

/// A decoded PNG as 8-bit RGBA pixels; used to compare rendered figures with reference images.
public struct RasterImage: Sendable {
    public let width: Int
    public let height: Int
    /// Row-major RGBA bytes (straight alpha), 4 per pixel.
    public let rgba: [UInt8]

    /// Decodes PNG bytes.
    public init(png: [UInt8]) throws(PlotError) {
        final class Source {
            let bytes: [UInt8]
            var offset = 0
            init(_ b: [UInt8]) { bytes = b }
        }
        let source = Source(png)
        let read: cairo_read_func_t = { closure, data, length in
            guard let closure, let data else { return CAIRO_STATUS_READ_ERROR }
            let src = Unmanaged<Source>.fromOpaque(closure).takeUnretainedValue()
            let n = Int(length)
            guard src.offset + n <= src.bytes.count else { return CAIRO_STATUS_READ_ERROR }
            src.bytes.withUnsafeBufferPointer { buf in
                if let base = buf.baseAddress { data.update(from: base + src.offset, count: n) }
            }
            src.offset += n
            return CAIRO_STATUS_SUCCESS
        }
        guard
            let surface = withExtendedLifetime(
                source,
                {
                    cairo_image_surface_create_from_png_stream(
                        read, Unmanaged.passUnretained(source).toOpaque())
                })
        else { throw .backend("cannot decode PNG") }
        defer { cairo_surface_destroy(surface) }
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw .backend("cannot decode PNG: " + String(cString: cairo_status_to_string(status)))
        }
        let image = surface
        let w = Int(cairo_image_surface_get_width(image))
        let h = Int(cairo_image_surface_get_height(image))
        let stride = Int(cairo_image_surface_get_stride(image))
        let format = cairo_image_surface_get_format(image)
        var out = [UInt8](repeating: 0, count: w * h * 4)
        cairo_surface_flush(image)
        if let data = cairo_image_surface_get_data(image) {
            for y in 0..<h {
                let row = UnsafeRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
                for x in 0..<w {
                    let p = row[x]
                    let a = format == CAIRO_FORMAT_RGB24 ? 255 : (p >> 24) & 0xff
                    func un(_ c: UInt32) -> UInt8 {
                        a == 0 ? 0 : UInt8(min(255, (c * 255 + a / 2) / a))
                    }
                    let i = (y * w + x) * 4
                    out[i] = un((p >> 16) & 0xff)
                    out[i + 1] = un((p >> 8) & 0xff)
                    out[i + 2] = un(p & 0xff)
                    out[i + 3] = UInt8(a)
                }
            }
        }
        width = w
        height = h
        rgba = out
    }

    /// Fraction of pixels whose largest channel difference to `other` exceeds `threshold` (0...255);
    /// 1 when the sizes differ.
    public func fractionDiffering(from other: RasterImage, threshold: Int = 40) -> Double {
        guard width == other.width, height == other.height, width * height > 0 else { return 1 }
        var differing = 0
        for p in 0..<(width * height) {
            var worst = 0
            for c in 0..<4 {
                worst = max(worst, abs(Int(rgba[p * 4 + c]) - Int(other.rgba[p * 4 + c])))
            }
            if worst > threshold { differing += 1 }
        }
        return Double(differing) / Double(width * height)
    }
}
