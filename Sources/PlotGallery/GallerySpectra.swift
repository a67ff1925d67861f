import Foundation
import HMFCore
import Plotting

extension Gallery {
    /// Three stacked panels sharing x: data with fits, residuals, robust weights; shaded outlier bands; figure legend.
    static func absorptionLineResiduals() -> Figure {
        var rng = SeededGenerator(seed: 1)
        let wl = GallerySpectra.wavelengths(800)
        let model = GallerySpectra.model(wl, c: [1.0, 0.05, -0.06, 1.0, 0.04])
        var data = model.map { $0 + rng.normal(0, 0.03) }
        let outlierLines = [413.2, 527.8, 567.9]
        let outlierPixels = [417.5, 420.6, 436.2, 450.1, 569.8]
        for (i, l) in wl.enumerated() {
            for c in outlierLines { data[i] -= 0.45 * exp(-0.5 * pow((l - c) / 0.5, 2)) }
            for c in outlierPixels where abs(l - c) < 0.2 {
                data[i] += c.truncatingRemainder(dividingBy: 2) < 1 ? 0.45 : -0.35
            }
            if l > 402.5 && l < 411 { data[i] = .nan }
        }
        let pca = wl.indices.map {
            model[$0] - 0.15 * exp(-pow((wl[$0] - 430) / 40, 2)) + 0.003 * Double($0 % 7)
        }
        let residual = wl.indices.map { data[$0] - model[$0] }
        let weights = residual.map { r in 1 / (1 + r * r / 0.002) }
        let fig = Figure(width: 8.5, height: 5.8)
        fig.suptitle = "Toy Example: Spectrum Containing Outliers"
        let axs = fig.subplots(rows: 3, heightRatios: [3, 1.2, 1], hspace: 0.12, sharex: true).map {
            $0[0]
        }
        let bandColors = [Color(rgb: 0x89cfe0), Color(rgb: 0xf9c09a), Color(rgb: 0xb5dbaa)]
        var bandArtists: [Artist] = []
        for ax in axs {
            let first = ax === axs[0]
            for (k, c) in outlierLines.enumerated() {
                let a = ax.axvspan(c - 0.9, c + 0.9, color: bandColors[0], label: "Outlier Lines")
                if first && k == 0 { bandArtists.append(a) }
            }
            for (k, c) in outlierPixels.enumerated() {
                let a = ax.axvspan(c - 0.5, c + 0.5, color: bandColors[1], label: "Outlier Pixels")
                if first && k == 0 { bandArtists.append(a) }
            }
            let column = ax.axvline(
                506.2, color: bandColors[2], lineWidth: 1.2, label: "Outlier Column")
            if first { bandArtists.append(column) }
        }
        let fits = [
            axs[0].plot(wl, data, color: .black, lineWidth: 2, label: "Toy Data"),
            axs[0].plot(wl, model, color: Color.cycle(2), style: .dashed, label: "RHMF Fit"),
            axs[0].plot(
                wl, model.map { $0 * 0.98 }, color: Color.cycle(0), style: .dotted,
                label: "RPCA Fit"),
            axs[0].plot(wl, pca, color: Color.cycle(3), style: .dashDot, label: "PCA Fit"),
        ]
        axs[0].ylabel("Flux")
        axs[1].plot(wl, residual, color: .black, lineWidth: 1.8)
        axs[1].ylabel("Residual\nFlux")
        axs[1].ylim(-0.6, 0.6)
        axs[2].plot(wl, weights, color: .black, lineWidth: 1.8)
        axs[2].ylabel("Robust\nWeight")
        axs[2].yticks([0, 1])
        axs[2].xlabel("Wavelength [nm]")
        // The bands go in the figure legend, the curves in the panel legend.
        fig.legend(artists: bandArtists, columns: 3)
        axs[0].legend(location: .upperCenter, artists: fits)
        return fig
    }

    /// Offset spectra with dashed model fits and a three-column figure legend.
    static func offsetSpectra() -> Figure {
        var rng = SeededGenerator(seed: 2)
        let wl = GallerySpectra.wavelengths(600)
        let fig = Figure(width: 7.2, height: 6.6)
        fig.suptitle = "Toy Example: Fits to Normal and Outlier Spectra"
        let ax = fig.axes()
        let normal = Color(rgb: 0x2aa9c9)
        let outlier = Color(rgb: 0xff8c2e)
        for k in 0..<6 {
            let offset = Double(6 - k)
            let model = GallerySpectra.model(
                wl, c: [1, 0.1 * Double(k % 3 - 1), 0.05 * Double(k % 2), 1, 0.03])
            let isOutlier = k >= 3
            let f = rng.uniform(10, 30)
            let a = rng.uniform(0.1, 0.3)
            let data = wl.indices.map { i -> Double in
                let base =
                    isOutlier ? 1 + a * sin(f * 2 * .pi * Double(i) / Double(wl.count)) : model[i]
                return base + rng.normal(0, k == 0 ? 0.08 : 0.02) + offset - 1
            }
            ax.plot(
                wl, data, color: isOutlier ? outlier : normal, lineWidth: 2,
                label: k == 0 ? "Normal Spectra" : k == 3 ? "Outlier Spectra" : nil)
            ax.plot(
                wl, model.map { $0 + offset - 1 }, color: .black, lineWidth: 1, style: .dashed,
                label: k == 0 ? "RHMF Fits" : nil)
        }
        ax.xlabel("Wavelength [nm]")
        ax.ylabel("Flux + offset")
        fig.legend(columns: 3)
        return fig
    }

