/// A measured text positioned on the figure; the unit of layout checks and of decoration drawing.
struct PlacedText {
    enum Kind: Equatable { case tickLabel, axisLabel, title, figureTitle, legend, annotation }

    let block: TextBlock
    let x: Double
    let y: Double
    let ha: HAlign
    let va: VAlign
    let rotation: Double
    let color: Color
    let kind: Kind

    var bounds: Rect { block.bounds(x: x, y: y, ha: ha, va: va, rotation: rotation) }

    func draw(_ canvas: Canvas) {
        block.draw(on: canvas, x: x, y: y, ha: ha, va: va, rotation: rotation, color: color)
    }
}
