/// The caption of a cell's figures: "Figure N: caption" for a labelled cell, the bare caption for `fig-cap`
/// alone (nil when the cell has neither).
struct FigureCaption {
    /// The number, for a labelled cell.
    var number: Int?
    /// The caption text given with `fig-cap`.
    var caption: String?
    /// The label (the figure's id).
    var label: String?

    init?(_ options: CellOptions, numbers: [String: Int]) {
        guard options.label != nil || options.figureCaption != nil else { return nil }
        label = options.label
        number = options.label.flatMap { numbers[$0] }
        caption = options.figureCaption
    }

    /// "Figure N" (nil without a label).
    var prefix: String? { number.map { "Figure \($0)" } }

    /// "Figure 1: caption", "Figure 1" or "caption".
    var text: String {
        switch (prefix, caption) {
        case (let p?, let c?): return "\(p): \(c)"
        case (let p?, nil): return p
        case (nil, let c?): return c
        case (nil, nil): return "figure"
        }
    }
}
