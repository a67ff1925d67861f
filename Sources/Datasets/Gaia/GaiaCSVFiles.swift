import DataIO

/// The two CSV files of a synthetic survey: the metadata the loader reads, and the truth it never sees.
enum GaiaCSVFiles {
    /// The truth table's file name.
    static let truthFileName = "synthetic-truth.csv"
    /// The metadata header: the pipeline's four columns, and two it ignores.
    static let metadataHeader = "source_id,parallax,bp_rp,phot_g_mean_mag,ra,dec"

    /// `dr3-source-meta.csv`: one row per star with a metadata row, in `plan.metadataStars` order. Empty fields
    /// are missing values; numbers are written in the shortest form that reads back to the same Double.
    static func writeMetadata(_ plan: GaiaSurveyPlan, to file: GaiaTextFile) {
        file.write(metadataHeader)
        for i in plan.metadataStars {
            let s = plan.stars[i]
            file.write(
                "\(s.sourceID),\(text(s.csvParallax)),\(text(s.csvBpRp)),\(s.gMag),\(s.ra),\(s.dec)"
            )
        }
    }

    /// The truth table's columns: name and value of one star (empty where not applicable; spectrum columns are
    /// empty for stars without a spectrum). Pixel indices are columns of the stored 2401-pixel spectra.
    static let truthColumns: [(name: String, value: @Sendable (GaiaStar) -> String)] = [
        ("source_id", { "\($0.sourceID)" }),
        ("population", { $0.population.rawValue }),
        ("unresolved_binary", { $0.isUnresolvedBinary ? "1" : "0" }),
        ("binary_brightening", { "\($0.binaryBrightening)" }),
        ("status", { $0.status.rawValue }),
        ("hdf5_row", { text($0.spectrumRow) }),
        ("bp_rp", { "\($0.bpRp)" }),
        ("abs_mag_g", { "\($0.absMagG)" }),
        ("g_mag", { "\($0.gMag)" }),
        ("distance_pc", { "\($0.distance)" }),
        ("parallax_true", { "\($0.parallaxTrue)" }),
        ("parallax_observed", { "\($0.parallaxObserved)" }),
        ("class", { spectrum($0) { $0.anomaly.rawValue } }),
        ("vsini", { spectrum($0) { "\($0.vsini)" } }),
        ("rv", { spectrum($0) { "\($0.radialVelocity)" } }),
        ("continuum_a0", { spectrum($0) { "\($0.continuumA0)" } }),
        ("continuum_a1", { spectrum($0) { "\($0.continuumA1)" } }),
        ("continuum_a2", { spectrum($0) { "\($0.continuumA2)" } }),
        ("dib_depth", { spectrum($0) { "\($0.dibDepth)" } }),
        ("noise_sigma", { spectrum($0) { "\($0.noiseSigma)" } }),
        ("nan_left", { spectrum($0) { "\($0.nanLeft)" } }),
        ("nan_right", { spectrum($0) { "\($0.nanRight)" } }),
        ("gap_start", { spectrum($0) { text($0.gap?.lowerBound) } }),
        ("gap_length", { spectrum($0) { text($0.gap?.count) } }),
        (
            "spike_pixels",
            { spectrum($0) { $0.spikes.map { "\($0.pixel)" }.joined(separator: ";") } }
        ),
        (
            "spike_amplitudes",
            { spectrum($0) { $0.spikes.map { "\($0.amplitude)" }.joined(separator: ";") } }
        ),
        ("step_start", { spectrum($0) { text($0.step?.pixels.lowerBound) } }),
        ("step_size", { spectrum($0) { text($0.step?.size) } }),
        ("be_disk_velocity", { spectrum($0) { text($0.be?.diskVelocity) } }),
        ("be_emission_amplitude", { spectrum($0) { text($0.be?.emissionAmplitude) } }),
        ("be_shell_depth", { spectrum($0) { text($0.be?.shellDepth) } }),
        ("cat_amplitude_850", { spectrum($0) { text($0.caTEmission?.amplitudes[0]) } }),
        ("cat_amplitude_854", { spectrum($0) { text($0.caTEmission?.amplitudes[1]) } }),
        ("cat_amplitude_866", { spectrum($0) { text($0.caTEmission?.amplitudes[2]) } }),
        ("cat_fwhm", { spectrum($0) { text($0.caTEmission?.fwhm) } }),
        ("sb2_light_ratio", { spectrum($0) { text($0.sb2?.lightRatio) } }),
        ("sb2_delta_v", { spectrum($0) { text($0.sb2?.deltaV) } }),
        ("sb2_companion_bp_rp", { spectrum($0) { text($0.sb2?.companionBpRp) } }),
        ("sb2_companion_vsini", { spectrum($0) { text($0.sb2?.companionVsini) } }),
    ]

    /// `synthetic-truth.csv`: every star, in population order.
    static func writeTruth(_ plan: GaiaSurveyPlan, to file: GaiaTextFile) {
        file.write(truthColumns.map(\.name).joined(separator: ","))
        for star in plan.stars {
            file.write(truthColumns.map { $0.value(star) }.joined(separator: ","))
        }
    }

    private static func spectrum(_ star: GaiaStar, _ value: (GaiaSpectrumParameters) -> String)
        -> String
    {
        star.status.hasSpectrum ? value(star.spectrum) : ""
    }

    private static func text<T>(_ value: T?) -> String { value.map { "\($0)" } ?? "" }
}
