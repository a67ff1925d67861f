/// The pixel grid of Gaia DR3 RVS spectra as the reference pipeline uses it (`spec/gaia-rvs.md` section 1).
///
/// The survey file has no wavelength dataset: the pipeline hard-codes `np.linspace(846, 870, 2401)` (vacuum nm,
/// step 0.01 nm) and clips `N_CLIP_PIX = 40` pixels at each end, keeping 2321 pixels over 846.40-869.60 nm.
public enum GaiaRVSGrid {
    /// Pixels per stored spectrum (the second extent of `flux` and `flux_error`).
    public static let pixelCount = 2401
    /// First wavelength, nm.
    public static let firstWavelength = 846.0
    /// Last wavelength, nm.
    public static let lastWavelength = 870.0
    /// Pixels clipped at each end before fitting (`N_CLIP_PIX`).
    public static let clipPixels = 40
    /// The stored columns that are kept: `flux[:, 40:-40]`, 2321 pixels.
    public static let clippedColumns: Range<Int> = clipPixels..<(pixelCount - clipPixels)

    /// The wavelength of every stored pixel, computed as numpy's `linspace(846, 870, 2401)` does
    /// (`j * step + start`, the last value set to the end point), so values match the pipeline bit for bit.
    public static let wavelengths: [Double] = linspace(firstWavelength, lastWavelength, pixelCount)

    /// The wavelengths of the kept pixels (`λ_grid[40:-40]`), 846.40 ... 869.60 nm.
    public static let clippedWavelengths: [Double] = Array(wavelengths[clippedColumns])

    /// numpy's `linspace(start, stop, count)` with the end point included.
    public static func linspace(_ start: Double, _ stop: Double, _ count: Int) -> [Double] {
        guard count > 1 else { return count == 1 ? [start] : [] }
        let step = (stop - start) / Double(count - 1)
        var values = (0..<count).map { Double($0) * step + start }
        values[count - 1] = stop
        return values
    }
}
