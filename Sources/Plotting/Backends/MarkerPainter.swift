import Foundation

/// Draws many markers: as vector paths, or blitted straight into a pixel buffer (fast: a million points
/// in well under a second), with antialiased coverage masks cached per size and sub-pixel offset.
enum MarkerPainter {
    /// Vector markers; `sizes` are diameters in points and `colors` have one entry or one per point.
    static func drawVector(
        points: [(Double, Double)], sizes: [Double], colors: [Color], marker: Marker,
        edge: (color: Color, width: Double)?, canvas: Canvas
    ) {
        guard !points.isEmpty, !sizes.isEmpty, !colors.isEmpty else { return }
        let uniform = colors.count == 1 && colors[0].alpha >= 1 && edge == nil
        if uniform { canvas.setColor(colors[0]) }
        for (i, p) in points.enumerated() {
            let d = sizes.count == 1 ? sizes[0] : sizes[min(i, sizes.count - 1)]
            guard d > 0, d.isFinite else { continue }
            path(marker, x: p.0, y: p.1, radius: d / 2, canvas: canvas)
            if uniform {
                if i % 2000 == 1999 { canvas.fill() }
                continue
            }
            canvas.setColor(colors.count == 1 ? colors[0] : colors[min(i, colors.count - 1)])
            if let edge {
                canvas.fillPreserve()
                canvas.setColor(edge.color)
                canvas.setLine(width: edge.width)
                canvas.stroke()
            } else {
                canvas.fill()
            }
        }
        if uniform { canvas.fill() }
    }

    static func path(_ marker: Marker, x: Double, y: Double, radius r: Double, canvas: Canvas) {
        switch marker {
        case .circle: canvas.circle(x, y, r)
        case .square:
            canvas.rect(
                Rect(x: x - r * 0.886, y: y - r * 0.886, width: r * 1.772, height: r * 1.772))
        case .diamond:
            canvas.move(x, y - r)
            canvas.line(x + r, y)
            canvas.line(x, y + r)
            canvas.line(x - r, y)
            canvas.close()
        case .triangle:
            canvas.move(x, y - r)
            canvas.line(x + r * 0.866, y + r * 0.5)
            canvas.line(x - r * 0.866, y + r * 0.5)
            canvas.close()
        case .plus, .cross:
            let t = r / 3
            let arms: [(Double, Double, Double, Double)] = [(-r, -t, r, t), (-t, -r, t, r)]
            for a in arms {
                if marker == .plus {
                    canvas.rect(Rect(x: x + a.0, y: y + a.1, width: a.2 - a.0, height: a.3 - a.1))
                } else {
                    // Rotated 45 degrees: two diagonal bars.
                    let s = 0.7071
                    let pts = [(a.0, a.1), (a.2, a.1), (a.2, a.3), (a.0, a.3)].map {
                        (x + ($0.0 - $0.1) * s, y + ($0.0 + $0.1) * s)
                    }
                    canvas.move(pts[0].0, pts[0].1)
                    for p in pts.dropFirst() { canvas.line(p.0, p.1) }
                    canvas.close()
                }
            }
        }
    }

    /// A target pixel buffer: premultiplied ARGB32, `stride` in pixels, and the clip rectangle in pixels.
    struct PixelTarget {
        let pixels: UnsafeMutablePointer<UInt32>
        let width: Int
        let height: Int
        let stride: Int
        let clip: (x0: Int, y0: Int, x1: Int, y1: Int)
    }

    private struct MaskKey: Hashable {
        let radius: Int, fx: Int, fy: Int
    }

    private struct Mask {
        let size: Int
        let half: Int
        let coverage: [UInt16]
    }

