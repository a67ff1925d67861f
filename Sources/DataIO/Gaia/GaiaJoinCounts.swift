/// What the Gaia loader kept and dropped, so that every row of both files is accounted for.
///
/// Metadata rows: `metadataRows = droppedNull + droppedNonPositiveParallax + kept`, and
/// `kept = matched + withoutSpectrum` (when source ids are unique). Spectra:
/// `spectra = matched + spectraWithoutMetadata`.
public struct GaiaJoinCounts: Sendable, Equatable, CustomStringConvertible {
    /// Rows of the HDF5 file (spectra).
    public let spectra: Int
    /// Data rows of the metadata CSV.
    public let metadataRows: Int
    /// Metadata rows dropped because one of source_id, parallax, bp_rp, phot_g_mean_mag is empty (`drop_nulls`).
    public let droppedNull: Int
    /// Metadata rows (without nulls) dropped because parallax <= 0 or NaN (`filter(parallax > 0)`).
    public let droppedNonPositiveParallax: Int
    /// Metadata rows that passed both cuts.
    public let kept: Int
    /// Spectra matched to a kept metadata row (the rows of the catalogue).
    public let matched: Int
    /// Spectra without a kept metadata row: their id is absent from the CSV or its row was dropped.
    public let spectraWithoutMetadata: Int
    /// Kept metadata rows whose id has no spectrum.
    public let metadataWithoutSpectrum: Int

    public init(
        spectra: Int, metadataRows: Int, droppedNull: Int, droppedNonPositiveParallax: Int,
        kept: Int,
        matched: Int, spectraWithoutMetadata: Int, metadataWithoutSpectrum: Int
    ) {
        self.spectra = spectra
        self.metadataRows = metadataRows
        self.droppedNull = droppedNull
        self.droppedNonPositiveParallax = droppedNonPositiveParallax
        self.kept = kept
        self.matched = matched
        self.spectraWithoutMetadata = spectraWithoutMetadata
        self.metadataWithoutSpectrum = metadataWithoutSpectrum
    }

    public var description: String {
        "\(spectra) spectra, \(metadataRows) metadata rows (\(droppedNull) with a null dropped, "
            + "\(droppedNonPositiveParallax) with parallax <= 0 dropped, \(kept) kept); \(matched) matched, "
            + "\(spectraWithoutMetadata) spectra without metadata, \(metadataWithoutSpectrum) metadata rows without a spectrum"
    }
}
