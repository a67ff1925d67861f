import Foundation

/// One spectrum with its model and robust weights, as plain arrays (what a residual figure shows).
public struct SpectrumFit: Sendable {
    /// The x values (wavelength).
    public var wavelength: [Double]
    /// The observed flux (NaN where missing: the gap is left open).
    public var flux: [Double]
    /// The model of the flux.
    public var model: [Double]
    /// The robust weight of every pixel (1 where missing).
    public var weights: [Double]

    public init(wavelength: [Double], flux: [Double], model: [Double], weights: [Double]) {
        self.wavelength = wavelength
        self.flux = flux
        self.model = model
        self.weights = weights
    }

    /// flux - model (NaN where the flux is missing).
    public var residual: [Double] { zip(flux, model).map { $0 - $1 } }
}

/// The paper's per-spectrum figure (robusta-hmf's `_make_residual_figure`): three panels sharing x, heights
/// 3 : 2 : 1, holding the data with the model (black, and green dashed), the residual flux, and the robust
/// weights, with the strong lines shaded in all three and labelled above the top one.
public enum ResidualPanels {
    /// The model's colour (matplotlib's `tab:green`).
    public static let modelColor = Color(rgb: 0x2CA02C)

    /// Draws `fit` into three axes (top to bottom). `labelLines` and `legend` decorate the top panel;
    /// `xlabel` labels the bottom one.
    public static func draw(
        _ fit: SpectrumFit, into axes: [Axes], lines: [LineMarker], range: ClosedRange<Double>,
        labelLines: Bool = true, legend: Bool = true, xlabel: Bool = true
    ) {
        guard axes.count == 3 else { return }
        let x = fit.wavelength
        for ax in axes {
            ax.shadeLines(lines, in: range)
            ax.xlim(range.lowerBound, range.upperBound)
            let ticks = stride(
                from: range.lowerBound.rounded(.up), through: range.upperBound, by: 1
            ).map { $0 }
            ax.xticks(ticks, labels: ticks.map { String(Int($0)) })
            ax.xAxis.minorTicks = false
        }
        axes[0].plot(x, fit.flux, color: .black, lineWidth: 2.8, label: "Data")
        axes[0].plot(
            x, fit.model, color: modelColor, lineWidth: 2.2, style: .custom([5, 1]), label: "Model")
        axes[0].ylabel("Flux")
        if legend { axes[0].legend(location: .best) }
        if labelLines { axes[0].labelLines(lines, in: range) }
        axes[1].plot(x, fit.residual, color: .black, lineWidth: 2.8)
        axes[1].ylabel("Residual\nFlux")
        axes[2].plot(x, fit.weights, color: .black, lineWidth: 2.8)
        axes[2].ylim(-0.05, 1.05)
        axes[2].yticks([0, 1], labels: ["0", "1"])
        axes[2].ylabel("Robust\nWeight")
        for ax in axes.dropLast() { ax.xAxis.showTickLabels = false }
        if xlabel { axes[2].xlabel("Wavelength [nm]") } else { axes[2].xAxis.showTickLabels = true }
    }

    /// A 12 x 8 inch figure of one spectrum.
    public static func figure(
        _ fit: SpectrumFit, title: String?, lines: [LineMarker],
        range: ClosedRange<Double>
    ) -> Figure {
        let figure = Figure(width: 12, height: 8)
        figure.style.suptitleSize = 24
        figure.suptitle = title
        let axes = figure.subplots(rows: 3, heightRatios: [3, 2, 1], hspace: 0.1, sharex: true).map
        { $0[0] }
        draw(fit, into: axes, lines: lines, range: range)
        return figure
    }

    /// A 12 x 16 inch figure of two spectra, one above the other (rows 3 : 2 : 1, a spacer, 3 : 2 : 1): the
    /// legend and line labels on the top spectrum only, the x label on the bottom one only.
    public static func pairFigure(
        _ top: SpectrumFit, _ bottom: SpectrumFit, title: String?, lines: [LineMarker],
        range: ClosedRange<Double>
    ) -> Figure {
        let figure = Figure(width: 12, height: 16)
        figure.style.suptitleSize = 24
        figure.suptitle = title
        figure.grid(rows: 7, columns: 1, heightRatios: [3, 2, 1, 0.25, 3, 2, 1], hspace: 0.1)
        let first = figure.axes(row: 0)
        let upper = [first, figure.axes(row: 1, sharex: first), figure.axes(row: 2, sharex: first)]
        let lower = [
            figure.axes(row: 4, sharex: first), figure.axes(row: 5, sharex: first),
            figure.axes(row: 6, sharex: first),
        ]
        draw(top, into: upper, lines: lines, range: range, xlabel: false)
        draw(bottom, into: lower, lines: lines, range: range, labelLines: false, legend: false)
        return figure
    }

    /// A figure of several spectra, each as a flux-and-model panel above a residual panel, titled per row.
    public static func gallery(
        _ fits: [(title: String, fit: SpectrumFit)], title: String?, lines: [LineMarker],
        range: ClosedRange<Double>, width: Double = 12
    ) -> Figure {
        let figure = Figure(width: width, height: 3.4 * Double(max(fits.count, 1)))
        figure.style.suptitleSize = 24
        figure.suptitle = title
        var ratios: [Double] = []
        for i in fits.indices { ratios += i == 0 ? [3, 1.4] : [0.55, 3, 1.4] }
        figure.grid(
            rows: max(ratios.count, 1), columns: 1, heightRatios: ratios.isEmpty ? nil : ratios,
            hspace: 0.08)
        var row = 0
        for (i, item) in fits.enumerated() {
            if i > 0 { row += 1 }
            let top = figure.axes(row: row)
            let bottom = figure.axes(row: row + 1, sharex: top)
            row += 2
            for ax in [top, bottom] {
                ax.shadeLines(lines, in: range)
                ax.xlim(range.lowerBound, range.upperBound)
            }
            top.plot(
                item.fit.wavelength, item.fit.flux, color: .black, lineWidth: 1.6, label: "Data")
            top.plot(
                item.fit.wavelength, item.fit.model, color: modelColor, lineWidth: 1.4,
                style: .custom([5, 1]),
                label: "Model")
            top.text(
                0.01, 0.06, item.title, coordinates: .axes, size: 12, va: .bottom,
                box: TextBox(fill: .white, alpha: 0.8))
            top.ylabel("Flux")
            top.xAxis.showTickLabels = false
            if i == 0 { top.legend(location: .lowerRight) }
            bottom.plot(item.fit.wavelength, item.fit.residual, color: .black, lineWidth: 1.6)
            bottom.ylabel("Residual")
            if i == fits.count - 1 { bottom.xlabel("Wavelength [nm]") }
        }
        return figure
    }
}
