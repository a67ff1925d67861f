/// Rows and columns of a figure's axes grid.
struct GridSpec {
    var rows = 1
    var columns = 1
    var widthRatios: [Double] = [1]
    var heightRatios: [Double] = [1]
    /// Gaps as fractions of the mean cell size (matplotlib's hspace/wspace); nil: just enough for the labels.
    /// Negative hspace overlaps rows (ridge plots).
    var hspace: Double?
    var wspace: Double?
}

/// The cells an axes occupies.
struct GridSlot {
    var row: Int
    var column: Int
    var rowSpan = 1
    var columnSpan = 1

    var lastRow: Int { row + rowSpan - 1 }
    var lastColumn: Int { column + columnSpan - 1 }
}
