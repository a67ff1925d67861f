import Foundation

/// A hatch pattern drawn inside filled shapes, in the edge colour (or a darker fill colour).
/// Repeat the pattern to make it denser, e.g. `Hatch("//")`, `Hatch("oo")`.
public struct Hatch: Hashable, Sendable {
    /// Characters as in matplotlib: "/" "\\" "|" "-" "+" "x" "o" "O" "." "*".
    public let pattern: String
    /// Line width of the hatch strokes in points.
    public var lineWidth: Double

    public init(_ pattern: String, lineWidth: Double = 1.0) {
        self.pattern = pattern
        self.lineWidth = lineWidth
    }

    /// Draws the hatch inside the canvas's current clip over `bounds` (figure points).
    func draw(in shape: Rect, color: Color, canvas: Canvas) {
        let clip = canvas.clipExtents()
        let bounds = Rect(
            minX: max(shape.minX, clip.minX), minY: max(shape.minY, clip.minY),
            maxX: min(shape.maxX, clip.maxX), maxY: min(shape.maxY, clip.maxY))
        guard bounds.width > 0, bounds.height > 0 else { return }
        let counts = Dictionary(pattern.map { ($0, 1) }, uniquingKeysWith: +)
        let base = 8.0
        canvas.setColor(color)
        canvas.setLine(width: lineWidth)
        func spacing(_ ch: Character) -> Double { base / Double(counts[ch] ?? 1) }
        // Lines are anchored to a global lattice so adjacent bars line up.
        func lines(dx: Double, dy: Double, step: Double) {
            let diag = bounds.width + bounds.height
            let n0 = Int(floor((bounds.minX - diag) / step))
            let n1 = Int(ceil((bounds.maxX + diag) / step))
            guard n1 - n0 < 20_000 else { return }
            for k in n0...n1 {
                let x = Double(k) * step
                if dx == 0 {  // vertical
                    guard x >= bounds.minX - step, x <= bounds.maxX + step else { continue }
                    canvas.move(x, bounds.minY)
                    canvas.line(x, bounds.maxY)
                } else if dy == 0 {  // horizontal
                    let y = x
                    guard y >= bounds.minY - step, y <= bounds.maxY + step else { continue }
                    canvas.move(bounds.minX, y)
                    canvas.line(bounds.maxX, y)
                } else {
                    canvas.move(x, bounds.maxY)
                    canvas.line(x + dx * diag, bounds.maxY - dy * diag)
                }
            }
            canvas.stroke()
        }
        for (ch, _) in counts.sorted(by: { $0.key < $1.key }) {
            let s = spacing(ch)
            switch ch {
            case "/": lines(dx: 1, dy: 1, step: s)
            case "\\": lines(dx: -1, dy: 1, step: s)
            case "|": lines(dx: 0, dy: 1, step: s)
            case "-": lines(dx: 1, dy: 0, step: s)
            case "+":
                lines(dx: 0, dy: 1, step: s)
                lines(dx: 1, dy: 0, step: s)
            case "x", "X":
                lines(dx: 1, dy: 1, step: s)
                lines(dx: -1, dy: 1, step: s)
            case "o", "O", ".", "*": dots(ch, step: s, bounds: bounds, color: color, canvas: canvas)
            default: continue
            }
        }
    }

    private func dots(_ ch: Character, step: Double, bounds: Rect, color: Color, canvas: Canvas) {
        let radius = ch == "O" ? step * 0.3 : ch == "o" ? step * 0.22 : step * 0.12
        let i0 = Int(floor(bounds.minX / step))
        let i1 = Int(ceil(bounds.maxX / step))
        let j0 = Int(floor(bounds.minY / step))
        let j1 = Int(ceil(bounds.maxY / step))
        guard (i1 - i0) * (j1 - j0) < 200_000 else { return }
        for j in j0...j1 {
            for i in i0...i1 {
                let x = (Double(i) + (j % 2 == 0 ? 0 : 0.5)) * step
                let y = Double(j) * step
                canvas.circle(x, y, radius)
            }
        }
        if ch == "o" || ch == "O" { canvas.stroke() } else { canvas.fill() }
    }
}

/// Fill, edge and hatch of a shape.
struct PatchPaint {
    var fill: Color?
    var alpha: Double
    var edge: Color?
    var edgeWidth: Double
    var hatch: Hatch?
    var edgeStyle: LineStyle = .solid

    /// Fills, hatches and strokes the shape traced by `path` (called up to three times).
    func paint(_ canvas: Canvas, bounds: Rect, _ path: () -> Void) {
        if let fill {
            canvas.setColor(fill, alpha: alpha)
            path()
            canvas.fill()
        }
        if let hatch {
            canvas.save()
            path()
            canvas.clipToPath()
            let hatchColor = edge ?? (fill ?? .black).lightened(-0.35)
            hatch.draw(
                in: bounds, color: hatchColor.withAlpha(hatchColor.alpha * max(alpha, 0.6)),
                canvas: canvas)
            canvas.restore()
        }
        if let edge, edgeWidth > 0 {
            canvas.setColor(edge, alpha: fill == nil ? alpha : 1)
            canvas.setLine(width: edgeWidth, style: edgeStyle)
            path()
            canvas.stroke()
        }
    }

    var legendHandle: LegendHandle {
        .patch(fill: fill, alpha: alpha, edge: edge, edgeWidth: edgeWidth, hatch: hatch)
    }
}
