import Foundation
import HMFCore
import NumericsVersion
public import RHMF

/// A grid of fits kept the way other optimiser tools keep runs: a folder with `manifest.json` and one
/// `runs/<id>/` folder per fit (see `FitRunFolder`), and a table built from the runs' `summary.json`.
///
///     var experiment = try Experiment(folder: "build/toy-grid", name: "toy K x Q grid")
///     try experiment.add(fit, id: "K5-Q5", dataDigest: digest, data: "toy train")
///     print(try Experiment.table(folder: "build/toy-grid").plainText)
public struct Experiment: Sendable {
    /// What `manifest.json` holds.
    public struct Manifest: Codable, Sendable, Equatable {
        public var name: String
        public var createdAt: String
        public var numericsVersion: String
        /// Run ids in the order they were added.
        public var runs: [String]
    }

    /// The experiment folder.
    public let folder: String
    /// The manifest as last written.
    public private(set) var manifest: Manifest

    /// Opens the experiment in `folder`, creating it (and its manifest) when absent.
    public init(folder: String, name: String) throws(DataIOError) {
        self.folder = folder
        let path = "\(folder)/manifest.json"
        if FileManager.default.fileExists(atPath: path) {
            manifest = try FitRunFolder.readJSON(Manifest.self, from: path)
        } else {
            manifest = Manifest(
                name: name, createdAt: ISO8601DateFormatter().string(from: Date()),
                numericsVersion: numericsVersion, runs: [])
            try FitRunFolder.writeJSON(manifest, to: path)
        }
    }

    /// Adds (or replaces) run `id`. Ids become folder names, so they may hold letters, digits, `.`, `_` and `-`.
    public mutating func add(_ fit: FitResult, id: String, dataDigest: String, data: String)
        throws(DataIOError)
    {
        guard !id.isEmpty, id.allSatisfy({ $0.isLetter || $0.isNumber || "._-".contains($0) }),
            id != ".", id != ".."
        else {
            throw .invalidArgument(
                path: folder, item: id,
                reason: "run ids may hold only letters, digits, '.', '_' and '-'")
        }
        try FitRunFolder.write(
            fit, dataDigest: dataDigest, data: data, rows: fit.coefficients.rows,
            columns: fit.basis.rows,
            to: "\(folder)/runs/\(id)")
        if !manifest.runs.contains(id) { manifest.runs.append(id) }
        try FitRunFolder.writeJSON(manifest, to: "\(folder)/manifest.json")
    }

    /// One row per run of the experiment in `folder`: id, rank, likelihood, cycles, converged, final loss, runtime.
    public static func table(folder: String) throws(DataIOError) -> TextTable {
        let manifest = try FitRunFolder.readJSON(Manifest.self, from: "\(folder)/manifest.json")
        var rows: [[String]] = []
        for id in manifest.runs {
            let s = try FitRunFolder.summary(in: "\(folder)/runs/\(id)")
            rows.append([
                id, String(s.rank), s.likelihood, String(s.cycles), s.converged ? "yes" : "no",
                NumberFormat.significant(s.finalLoss, 8), NumberFormat.fixed(s.runtimeSeconds, 3),
            ])
        }
        return TextTable(
            header: ["run", "K", "likelihood", "cycles", "converged", "final loss", "seconds"],
            rows: rows)
    }
}
