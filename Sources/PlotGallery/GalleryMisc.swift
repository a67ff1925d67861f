import Foundation
import HMFCore
import Plotting

extension Gallery {
    /// Dash styles, alpha, markers, step lines, fill-between, horizontal spans and lines, best legend.
    static func lineStyles() -> Figure {
        let x = (0...200).map { Double($0) / 20 }
        let fig = Figure(width: 6.4, height: 4.2)
        let ax = fig.axes()
        ax.axhspan(-0.25, 0.25, color: Color(gray: 0.9), label: "Band")
        ax.fillBetween(
            x, x.map { sin($0) - 0.3 }, x.map { sin($0) + 0.3 }, color: Color.cycle(0), alpha: 0.25)
        ax.plot(x, x.map(sin), color: Color.cycle(0), label: "solid")
        ax.plot(x, x.map { cos($0) }, color: Color.cycle(1), style: .dashed, label: "dashed")
        ax.plot(
            x, x.map { 0.5 * sin(2 * $0) }, color: Color.cycle(2), lineWidth: 2, style: .dotted,
            label: "dotted")
        ax.plot(
            x, x.map { -0.8 + 0.1 * $0 }, color: Color.cycle(3), style: .dashDot, label: "dash-dot")
        ax.plot(
            x, x.map { 1.2 - 0.05 * $0 }, color: .black, style: .custom([6, 2, 1, 2, 1, 2]),
            alpha: 0.5,
            label: "custom, alpha 0.5")
        let xs = (0...10).map(Double.init)
        ax.step(
            xs, xs.map { 0.15 * sin($0) - 1.3 }, where: .mid, color: Color.cycle(4), label: "step")
        ax.plot(
            xs, xs.map { 0.1 * cos($0) + 1.5 }, color: Color.cycle(5), style: .none,
            marker: .diamond,
            markerSize: 7, label: "markers")
        ax.axhline(0, color: .black, lineWidth: 0.8)
        ax.axvline(5, color: .gray, style: .dashed)
        ax.xlabel("Time $t$ [s]")
        ax.ylabel("Amplitude")
        ax.setTitle("Line styles")
        ax.xlim(0, 10)
        ax.legend(columns: 2, fontSize: 9)
        return fig
    }

    /// Three heatmaps over (Q, K): per-cell tick labels, boxed labels, own and shared colorbars.
    static func heatmapGrid() -> Figure {
        let qs = ["0.5", "1.0", "2.0", "3.0", "4.0", "5.0", "10.0"]
        let ks = ["3", "4", "5", "6", "7"]
        func grid(_ f: (Int, Int) -> Double) -> [[Double]] {
            (0..<ks.count).map { k in (0..<qs.count).map { q in f(k, q) } }
        }
        let score = grid { k, q in
            k == 0
                ? -1.5 + 0.2 * Double(q)
                : -2.2 - 0.4 * Double(min(q, 4)) - (k == 2 && q == 5 ? 2.5 : 0) - 0.3 * Double(k)
        }
        let f1Pixel = grid { k, q in
            k < 2 ? 0.1 + 0.05 * Double(q) * Double(k) : min(0.95, 0.15 + 0.15 * Double(q))
        }
        let f1Object = grid { k, q in
            k < 1 ? 0.05 : q < 3 ? 0.05 : min(0.98, 0.5 + 0.12 * Double(q) * Double(k) / 2)
        }
        let fig = Figure(width: 7.2, height: 5.8)
        fig.suptitle = "Toy Example: Hyperparameters"
        fig.grid(rows: 2, columns: 4, widthRatios: [0.5, 1, 1, 0.5], hspace: 0.35, wspace: 0.25)
        let top = fig.axes(row: 0, column: 1, columnSpan: 2)
        let left = fig.axes(row: 1, column: 0, columnSpan: 2)
        let right = fig.axes(row: 1, column: 2, columnSpan: 2, sharey: left)
        let cv = top.heatmap(score, colormap: .viridis, origin: .lower, xLabels: qs, yLabels: ks)
        left.heatmap(
            f1Pixel, colormap: Colormap.magma.reversed, vmin: 0, vmax: 1, origin: .lower,
            xLabels: qs, yLabels: ks)
        let obj = right.heatmap(
            f1Object, colormap: Colormap.magma.reversed, vmin: 0, vmax: 1, origin: .lower,
            xLabels: qs, yLabels: ks)
        right.yAxis.showTickLabels = false
        for (ax, name) in [
            (top, "Cross-Validation"), (left, "Per-Pixel Identification"),
            (right, "Per-Object Identification"),
        ] {
            ax.xlabel("Robust Scale $Q$")
            ax.text(
                0.08, 0.86, name, coordinates: .axes, size: 10, va: .center,
                box: TextBox(fill: .white, alpha: 0.75))
        }
        top.ylabel("Rank $K$")
        left.ylabel("Rank $K$")
        fig.colorbar(
            cv, axes: [top],
            label: "$\\log_{10}$ KL$(p_z \\| \\mathcal{N}(0,1))$\n(Lower is Better)")
        fig.colorbar(obj, axes: [left, right], label: "F1 Score\n(Higher is Better)")
        return fig
    }

