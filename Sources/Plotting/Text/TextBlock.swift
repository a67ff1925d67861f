import Foundation

/// Measured multi-line text with markup, ready to be placed and drawn with any rotation and alignment.
struct TextBlock {
    struct Piece {
        var family: String
        var italic: Bool
        var bold: Bool
        var text: String
        var size: Double
        var rise: Double
        var x: Double
    }

    struct Line {
        var pieces: [Piece] = []
        var width = 0.0
        /// Extent above and below the baseline (points, both positive).
        var top = 0.0
        var bottom = 0.0
        var descentFloor = 0.0
    }

    var lines: [Line]
    var width: Double
    let lineGap: Double
    let raw: String

    var isEmpty: Bool { lines.allSatisfy { $0.pieces.isEmpty } }

    /// Parses and measures `text` with `canvas` (any canvas; metrics do not depend on the backend).
    init(
        _ text: String, size: Double, family: FontFamily = .serif, weight: FontWeight = .normal,
        canvas: Canvas
    ) {
        raw = text
        lineGap = size * 1.2
        let book = FontBook.shared
        var result: [Line] = []
        for runs in MathText.parse(text, size: size, family: family, bold: weight == .bold) {
            var line = Line()
            line.top = size * 0.69
            line.descentFloor = size * 0.21
            var pen = 0.0
            var previousRise = 0.0
            for run in runs {
                // After a stacked script, continue after the wider of the two scripts, unless still inside it.
                if run.stackOn == nil && run.rise != previousRise { pen = line.width }
                previousRise = run.rise
                let face = book.face(for: run)
                canvas.selectFont(
                    family: face.family, italic: face.italic, bold: face.bold, size: run.size)
                let m = canvas.measure(face.text)
                let x =
                    run.stackOn.flatMap { $0 < line.pieces.count ? line.pieces[$0].x : nil }
                    ?? line.width
                line.pieces.append(
                    Piece(
                        family: face.family, italic: face.italic, bold: face.bold, text: face.text,
                        size: run.size, rise: run.rise, x: run.stackOn == nil ? pen : x))
                pen = (run.stackOn == nil ? pen : x) + m.advance + run.spaceAfter
                line.width = max(line.width, pen)
                line.top = max(line.top, m.inkTop + run.rise)
                line.bottom = max(line.bottom, m.inkBottom - run.rise)
            }
            result.append(line)
        }
        lines = result
        width = result.map(\.width).max() ?? 0
    }

    private var ascent: Double { lines.first?.top ?? 0 }
    private var inkDescent: Double {
        Double(max(lines.count - 1, 0)) * lineGap + (lines.last?.bottom ?? 0)
    }
    private var fullDescent: Double {
        Double(max(lines.count - 1, 0)) * lineGap
            + max(lines.last?.bottom ?? 0, lines.last?.descentFloor ?? 0)
    }

    /// Height of the block including the descender allowance.
    var height: Double { ascent + fullDescent }

    /// Offset of the first baseline and the box in the text's own frame (y down) for an alignment.
    private func frame(_ ha: HAlign, _ va: VAlign) -> (x0: Double, baseline: Double, box: Rect) {
        let x0: Double = ha == .left ? 0 : ha == .center ? -width / 2 : -width
        let baseline: Double
        switch va {
        case .top: baseline = ascent
        case .bottom: baseline = -fullDescent
        case .center: baseline = (ascent - inkDescent) / 2
        case .baseline: baseline = -Double(max(lines.count - 1, 0)) * lineGap
        }
        return (
            x0, baseline,
            Rect(x: x0, y: baseline - ascent, width: width, height: ascent + fullDescent)
        )
    }

    /// Axis-aligned bounding box (figure points) of the block anchored at (x, y).
    func bounds(x: Double, y: Double, ha: HAlign, va: VAlign, rotation: Double = 0) -> Rect {
        let box = frame(ha, va).box
        if rotation == 0 {
            return Rect(x: x + box.x, y: y + box.y, width: box.width, height: box.height)
        }
        let a = -rotation * .pi / 180
        let c = cos(a)
        let s = sin(a)
        let corners = [
            (box.minX, box.minY), (box.maxX, box.minY), (box.minX, box.maxY), (box.maxX, box.maxY),
        ]
        let xs = corners.map { x + $0.0 * c - $0.1 * s }
        let ys = corners.map { y + $0.0 * s + $0.1 * c }
        return Rect(
            minX: xs.min() ?? x, minY: ys.min() ?? y, maxX: xs.max() ?? x, maxY: ys.max() ?? y)
    }

    /// The unrotated box in the text frame, for drawing a background box.
    func localBox(ha: HAlign, va: VAlign) -> Rect { frame(ha, va).box }

    /// Draws the block anchored at (x, y), rotated `rotation` degrees counter-clockwise about the anchor.
    func draw(
        on canvas: Canvas, x: Double, y: Double, ha: HAlign, va: VAlign, rotation: Double = 0,
        color: Color
    ) {
        let f = frame(ha, va)
        canvas.save()
        canvas.translate(x, y)
        if rotation != 0 { canvas.rotate(degrees: rotation) }
        canvas.setColor(color)
        for (i, line) in lines.enumerated() {
            let lx: Double =
                ha == .left
                ? f.x0 : ha == .center ? f.x0 + (width - line.width) / 2 : f.x0 + width - line.width
            let baseline = f.baseline + Double(i) * lineGap
            for piece in line.pieces {
                canvas.selectFont(
                    family: piece.family, italic: piece.italic, bold: piece.bold, size: piece.size)
                canvas.showText(piece.text, x: lx + piece.x, y: baseline - piece.rise)
            }
        }
        canvas.restore()
    }
}