    /// Blits markers at pixel positions `points`; `radii` in pixels; one colour or one per point.
    static func blit(
        points: [(Double, Double)], radii: [Double], colors: [Color], marker: Marker,
        into t: PixelTarget
    ) {
        guard !points.isEmpty, !radii.isEmpty, !colors.isEmpty else { return }
        var masks: [MaskKey: Mask] = [:]
        let premultiplied: [(UInt32, UInt32, UInt32, UInt32)] = colors.map {
            let a = $0.alpha
            return (
                UInt32(($0.red * a * 255).rounded()), UInt32(($0.green * a * 255).rounded()),
                UInt32(($0.blue * a * 255).rounded()), UInt32((a * 255).rounded())
            )
        }
        for (i, p) in points.enumerated() {
            guard p.0.isFinite, p.1.isFinite else { continue }
            let r = radii.count == 1 ? radii[0] : radii[min(i, radii.count - 1)]
            guard r > 0, r.isFinite, r < 4096 else { continue }
            let ix = Int(p.0.rounded(.down))
            let iy = Int(p.1.rounded(.down))
            let key = MaskKey(
                radius: Int((r * 8).rounded()), fx: Int(((p.0 - Double(ix)) * 4).rounded(.down)),
                fy: Int(((p.1 - Double(iy)) * 4).rounded(.down)))
            let mask: Mask
            if let m = masks[key] {
                mask = m
            } else {
                mask = makeMask(key, marker: marker)
                masks[key] = mask
            }
            let c =
                premultiplied.count == 1
                ? premultiplied[0] : premultiplied[min(i, premultiplied.count - 1)]
            let x0 = ix - mask.half
            let y0 = iy - mask.half
            let rowStart = max(0, t.clip.y0 - y0)
            let rowEnd = min(mask.size, t.clip.y1 - y0)
            let colStart = max(0, t.clip.x0 - x0)
            let colEnd = min(mask.size, t.clip.x1 - x0)
            guard rowStart < rowEnd, colStart < colEnd else { continue }
            for my in rowStart..<rowEnd {
                let row = t.pixels + (y0 + my) * t.stride + x0
                let maskRow = my * mask.size
                for mx in colStart..<colEnd {
                    let cov = UInt32(mask.coverage[maskRow + mx])
                    if cov == 0 { continue }
                    // Source scaled by coverage (0...256), then "over" compositing.
                    let sa = (c.3 * cov) >> 8
                    if sa == 0 { continue }
                    let inv = 255 - sa
                    let d = row[mx]
                    let da = d >> 24
                    let dr = (d >> 16) & 0xff
                    let dg = (d >> 8) & 0xff
                    let db = d & 0xff
                    let oa = sa + (da * inv + 127) / 255
                    let or = ((c.0 * cov) >> 8) + (dr * inv + 127) / 255
                    let og = ((c.1 * cov) >> 8) + (dg * inv + 127) / 255
                    let ob = ((c.2 * cov) >> 8) + (db * inv + 127) / 255
                    row[mx] =
                        (min(oa, 255) << 24) | (min(or, 255) << 16) | (min(og, 255) << 8)
                        | min(ob, 255)
                }
            }
        }
    }

    /// Coverage (0...256) of a marker of radius key.radius/8 px centred at offset (fx, fy)/4 + 1/8 within its pixel.
    private static func makeMask(_ key: MaskKey, marker: Marker) -> Mask {
        let r = Double(key.radius) / 8
        let half = Int(ceil(r)) + 1
        let size = 2 * half + 1
        let cx = Double(half) + Double(key.fx) / 4 + 0.125
        let cy = Double(half) + Double(key.fy) / 4 + 0.125
        var coverage = [UInt16](repeating: 0, count: size * size)
        let sub = 4
        for py in 0..<size {
            for px in 0..<size {
                var hits = 0
                for sy in 0..<sub {
                    for sx in 0..<sub {
                        let dx = Double(px) + (Double(sx) + 0.5) / Double(sub) - cx
                        let dy = Double(py) + (Double(sy) + 0.5) / Double(sub) - cy
                        if inside(marker, dx, dy, max(r, 0.5)) { hits += 1 }
                    }
                }
                coverage[py * size + px] = UInt16(hits * 256 / (sub * sub))
            }
        }
        return Mask(size: size, half: half, coverage: coverage)
    }

    private static func inside(_ marker: Marker, _ dx: Double, _ dy: Double, _ r: Double) -> Bool {
        switch marker {
        case .circle: return dx * dx + dy * dy <= r * r
        case .square: return abs(dx) <= r * 0.886 && abs(dy) <= r * 0.886
        case .diamond: return abs(dx) + abs(dy) <= r
        case .triangle: return dy <= r * 0.5 && dy >= -r + abs(dx) * 1.732
        case .plus: return (abs(dx) <= r && abs(dy) <= r / 3) || (abs(dy) <= r && abs(dx) <= r / 3)
        case .cross:
            let u = (dx + dy) * 0.7071
            let v = (dx - dy) * 0.7071
            return (abs(u) <= r && abs(v) <= r / 3) || (abs(v) <= r && abs(u) <= r / 3)
        }
    }
}