    /// A colour-magnitude diagram: 200,000 grey points, coloured bins, rotated boxed labels, inverted y.
    static func hrScatter() -> Figure {
        var rng = SeededGenerator(seed: 8)
        var bx: [Double] = []
        var by: [Double] = []
        for _ in 0..<200_000 {
            let t = rng.uniform()
            if rng.uniform() < 0.6 {
                bx.append(0.2 + 2.8 * t + rng.normal(0, 0.08))
                by.append(0.5 + 10.5 * t + rng.normal(0, 0.4))
            } else {
                bx.append(1.0 + 1.6 * t + rng.normal(0, 0.12))
                by.append(0.2 - 2.2 * t + rng.normal(0, 0.5))
            }
        }
        let fig = Figure(width: 7.2, height: 6)
        fig.suptitle = "Gaia Example: Main Sequence Bins"
        let ax = fig.axes()
        ax.scatter(bx, by, size: 0.5, color: Color(gray: 0.25), alpha: 0.3)
        let bins = 10
        let colors = Palette.hls(bins, lightness: 0.45, saturation: 0.65)
        for b in 0..<bins {
            let t0 = Double(b) / Double(bins)
            let px = (0..<3000).map { _ in
                0.2 + 2.8 * (t0 + rng.uniform() / Double(bins)) + rng.normal(0, 0.08)
            }
            let py = px.map { 0.5 + 10.5 * ($0 - 0.2) / 2.8 + rng.normal(0, 0.35) }
            ax.scatter(px, py, size: 1, color: colors[b], alpha: 0.5)
            ax.text(
                0.2 + 2.8 * (t0 + 0.05) - 0.05, 0.5 + 10.5 * (t0 + 0.05) - 0.4,
                "bin \(b): \(1000 * (b + 3))",
                size: 10, color: .white, rotation: 30, ha: .right, va: .center,
                box: .rounded(fill: colors[b], edge: .white, alpha: 0.9))
        }
        ax.invertY()
        ax.xlim(-0.5, 3.5)
        ax.ylim(-5, 15)
        ax.xlabel("BP $-$ RP [mag]")
        ax.ylabel("$G$-Band Absolute Magnitude [mag]")
        return fig
    }

    /// Scatter coloured by value (cividis) with per-point sizes, log x axis, colorbar.
    static func scatterColorbar() -> Figure {
        var rng = SeededGenerator(seed: 9)
        let x = (0..<400).map { _ in pow(10, rng.uniform(-1, 3)) }
        let y = x.map { 0.5 * log10($0) + rng.normal(0, 0.3) }
        let v = y.map { $0 + rng.normal(0, 0.2) }
        let fig = Figure(width: 6, height: 4.2)
        let ax = fig.axes()
        let s = ax.scatter(
            x, y, sizes: v.map { 8 + 30 * max(0, $0 + 1) }, values: v, colormap: .cividis,
            alpha: 0.85)
        ax.xscale(.log)
        ax.xlabel("Signal-to-noise ratio")
        ax.ylabel("$\\Delta\\chi^2$ per pixel")
        ax.grid()
        fig.colorbar(s, axes: [ax], label: "Score $s_i$")
        return fig
    }

    /// Label markup: sub/superscripts, Greek letters, bold, math italic; log-log axes with minor ticks.
    static func mathLabels() -> Figure {
        let x = (0...60).map { pow(10, Double($0) / 20) }
        let fig = Figure(width: 6.4, height: 4.4)
        fig.suptitle = "Markup: $w_i^{object}$, \\alpha, \\sigma^2, \\mathbf{bold}"
        let ax = fig.axes()
        ax.plot(x, x.map { pow($0, 1.5) }, color: Color.cycle(0), label: "$\\propto x^{3/2}$")
        ax.plot(
            x, x.map { 30 * pow($0, 0.5) }, color: Color.cycle(1), style: .dashed,
            label: "$\\sigma_{\\rm sys} = 30\\,x^{1/2}$")
        ax.plot(
            x, x.map { 1e3 / $0 }, color: Color.cycle(2), lineWidth: 2, style: .dotted,
            label: "$\\chi^2_\\nu \\sim 10^3 / x$")
        ax.xscale(.log)
        ax.yscale(.log)
        ax.xlabel("$\\lambda$ [\\AA], $\\alpha \\beta \\gamma \\delta \\epsilon \\Omega$")
        ax.ylabel("log_{10} KL(p_z || N(0,1))")
        ax.setTitle("\\mathbf{Bold} title with $\\mu \\pm \\sigma$")
        ax.legend()
        return fig
    }

    /// Colormaps (with reversed versions) and HLS palettes as swatches.
    static func colormaps() -> Figure {
        let fig = Figure(width: 6.4, height: 4)
        let ax = fig.axes()
        let maps: [Colormap] = [
            .viridis, .magma, .cividis, Colormap.viridis.reversed, Colormap.magma.reversed,
            Colormap.cividis.reversed,
        ]
        let ramp = [Array(stride(from: 0.0, through: 1.0, by: 1.0 / 255))]
        for (i, m) in maps.enumerated() {
            let y = Double(maps.count - i) + 2
            ax.heatmap(ramp, colormap: m, vmin: 0, vmax: 1, extent: (0, 1, y - 0.4, y + 0.4))
            ax.text(
                1.02, y, m.name.replacingOccurrences(of: "_", with: "\\_"), size: 9, va: .center)
        }
        for (j, n) in [8, 14].enumerated() {
            let colors = Palette.hls(n, lightness: 0.5, saturation: 0.65)
            let y = 1.5 - Double(j)
            for (k, c) in colors.enumerated() {
                ax.fillBetween(
                    [Double(k) / Double(n), Double(k + 1) / Double(n)], [y - 0.4, y - 0.4],
                    [y + 0.4, y + 0.4], color: c)
            }
            ax.text(1.02, y, "hls(\(n))", size: 9, va: .center)
        }
        ax.xlim(0, 1.25)
        ax.ylim(0, 9)
        ax.spines = []
        ax.xAxis.showTicks = false
        ax.xAxis.showTickLabels = false
        ax.yAxis.showTicks = false
        ax.yAxis.showTickLabels = false
        ax.setTitle("Colormaps and palettes")
        return fig
    }
}
