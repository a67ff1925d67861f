import Foundation
import HMFCore
import Plotting

extension Gallery {
    /// Per-object weights: two histograms, one hatched, on a log count axis.
    static func hatchedLogHistogram() -> Figure {
        var rng = SeededGenerator(seed: 5)
        let normal = (0..<8000).map { _ in min(0.995, 0.97 + rng.normal(0, 0.012)) }
        let outlier = (0..<40).map { _ in
            rng.uniform() < 0.3 ? rng.uniform(0.85, 0.99) : rng.uniform(0, 0.85)
        }
        let fig = Figure(width: 5.2, height: 3.5)
        fig.suptitle = "Toy Example: Object Weights"
        let ax = fig.axes()
        ax.hist(
            normal, bins: 50, range: 0...1, color: Color(rgb: 0x5bc0d6), label: "Normal Spectra")
        ax.hist(
            outlier, bins: 50, range: 0...1, color: Color(rgb: 0xff9f5a),
            edgeColor: Color(rgb: 0xc8601e),
            edgeWidth: 0, alpha: 0.9, hatch: Hatch("oo", lineWidth: 0.6), label: "Outlier Spectra")
        ax.yscale(.log)
        ax.xlabel("Mean Robust Weight per Spectrum")
        ax.ylabel("Count")
        ax.legend(location: .upperLeft)
        return fig
    }

    /// Overlapping semi-transparent density histograms with a legend placed automatically.
    static func densityHistograms() -> Figure {
        var rng = SeededGenerator(seed: 6)
        let names = [
            "Clean Pixels", "Outlier Spectra", "Outlier Pixels", "Outlier Columns", "Outlier Lines",
        ]
        let fig = Figure(width: 6.4, height: 4)
        let ax = fig.axes()
        for (k, name) in names.enumerated() {
            let data = (0..<20000).map { _ -> Double in
                let clean = k == 0 ? 0.9 : 0.25 - 0.04 * Double(k)
                if rng.uniform() < clean {
                    return min(1, 1 - abs(rng.normal(0, 0.06 + 0.02 * Double(k))))
                }
                return min(
                    1, abs(rng.normal(0, 0.03)) + (rng.uniform() < 0.5 ? rng.uniform(0, 1) : 0))
            }
            ax.hist(
                data, bins: 50, range: 0...1, density: true, color: Color.cycle(k == 0 ? 9 : k),
                alpha: 0.6,
                label: name)
        }
        ax.xlabel("Robust Weight")
        ax.ylabel("Density")
        ax.legend()
        return fig
    }

    /// Ridge plot: one histogram per row, rows overlapping (negative hspace), only the bottom spine,
    /// step-filled bars with a white outline, row labels inside, a dotted threshold line.
    static func ridgeHistograms() -> Figure {
        var rng = SeededGenerator(seed: 7)
        let n = 8
        let colors = Palette.hls(n + 2, lightness: 0.42, saturation: 0.6)
        let fig = Figure(width: 6, height: 8)
        fig.suptitle = "Gaia Example: Spectrum Weight Distributions"
        let axs = fig.subplots(rows: n, hspace: -0.3, sharex: true).map { $0[0] }
        for (i, ax) in axs.enumerated() {
            let count = 3000 + 700 * i
            let data = (0..<count).map { _ -> Double in
                rng.uniform() < 0.03
                    ? rng.uniform(0, 0.8)
                    : min(0.86, 0.78 - abs(rng.normal(0, 0.05 + 0.005 * Double(i))))
            }
            let h = ax.hist(
                data, bins: 60, range: 0...1, density: true, type: .stepFilled, color: colors[i],
                edgeColor: .white, edgeWidth: 1.2)
            ax.yscale(.log)
            ax.ylim(h.heights.filter { $0 > 0 }.min().map { $0 * 0.7 }, (h.heights.max() ?? 1) * 4)
            ax.background = nil
            ax.spines = [.bottom]
            ax.yAxis.showTicks = false
            ax.yAxis.showTickLabels = false
            ax.axvline(0.5, color: .gray, lineWidth: 2.5, style: .dotted)
            let outliers = data.filter { $0 < 0.5 }.count
            ax.text(0, 0.5, "\(outliers) outliers / \(count) spectra", coordinates: .axes, size: 10)
            ax.text(
                0.97, 0.3, "Bin \(i)", coordinates: .axes, size: 11, color: colors[i],
                weight: .bold, ha: .right)
        }
        axs[n - 1].xlabel("Per-Spectrum Weight")
        axs[n - 1].xticks(stride(from: 0.0, through: 1.0, by: 0.1).map { $0 })
        fig.supylabel = "Log Density"
        return fig
    }
}
