import Plotting

/// Example figures covering the module's features; the golden-image tests draw exactly these,
/// and `swift run plot-gallery OUTDIR` writes them all for people to look at.
package enum Gallery {
    /// Names of all gallery figures, in order.
    package static var names: [String] { entries.map(\.0) }

    /// Builds the gallery figure `name`.
    package static func figure(_ name: String) throws(PlotError) -> Figure {
        guard let make = entries.first(where: { $0.0 == name })?.1 else {
            throw .invalidArgument(
                "no gallery figure named '\(name)'; choose one of \(names.joined(separator: ", "))")
        }
        return make()
    }

    static let entries: [(String, @Sendable () -> Figure)] = [
        ("line_styles", lineStyles),
        ("absorption_line_residuals", absorptionLineResiduals),
        ("offset_spectra", offsetSpectra),
        ("hatched_log_histogram", hatchedLogHistogram),
        ("density_histograms", densityHistograms),
        ("heatmap_grid", heatmapGrid),
        ("basis_functions", basisFunctions),
        ("hr_scatter", hrScatter),
        ("ridge_histograms", ridgeHistograms),
        ("annotated_spectrum", annotatedSpectrum),
        ("scatter_colorbar", scatterColorbar),
        ("math_labels", mathLabels),
        ("colormaps", colormaps),
    ]
}
