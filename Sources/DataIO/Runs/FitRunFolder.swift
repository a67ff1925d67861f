import Foundation
import HMFCore
import NumericsVersion
import RHMF

/// The final numbers of one fit, as `summary.json` holds them: one small file per run, so that tables over
/// many runs read one file each.
package struct FitRunSummary: Codable, Sendable, Equatable {
    package var finalLoss: Double
    package var initialLoss: Double
    package var cycles: Int
    package var converged: Bool
    package var runtimeSeconds: Double
    package var rank: Int
    package var likelihood: String
    /// The fit's warnings (`FitResult.warnings`), one line each with its evidence; empty when there are none.
    package var warnings: [String]

    package init(_ fit: FitResult) {
        finalLoss = fit.loss
        initialLoss = fit.initialLoss
        cycles = fit.cycles
        converged = fit.converged
        runtimeSeconds = fit.fitSeconds
        rank = fit.settings.rank
        likelihood = fit.likelihood.description
        warnings = fit.warnings.map(\.description)
    }

    private enum CodingKeys: String, CodingKey {
        case finalLoss, initialLoss, cycles, converged, runtimeSeconds, rank, likelihood, warnings
    }

    /// Reads a summary; one written before warnings were recorded reads with none.
    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        finalLoss = try c.decode(Double.self, forKey: .finalLoss)
        initialLoss = try c.decode(Double.self, forKey: .initialLoss)
        cycles = try c.decode(Int.self, forKey: .cycles)
        converged = try c.decode(Bool.self, forKey: .converged)
        runtimeSeconds = try c.decode(Double.self, forKey: .runtimeSeconds)
        rank = try c.decode(Int.self, forKey: .rank)
        likelihood = try c.decode(String.self, forKey: .likelihood)
        warnings = try c.decodeIfPresent([String].self, forKey: .warnings) ?? []
    }
}

/// Where a fit came from, as `meta.json` holds it.
package struct FitRunMeta: Codable, Sendable, Equatable {
    /// The full settings.
    package var settings: FitSettings
    /// The initialisation actually used (`automatic` resolved), when the fit started from one.
    package var start: String?
    /// SHA-256 of the data (of the file, for `hmfbook fit`).
    package var dataDigest: String
    /// What the data were (a file name, a notebook's description).
    package var data: String
    /// Rows and columns of the data.
    package var rows: Int
    package var columns: Int
    /// The engine and build that produced the fit.
    package var numericsVersion: String
    package var toolchain: String
    package var hmfbookVersion: String
    /// When the record was written (ISO 8601, UTC).
    package var createdAt: String
}

/// One fit as a folder that numpy and `json` can read without hmfbook:
///
///     DIR/trace.npz     loss, convergence, seconds (one value per cycle)
///     DIR/meta.json     settings, data digest, numerics version, toolchain, time
///     DIR/summary.json  final loss, cycles, converged, runtime
///     DIR/model.npz     A, G, it (as robusta-hmf saves states) and the settings
package enum FitRunFolder {
    /// Writes the record of `fit` into `folder` (created if needed); each file is written atomically.
    package static func write(
        _ fit: FitResult, dataDigest: String, data: String, rows: Int, columns: Int,
        to folder: String, modelName: String = "model.npz"
    ) throws(DataIOError) {
        do {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .cannotAccess(path: folder, reason: error.localizedDescription)
        }
        var trace = NPZArchive()
        trace["loss"] = .float64(DenseArray(fit.trace.loss))
        trace["convergence"] = .float64(DenseArray(fit.trace.convergence))
        trace["seconds"] = .float64(DenseArray(fit.trace.seconds))
        try trace.write(to: "\(folder)/trace.npz")
        let meta = FitRunMeta(
            settings: fit.settings, start: fit.start?.description, dataDigest: dataDigest,
            data: data,
            rows: rows, columns: columns, numericsVersion: numericsVersion,
            toolchain: "\(BuildInfo.compiler), \(BuildInfo.platform)",
            hmfbookVersion: BuildInfo.version,
            createdAt: ISO8601DateFormatter().string(from: Date()))
        try writeJSON(meta, to: "\(folder)/meta.json")
        try writeJSON(FitRunSummary(fit), to: "\(folder)/summary.json")
        try ModelStateFile.write(fit, to: "\(folder)/\(modelName)")
    }

    /// Reads a run folder's summary.
    package static func summary(in folder: String) throws(DataIOError) -> FitRunSummary {
        try readJSON(FitRunSummary.self, from: "\(folder)/summary.json")
    }

    /// Reads a run folder's metadata.
    package static func meta(in folder: String) throws(DataIOError) -> FitRunMeta {
        try readJSON(FitRunMeta.self, from: "\(folder)/meta.json")
    }

    static func writeJSON<T: Encodable>(_ value: T, to path: String) throws(DataIOError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        let data: Data
        do { data = try encoder.encode(value) } catch {
            throw .invalidArgument(path: path, item: "", reason: "cannot encode: \(error)")
        }
        try FileAccess.write(data + Data("\n".utf8), to: path)
    }

    static func readJSON<T: Decodable>(_ type: T.Type, from path: String) throws(DataIOError) -> T {
        let data = try FileAccess.read(path)
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        do { return try decoder.decode(type, from: data) } catch {
            throw .corrupt(path: path, item: "", reason: "not a \(type) record: \(error)")
        }
    }
}
