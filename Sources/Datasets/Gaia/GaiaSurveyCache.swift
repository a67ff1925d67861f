import DataIO
import Foundation
import HMFCore

/// A synthetic survey written once into a folder and reused by later runs while it still is what the current
/// generator would write for the same configuration.
///
/// The folder name holds the scale, the seed and the anomaly-rate factor, so a different configuration never
/// finds another's files. Beside the three files a stamp (`survey-stamp.json`) records a fingerprint of the
/// generator's output and the files' sizes. The fingerprint hashes the configuration, the join counts, the
/// bin and class counts, and a few spectra made again from scratch (ids, flux and errors, bit for bit): a
/// generator whose population, ids or spectra changed gives a different fingerprint, and the survey is
/// written again.
///
///     let survey = try GaiaSurveyCache.ensure(GaiaSurveyConfiguration(scale: 0.1), under: ".hmfbook/gaia-survey")
///     let catalog = try GaiaCatalog(folder: survey.folder)
public enum GaiaSurveyCache {
    /// The stamp's file name.
    public static let stampFileName = "survey-stamp.json"

    /// A survey folder that is ready to read.
    public struct Survey: Sendable {
        /// The folder holding `dr3-rvs-all.hdf5`, `dr3-source-meta.csv` and `synthetic-truth.csv`.
        public let folder: String
        /// Whether this call wrote the files (false: an earlier run's files were reused).
        public let generated: Bool
        /// The generator (its plan holds the truth of every star).
        public let generator: GaiaSurveyGenerator
        /// The fingerprint recorded in the stamp.
        public let fingerprint: String
        /// The spectra file.
        public var spectraPath: String {
            (folder as NSString).appendingPathComponent(GaiaCatalog.spectraFileName)
        }
        /// The metadata file.
        public var metadataPath: String {
            (folder as NSString).appendingPathComponent(GaiaCatalog.metadataFileName)
        }
    }

    /// What the stamp records.
    struct Stamp: Codable, Equatable {
        var fingerprint: String
        var sizes: [String: UInt64]
    }

    /// The folder under `root` for `configuration`: `scale-S-seed-N-rate-R`.
    public static func folder(for configuration: GaiaSurveyConfiguration, under root: String)
        -> String
    {
        let name =
            "scale-\(configuration.scale)-seed-\(configuration.seed)-rate-\(configuration.anomalyRateFactor)"
        return (root as NSString).appendingPathComponent(name)
    }

    /// The survey for `configuration` under `root`: reused when its stamp matches the current generator and
    /// the files are intact (by size), written (replacing anything there) otherwise.
    /// - Parameter progress: forwarded to `GaiaSurveyGenerator.write` when the files are written.
    /// - Throws: `DatasetError` for an invalid configuration or a file that cannot be written.
    public static func ensure(
        _ configuration: GaiaSurveyConfiguration, under root: String,
        progress: ((GaiaSurveyProgress) -> Void)? = nil
    ) throws(DatasetError) -> Survey {
        let generator = try GaiaSurveyGenerator(configuration: configuration)
        let folder = folder(for: configuration, under: root)
        let print = fingerprint(generator)
        let stampPath = (folder as NSString).appendingPathComponent(stampFileName)
        if let data = FileManager.default.contents(atPath: stampPath),
            let stamp = try? JSONDecoder().decode(Stamp.self, from: data),
            stamp.fingerprint == print, stamp.sizes == sizes(in: folder)
        {
            return Survey(
                folder: folder, generated: false, generator: generator, fingerprint: print)
        }
        try? FileManager.default.removeItem(atPath: stampPath)
        try generator.write(to: folder, progress: progress)
        let stamp = Stamp(fingerprint: print, sizes: sizes(in: folder))
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try AtomicFile.write(try encoder.encode(stamp), to: stampPath)
        } catch let error as AtomicFileError {
            throw .file(.cannotAccess(path: stampPath, reason: error.reason))
        } catch {
            throw .file(.cannotAccess(path: stampPath, reason: "\(error)"))
        }
        return Survey(folder: folder, generated: true, generator: generator, fingerprint: print)
    }

    /// The generator's fingerprint: configuration, counts, and the ids and exact bits of up to five spectra
    /// spread over the file.
    public static func fingerprint(_ generator: GaiaSurveyGenerator) -> String {
        var h = ContentHasher()
        let c = generator.configuration
        let summary = generator.summary
        h.update(field: "gaia-survey-1")
        h.update(
            field:
                "\(c.scale):\(c.seed):\(c.minimumPerBin):\(c.giantsAtScaleOne):\(c.anomalyRateFactor)"
        )
        h.update(field: summary.joinCounts.description)
        h.update(field: summary.bins.map { "\($0.generated)" }.joined(separator: ","))
        h.update(field: summary.anomalyCounts.map(String.init).joined(separator: ","))
        let rows = generator.plan.spectrumStars.count
        for row in Set(
            [0, rows / 4, rows / 2, 3 * rows / 4, rows - 1].filter { $0 >= 0 && $0 < rows }
        ).sorted() {
            h.update(
                field:
                    "row \(row): \(generator.plan.stars[generator.plan.spectrumStars[row]].sourceID)"
            )
            let (flux, error) = generator.spectrum(row: row)
            flux.withUnsafeBytes { h.update(raw: $0) }
            error.withUnsafeBytes { h.update(raw: $0) }
        }
        return h.finalize().hex
    }

    /// Sizes of the three survey files (missing files are left out).
    static func sizes(in folder: String) -> [String: UInt64] {
        var out: [String: UInt64] = [:]
        for name in [
            GaiaCatalog.spectraFileName, GaiaCatalog.metadataFileName,
            GaiaSurveyGenerator.truthFileName,
        ] {
            let path = (folder as NSString).appendingPathComponent(name)
            if let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                let size = attributes[.size] as? NSNumber
            {
                out[name] = size.uint64Value
            }
        }
        return out
    }
}
