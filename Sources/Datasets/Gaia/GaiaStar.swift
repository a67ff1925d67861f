/// Where a synthetic star sits in the HR diagram.
public enum GaiaPopulation: String, Sendable, CaseIterable {
    /// Main-sequence star (single or unresolved binary; see `GaiaStar.isUnresolvedBinary`).
    case mainSequence = "main_sequence"
    /// Red-clump giant.
    case redClump = "red_clump"
    /// Red-giant-branch star.
    case redGiantBranch = "red_giant_branch"
    /// Subgiant.
    case subgiant
}

/// The injected anomaly class of a star's spectrum (`spec/gaia-rvs.md` section 5, "Injected anomalies").
public enum GaiaAnomalyClass: String, Sendable, CaseIterable {
    /// An ordinary spectrum.
    case normal
    /// Be / shell star: fast rotation, double-peaked emission and narrow shell cores at Paschen and Ca II lines.
    case beShell = "be_shell"
    /// Ca II triplet emission cores, obvious (amplitude 0.10-0.15).
    case caTEmissionObvious = "cat_emission_obvious"
    /// Ca II triplet emission cores, subtle (amplitude 0.03-0.06).
    case caTEmissionSubtle = "cat_emission_subtle"
    /// Double-lined spectroscopic binary.
    case sb2
    /// Fast rotator among the cool stars (vsini 80-250 km/s).
    case fastRotator = "fast_rotator"
}

/// How a star appears in the two files the loader reads: the defects of section 5.
public enum GaiaCatalogStatus: String, Sendable, CaseIterable {
    /// A spectrum and a complete metadata row with parallax > 0.
    case complete
    /// A metadata row but no spectrum.
    case noSpectrum = "no_spectrum"
    /// A spectrum but no metadata row.
    case noMetadataRow = "no_metadata_row"
    /// Metadata row with an empty bp_rp.
    case nullBpRp = "null_bp_rp"
    /// Metadata row with an empty parallax.
    case nullParallax = "null_parallax"
    /// Metadata row with both bp_rp and parallax empty.
    case nullBoth = "null_bp_rp_and_parallax"
    /// Metadata row with parallax <= 0.
    case nonPositiveParallax = "nonpositive_parallax"

    /// Fraction of all stars given this status (`complete` takes the rest): about 1 % of metadata rows without a
    /// spectrum, 1 % of spectra without a row, 1 % of rows with an empty bp_rp or parallax, 0.5 % with parallax <= 0.
    var fraction: Double {
        switch self {
        case .complete: return 0
        case .noSpectrum: return 0.01
        case .noMetadataRow: return 0.01
        case .nullBpRp: return 0.005
        case .nullParallax: return 0.004
        case .nullBoth: return 0.001
        case .nonPositiveParallax: return 0.005
        }
    }

    /// Fraction of stars the loader keeps (spectrum and usable metadata).
    static var keptFraction: Double { 1 - allCases.reduce(0) { $0 + $1.fraction } }

    /// Whether the star has a spectrum in the HDF5 file.
    public var hasSpectrum: Bool { self != .noSpectrum }
    /// Whether the star has a row in the metadata CSV.
    public var hasMetadataRow: Bool { self != .noMetadataRow }
}

/// Everything drawn for one synthetic star: photometry, astrometry, how it appears in the files, and the
/// parameters of its spectrum. Written to `synthetic-truth.csv`.
public struct GaiaStar: Sendable, Equatable {
    /// Gaia source id (unique, in [1e15, 6.9e18]).
    public var sourceID: Int64
    /// HR-diagram population.
    public var population: GaiaPopulation
    /// Whether a main-sequence star is an unresolved binary (brighter by `binaryBrightening`).
    public var isUnresolvedBinary: Bool
    /// Brightening of an unresolved binary, mag (0 otherwise).
    public var binaryBrightening: Double
    /// BP-RP colour (as written to the CSV).
    public var bpRp: Double
    /// True absolute G magnitude.
    public var absMagG: Double
    /// Apparent G magnitude (as written to the CSV).
    public var gMag: Double
    /// Distance, pc.
    public var distance: Double
    /// True parallax, mas.
    public var parallaxTrue: Double
    /// Observed parallax, mas: true + N(0, 0.02); replaced by a value <= 0 for `nonPositiveParallax`.
    public var parallaxObserved: Double
    /// Right ascension and declination, degrees.
    public var ra: Double
    public var dec: Double
    /// How the star appears in the files.
    public var status: GaiaCatalogStatus
    /// Row in the HDF5 file (nil without a spectrum).
    public var spectrumRow: Int?
    /// The spectrum's parameters (meaningful when the star has a spectrum).
    public var spectrum: GaiaSpectrumParameters

    /// The parallax as written to the CSV (nil when empty).
    public var csvParallax: Double? {
        status == .nullParallax || status == .nullBoth ? nil : parallaxObserved
    }

    /// The colour as written to the CSV (nil when empty).
    public var csvBpRp: Double? {
        status == .nullBpRp || status == .nullBoth ? nil : bpRp
    }
}