    /// Basis vectors offset for clarity, coloured with an HLS palette.
    static func basisFunctions() -> Figure {
        let wl = GallerySpectra.wavelengths(1200)
        let fig = Figure(width: 7.5, height: 5)
        let ax = fig.axes()
        let colors = Palette.hls(5, lightness: 0.55, saturation: 0.6).reversed()
        let lines = GallerySpectra.lines(wl, width: 0.3)
        for (k, color) in colors.enumerated() {
            let phase = Double(k) * 0.9
            let y = wl.indices.map { i in
                0.2 * Double(k) + 0.03
                    * sin(2 * .pi * (wl[i] - 400) / (120 + 30 * Double(k)) + phase)
                    + (k % 2 == 0 ? -0.35 : 0.35) * lines[i] * (k == 2 ? 1 : 0.4)
            }
            ax.plot(wl, y, color: color, lineWidth: 1)
        }
        ax.xlabel("Wavelength [nm]")
        ax.ylabel("Flux + offset")
        return fig
    }

    /// A spectrum with labelled lines above the panel (leader lines), coloured bands, and a spacer row.
    static func annotatedSpectrum() -> Figure {
        var rng = SeededGenerator(seed: 4)
        let wl = (0..<900).map { 846 + 24 * Double($0) / 899 }
        let features: [(String, Double, Color)] = [
            ("H I", 847.0, Color(rgb: 0xa08ae0)), ("Mg I", 848.4, Color(rgb: 0x8fdf8f)),
            ("Ca II", 849.8, Color(rgb: 0xf46d43)), ("Fe I", 851.9, Color(rgb: 0x7a9ce8)),
            ("Ca II", 854.2, Color(rgb: 0xf46d43)), ("H I", 855.8, Color(rgb: 0xa08ae0)),
            ("N I", 859.9, Color(rgb: 0x7a9ce8)), ("Ca II", 866.2, Color(rgb: 0xf46d43)),
            ("N I", 868.3, Color(rgb: 0xffb6c1)),
        ]
        let model = wl.map { l in
            1
                - features.enumerated().reduce(0.0) {
                    $0 + (0.1 + 0.05 * Double($1.offset % 3))
                        * exp(-0.5 * pow((l - $1.element.1) / 0.12, 2))
                }
        }
        let data = model.enumerated().map {
            $0.element + rng.normal(0, 0.008) + (abs(wl[$0.offset] - 854.4) < 0.15 ? 0.12 : 0)
        }
        let fig = Figure(width: 8, height: 6.2)
        fig.suptitle = "Gaia Example: M-dwarfs with Ca II Emission"
        fig.grid(rows: 4, columns: 1, heightRatios: [3, 1.4, 0.25, 1.4], hspace: 0.15)
        let top = fig.axes(row: 0)
        let bottom = fig.axes(row: 1, sharex: top)
        let extra = fig.axes(row: 3, sharex: top)
        for ax in [top, bottom, extra] {
            for f in features { ax.axvspan(f.1 - 0.3, f.1 + 0.3, color: f.2, alpha: 0.35) }
        }
        top.plot(wl, data, color: .black, lineWidth: 2, label: "Data")
        top.plot(wl, model, color: Color.cycle(2), lineWidth: 1.5, style: .dashed, label: "Model")
        top.legend(location: .lowerCenter)
        top.ylabel("Flux")
        top.xAxis.showTickLabels = false
        for (i, f) in features.enumerated() {
            let textX = 846.6 + 22.8 * Double(i) / Double(features.count - 1)
            top.annotate(
                f.0, point: (f.1, 1), pointCoordinates: .dataXAxesY, textAt: (textX, 1.1),
                textCoordinates: .dataXAxesY,
                leader: LeaderLine(color: f.2.lightened(-0.2), width: 0.8),
                size: 7, rotation: 90, ha: .left, va: .center)
        }
        bottom.plot(wl, data.indices.map { data[$0] - model[$0] }, color: .black, lineWidth: 1.6)
        bottom.ylabel("Residual\nFlux")
        bottom.xAxis.showTickLabels = false
        extra.plot(
            wl, data.indices.map { 1 / (1 + pow((data[$0] - model[$0]) / 0.02, 2)) }, color: .black,
            lineWidth: 1.6)
        extra.ylabel("Robust\nWeight")
        extra.xlabel("Wavelength [nm]")
        extra.xticks(stride(from: 846.0, through: 870, by: 2).map { $0 })
        return fig
    }
}
