/// A colour scale beside one or more axes, describing a heatmap or a value-coloured scatter.
/// Its `axes` is an ordinary `Axes` (ticks and label on the right) that can be adjusted.
public final class Colorbar {
    /// The colorbar's own axes; set `axes.yAxis.ticks` etc. to customise.
    public let axes: Axes
    /// The axes it was attached to; they give up room on their right for it.
    let hosts: [Axes]
    let mappable: ScalarMappable
    /// Bar width and gap to the hosts, in points (nil width: a twentieth of the bar's height, 7-14 pt).
    public var width: Double?
    public var pad: Double
    /// Room needed by tick labels and label on the right (measured during layout).
    var decorationWidth = 40.0

    init(
        mappable: ScalarMappable, hosts: [Axes], label: String?, width: Double?, pad: Double,
        style: Style
    ) {
        self.mappable = mappable
        self.hosts = hosts
        self.width = width
        self.pad = pad
        axes = Axes(slot: GridSlot(row: 0, column: 0), style: style)
        axes.yAxis.label = label
        axes.yAxis.opposite = true
        axes.yAxis.minorTicks = false
        axes.yAxis.margin = 0
        axes.xAxis.showTicks = false
        axes.xAxis.showTickLabels = false
        axes.xAxis.margin = 0
    }

    /// The colorbar label (markup allowed; use "\n" for two lines).
    public var label: String? {
        get { axes.yAxis.label }
        set { axes.yAxis.label = newValue }
    }

    /// Rebuilds the gradient from the mappable's current colormap and range.
    func prepare() {
        let range = mappable.valueRange
        var lo = range.min
        var hi = range.max
        if !(lo < hi) { (lo, hi) = Limits.expand(lo.isFinite ? lo : 0, .linear) }
        let n = 256
        let values = (0..<n).map { [lo + (hi - lo) * (Double($0) + 0.5) / Double(n)] }
        let gradient = Heatmap(
            values: values, colormap: mappable.colormap, vmin: lo, vmax: hi, alpha: 1,
            origin: .lower, extent: (0, 1, lo, hi))
        axes.replaceArtists([gradient])
        axes.ylim(lo, hi)
        axes.xlim(0, 1)
    }

    /// Takes room on the right of the hosts' union `r` and returns the bar rectangle.
    func place(hostsUnion r: Rect) -> Rect {
        let w = width ?? min(max(r.height / 20, 7), 14)
        let steal = pad + w + decorationWidth
        let keep = max(r.width - steal, r.width * 0.3)
        for h in hosts {
            let x0 = r.minX + (h.rect.minX - r.minX) * keep / r.width
            let x1 = r.minX + (h.rect.maxX - r.minX) * keep / r.width
            h.rect = Rect(x: x0, y: h.rect.y, width: x1 - x0, height: h.rect.height)
        }
        return Rect(x: r.minX + keep + pad, y: r.minY, width: w, height: r.height)
    }
}

extension Axes {
    func replaceArtists(_ new: [Artist]) { artists = new }
}
