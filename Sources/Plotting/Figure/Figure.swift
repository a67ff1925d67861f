/// A figure: a canvas of `width` x `height` inches holding a grid of axes, titles, colorbars and a legend.
///
///     let fig = Figure(width: 8, height: 5)
///     let ax = fig.axes()
///     ax.plot(x, y, color: .black, label: "Data")
///     ax.legend()
///     try fig.save("out.pdf")
public final class Figure {
    /// Size in inches.
    public let width: Double
    public let height: Double
    /// Fonts, sizes and tick style.
    public var style: Style
    /// Default resolution of PNG output.
    public var dpi = 150.0
    /// Figure title, drawn at the top in the style's title font.
    public var suptitle: String?
    /// Labels shared by all axes, centred below / left of the grid.
    public var supxlabel: String?
    public var supylabel: String?
    /// Background of the whole figure (nil: transparent PNG/SVG).
    public var background: Color?

    /// All axes, in creation order.
    public private(set) var allAxes: [Axes] = []
    var grid = GridSpec()
    var colorbars: [Colorbar] = []
    var figureLegend: (axes: [Axes]?, artists: [Artist]?, spec: LegendSpec)?
    var problems: [PlotError] = []

    /// A figure of `width` x `height` inches.
    public init(width: Double = 6.4, height: Double = 4.8, style: Style = .paper) {
        self.width = width
        self.height = height
        self.style = style
        self.background = style.background
        if !(width > 0 && height > 0 && width.isFinite && height.isFinite
            && width * height <= 10_000)
        {
            problems.append(
                .invalidArgument(
                    "figure size \(width) x \(height) in must be positive and at most 10,000 square inches"
                ))
        }
    }

    /// Size in points.
    var size: (Double, Double) { (width * 72, height * 72) }

    /// Defines the grid of cells: `heightRatios`/`widthRatios` give relative sizes (a row without axes is a spacer);
    /// `hspace`/`wspace` are gaps as fractions of the mean cell size (negative hspace overlaps rows); nil: automatic.
    public func grid(
        rows: Int, columns: Int, widthRatios: [Double]? = nil, heightRatios: [Double]? = nil,
        hspace: Double? = nil, wspace: Double? = nil
    ) {
        let r = max(rows, 1)
        let c = max(columns, 1)
        if rows < 1 || columns < 1 {
            problems.append(
                .invalidArgument("grid needs at least one row and column, got \(rows) x \(columns)")
            )
        }
        func ratios(_ given: [Double]?, _ n: Int, _ name: String) -> [Double] {
            guard let given else { return Array(repeating: 1, count: n) }
            guard given.count == n, given.allSatisfy({ $0 > 0 && $0.isFinite }) else {
                problems.append(
                    .invalidArgument("\(name) needs \(n) positive values, got \(given)"))
                return Array(repeating: 1, count: n)
            }
            return given
        }
        grid = GridSpec(
            rows: r, columns: c, widthRatios: ratios(widthRatios, c, "widthRatios"),
            heightRatios: ratios(heightRatios, r, "heightRatios"), hspace: hspace, wspace: wspace)
    }

    /// A new axes in the given grid cell(s); `sharex`/`sharey` tie its limits to another axes.
    @discardableResult
    public func axes(
        row: Int = 0, column: Int = 0, rowSpan: Int = 1, columnSpan: Int = 1,
        sharex: Axes? = nil, sharey: Axes? = nil
    ) -> Axes {
        var slot = GridSlot(
            row: row, column: column, rowSpan: max(rowSpan, 1), columnSpan: max(columnSpan, 1))
        if row < 0 || column < 0 || slot.lastRow >= grid.rows || slot.lastColumn >= grid.columns {
            problems.append(
                .invalidArgument(
                    "axes at row \(row), column \(column) (span \(rowSpan) x \(columnSpan)) is outside the \(grid.rows) x \(grid.columns) grid"
                ))
            slot = GridSlot(
                row: min(max(row, 0), grid.rows - 1), column: min(max(column, 0), grid.columns - 1))
        }
        let ax = Axes(slot: slot, style: style)
        if let sharex {
            if sharex.shareX == nil { sharex.shareX = ShareGroup() }
            ax.shareX = sharex.shareX
            ax.xAxis.scale = sharex.xAxis.scale
        }
        if let sharey {
            if sharey.shareY == nil { sharey.shareY = ShareGroup() }
            ax.shareY = sharey.shareY
            ax.yAxis.scale = sharey.yAxis.scale
        }
        allAxes.append(ax)
        return ax
    }

    /// A full grid of axes, `result[row][column]`. Shared axes hide inner tick labels.
    public func subplots(
        rows: Int, columns: Int = 1, widthRatios: [Double]? = nil, heightRatios: [Double]? = nil,
        hspace: Double? = nil, wspace: Double? = nil, sharex: Bool = false,
        sharey: Bool = false
    ) -> [[Axes]] {
        grid(
            rows: rows, columns: columns, widthRatios: widthRatios, heightRatios: heightRatios,
            hspace: hspace,
            wspace: wspace)
        let xGroup = ShareGroup()
        let yGroup = ShareGroup()
        return (0..<grid.rows).map { r in
            (0..<grid.columns).map { c in
                let ax = axes(row: r, column: c)
                if sharex {
                    ax.shareX = xGroup
                    ax.xAxis.showTickLabels = r == grid.rows - 1
                }
                if sharey {
                    ax.shareY = yGroup
                    ax.yAxis.showTickLabels = c == 0
                }
                return ax
            }
        }
    }

    /// Adds a colorbar for `mappable` (a heatmap or value-coloured scatter) to the right of `axes`,
    /// which shrink to make room. One colorbar may serve a row of axes.
    @discardableResult
    public func colorbar(
        _ mappable: ScalarMappable, axes: [Axes], label: String? = nil, width: Double? = nil,
        pad: Double = 10
    ) -> Colorbar {
        if axes.isEmpty {
            problems.append(.invalidArgument("colorbar needs at least one axes to attach to"))
        }
        let cb = Colorbar(
            mappable: mappable, hosts: axes, label: label, width: width, pad: pad, style: style)
        colorbars.append(cb)
        return cb
    }

    /// A legend below the title, spanning the figure, with entries from `axes` (default: all axes)
    /// or exactly the given `artists`. Labels repeated across axes appear once.
    public func legend(
        axes: [Axes]? = nil, artists: [Artist]? = nil, columns: Int = 1, fontSize: Double? = nil,
        frame: Bool = false
    ) {
        figureLegend = (
            axes, artists,
            LegendSpec(location: .upperCenter, columns: columns, fontSize: fontSize, frame: frame)
        )
    }

    /// Input problems recorded while building the figure (thrown by `save` and the `render` functions).
    public var issues: [PlotError] { problems + allAxes.flatMap(\.problems) }
}
