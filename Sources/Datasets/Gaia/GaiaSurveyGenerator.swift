import DataIO
import Foundation
import HMFCore

/// How far `GaiaSurveyGenerator.write` has got.
public struct GaiaSurveyProgress: Sendable, Equatable {
    /// Spectra written so far.
    public let spectraWritten: Int
    /// Spectra in the survey.
    public let spectraTotal: Int
}

/// A synthetic Gaia DR3 RVS survey in the exact file format of the reference pipeline, with known truth
/// (`spec/gaia-rvs.md` section 5).
///
/// `write(to:)` writes three files into a folder:
/// - `dr3-rvs-all.hdf5`: `source_id` (int64), `flux` and `flux_error` (float32, N x 2401, chunks of 256 rows),
///   rows in random order;
/// - `dr3-source-meta.csv`: `source_id,parallax,bp_rp,phot_g_mean_mag,ra,dec`, in another random order, with
///   exactly round(1 %) of rows without a spectrum, round(0.5 %) with an empty bp_rp, round(0.4 %) with an empty
///   parallax, round(0.1 %) with both empty and round(0.5 %) with parallax <= 0 (fractions of all stars drawn),
///   and round(1 %) of the spectra without a row;
/// - `synthetic-truth.csv`: every star's population, status, photometry, class and spectrum parameters.
///
/// Each file is written under a temporary name and renamed when all three are complete. The same configuration
/// writes byte-identical files.
///
///     let generator = try GaiaSurveyGenerator(configuration: .ci)
///     let summary = try generator.write(to: "data/gaia")
///     print(summary.binTable.plainText)
public struct GaiaSurveyGenerator: Sendable {
    /// The truth table's file name.
    public static let truthFileName = GaiaCSVFiles.truthFileName

    /// Every star with its parameters.
    package let plan: GaiaSurveyPlan
    /// Every star drawn for the survey, with the truth injected into it (population, status in the files,
    /// the parameters of its spectrum, among them its anomaly class).
    public var stars: [GaiaStar] { plan.stars }

    /// The configuration.
    public var configuration: GaiaSurveyConfiguration { plan.configuration }

    /// Draws the survey (everything but the pixels; about a second at scale 1).
    /// - Throws: `DatasetError.invalidConfiguration` for an invalid configuration.
    public init(configuration: GaiaSurveyConfiguration) throws(DatasetError) {
        plan = try GaiaSurveyPlan(configuration: configuration)
    }

    /// The bin table, join counts and class counts of the survey (known before any spectrum is made).
    public var summary: GaiaSurveySummary { GaiaSurveySummary(plan: plan) }

    /// Writes the three files into `folder` (created when needed), replacing earlier ones.
    /// - Parameter progress: called after every batch of spectra, on the calling thread.
    /// - Throws: `DatasetError.file` naming the file that could not be written.
    @discardableResult
    public func write(to folder: String, progress: ((GaiaSurveyProgress) -> Void)? = nil)
        throws(DatasetError) -> GaiaSurveySummary
    {
        let base = URL(fileURLWithPath: folder)
        func path(_ name: String) -> String { base.appendingPathComponent(name).path }
        do {
            try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        } catch {
            throw .file(
                .cannotAccess(
                    path: folder, reason: "cannot create the folder: \(error.localizedDescription)")
            )
        }
        let spectraPath = path(GaiaCatalog.spectraFileName)
        let spectraTemporary = AtomicFile.temporaryPath(for: spectraPath)
        do throws(DataIOError) {
            defer { unlink(spectraTemporary) }
            let metadata = try GaiaTextFile(path: path(GaiaCatalog.metadataFileName))
            let truth = try GaiaTextFile(path: path(Self.truthFileName))
            GaiaCSVFiles.writeMetadata(plan, to: metadata)
            GaiaCSVFiles.writeTruth(plan, to: truth)
            try GaiaSpectraFile.write(plan, to: spectraTemporary) { done, total in
                progress?(GaiaSurveyProgress(spectraWritten: done, spectraTotal: total))
            }
            try truth.commit()
            try metadata.commit()
            do { try AtomicFile.commit(spectraTemporary, to: spectraPath) } catch {
                throw DataIOError.cannotAccess(path: spectraPath, reason: error.reason)
            }
        } catch {
            throw .file(error)
        }
        return summary
    }

    /// The stored flux and errors of HDF5 row `row`, made again (exactly as written).
    public func spectrum(row: Int) -> (flux: [Float], error: [Float]) {
        let star = plan.spectrumStars[row]
        let m = GaiaRVSGrid.pixelCount
        var flux = [Float](repeating: 0, count: m)
        var error = flux
        let synthesizer = GaiaSpectrumSynthesizer()
        flux.withUnsafeMutableBufferPointer { f in
            error.withUnsafeMutableBufferPointer { e in
                synthesizer.observe(
                    plan.stars[star], index: star, seed: configuration.seed,
                    flux: f.baseAddress!, error: e.baseAddress!)  // invariant: m values each
            }
        }
        return (flux, error)
    }

    /// The noise-free spectrum (2401 pixels) of star `index` of `plan.stars`, for figures and tests.
    public func noiselessSpectrum(star index: Int) -> [Double] {
        GaiaSpectrumSynthesizer().noiseless(plan.stars[index])
    }

    /// The noise-free spectrum (2401 pixels) of any star, for example one of `plan.stars` with its anomaly
    /// removed (`star.spectrum.caTEmission = nil`), to show what the anomaly adds.
    package static func noiselessSpectrum(of star: GaiaStar) -> [Double] {
        GaiaSpectrumSynthesizer().noiseless(star)
    }

    /// Expected spectra per bin after the loader's cuts, from the population model alone (no sampling, no
    /// spectra): the calibration's `expectedMembers`.
    public static func expectedBinCounts(configuration: GaiaSurveyConfiguration)
        throws(DatasetError) -> [Double]
    {
        try GaiaCalibration(configuration: configuration).expectedMembers
    }

    /// Spectra per bin of the drawn survey as the loader will find them, from the photometry alone (no spectra).
    public static func drawnBinCounts(configuration: GaiaSurveyConfiguration) throws(DatasetError)
        -> [Int]
    {
        try GaiaSurveyPlan(configuration: configuration).binCounts
    }
}
