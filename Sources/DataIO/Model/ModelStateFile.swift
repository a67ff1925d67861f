import Foundation
import HMFCore
import NumericsVersion
public import RHMF

/// The container used for a model state file.
public enum ModelFileFormat: Sendable, Equatable {
    /// HDF5: datasets `A`, `G`, `trace/loss`, `trace/convergence`, `trace/seconds`; root attributes
    /// `format`, `format_version`, `cycles`, `settings` (JSON).
    case hdf5
    /// NumPy `.npz`: `A`, `G`, `it` (so robusta-hmf can load it), `format`, `format_version`,
    /// `settings` (JSON string), `trace_loss`, `trace_convergence`, `trace_seconds`.
    case npz

    /// The format implied by a path's extension: `.npz` is NumPy, anything else HDF5.
    public static func inferred(from path: String) -> ModelFileFormat {
        path.lowercased().hasSuffix(".npz") ? .npz : .hdf5
    }
}

/// Saving and loading fitted models, versioned so later releases can read older files.
///
/// Version history: 1 = the layout described in `ModelFileFormat`; 2 adds `numerics_version`. Settings must
/// decode as `FitSettings`; a file whose settings cannot be read is an error. Reading also accepts plain
/// robusta-hmf state archives (`A`, `G`, `it` only) as version 0, without settings and with an empty trace.
/// A file whose version is newer than `formatVersion` is refused with `.unsupportedVersion`.
public enum ModelStateFile {
    /// The version this release writes, and the newest it reads.
    public static let formatVersion = 2
    /// The value of the `format` tag.
    public static let formatName = "hmfbook-model"

    /// Writes `model` to `path` (atomically) in `format`, or the format implied by the extension.
    public static func write(_ model: SavedModel, to path: String, format: ModelFileFormat? = nil)
        throws(DataIOError)
    {
        switch format ?? .inferred(from: path) {
        case .npz: try writeNPZ(model, to: path)
        case .hdf5: try writeHDF5(model, to: path)
        }
    }

    /// Saves a finished fit.
    public static func write(_ fit: FitResult, to path: String, format: ModelFileFormat? = nil)
        throws(DataIOError)
    {
        try write(SavedModel(fit), to: path, format: format)
    }

    /// Reads a model state file, recognising HDF5 and `.npz` by their contents.
    /// - Throws: `.unsupportedVersion` for files from a newer release; `.corrupt` for files that are
    ///   neither format or lack the version tag; otherwise the errors of the underlying reader.
    public static func read(path: String) throws(DataIOError) -> SavedModel {
        let head = try FileAccess.read(path).prefix(8)
        if head.starts(with: [0x50, 0x4B]) { return try readNPZ(path) }  // "PK": a ZIP archive
        if head.starts(with: [0x89, 0x48, 0x44, 0x46]) { return try readHDF5(path) }  // "\x89HDF"
        throw .corrupt(path: path, item: "", reason: "neither an HDF5 file nor an .npz archive")
    }

    // MARK: HDF5

    private static func writeHDF5(_ model: SavedModel, to path: String) throws(DataIOError) {
        let temporary = FileAccess.siblingTemporary(of: path)
        do {
            let file = try HDF5File.create(path: temporary)
            try file.setAttribute("format", .string(formatName))
            try file.setAttribute("format_version", .integer(Int64(formatVersion)))
            try file.setAttribute("cycles", .integer(Int64(model.state.cycles)))
            if let settings = model.settings {
                try file.setAttribute("settings", .string(SavedModel.encode(settings)))
            }
            if let v = model.numericsVersion {
                try file.setAttribute("numerics_version", .string(v))
            }
            try file.write(model.state.coefficients, to: "A")
            try file.write(model.state.basis, to: "G")
            try file.write(model.trace.loss, to: "trace/loss")
            try file.write(model.trace.convergence, to: "trace/convergence")
            try file.write(model.trace.seconds, to: "trace/seconds")
            file.close()
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error.renamingFile(temporary, to: path)
        }
        try FileAccess.replace(path, with: temporary)
    }

    private static func readHDF5(_ path: String) throws(DataIOError) -> SavedModel {
        let file = try HDF5File(path: path)
        guard let version = try? file.attribute("format_version").integerValue else {
            throw .corrupt(
                path: path, item: "@format_version",
                reason: "not an hmfbook model file (no integer format_version attribute)")
        }
        try checkVersion(Int(clamping: version), path)
        let a = try file.dataset("A").readMatrix()
        let g = try file.dataset("G").readMatrix()
        let cycles = try file.attribute("cycles").integerValue ?? 0
        let state = try makeState(a, g, cycles, path)
        var trace = FitTrace()
        for (name, keyPath) in traceFields where file.contains("trace/\(name)") {
            trace[keyPath: keyPath] = try file.dataset("trace/\(name)").read(as: Double.self).values
        }
        guard let json = try? file.attribute("settings").stringValue else {
            throw .missingItem(path: path, item: "@settings")
        }
        let numerics = (try? file.attribute("numerics_version"))?.stringValue
        var model = SavedModel(
            state: state, trace: trace, settings: try SavedModel.decode(json, path: path),
            numericsVersion: numerics)
        model.formatVersion = Int(version)
        return model
    }

    // MARK: NPZ

    private static func writeNPZ(_ model: SavedModel, to path: String) throws(DataIOError) {
        var archive = NPZArchive()
        RobustaStateFile.add(model.state, to: &archive)
        archive["format"] = .scalar(formatName)
        archive["format_version"] = .scalar(Int64(formatVersion))
        if let settings = model.settings {
            archive["settings"] = .scalar(SavedModel.encode(settings))
        }
        if let v = model.numericsVersion { archive["numerics_version"] = .scalar(v) }
        for (name, keyPath) in traceFields {
            archive["trace_\(name)"] = .float64(DenseArray(model.trace[keyPath: keyPath]))
        }
        try archive.write(to: path, compression: .deflated)
    }

    private static func readNPZ(_ path: String) throws(DataIOError) -> SavedModel {
        let archive = try NPZArchive.read(path: path)
        let version = archive["format_version"] == nil ? 0 : try archive.scalarInt("format_version")
        try checkVersion(Int(clamping: version), path)
        let state = try RobustaStateFile.state(from: archive)
        var trace = FitTrace()
        for (name, keyPath) in traceFields where archive["trace_\(name)"] != nil {
            trace[keyPath: keyPath] = try archive.doubles("trace_\(name)").values
        }
        var settings: FitSettings?
        if version > 0 {
            guard archive["settings"] != nil else {
                throw .missingItem(path: path, item: "settings")
            }
            let json: String
            do { json = try archive.array("settings").strings().values.first ?? "" } catch {
                throw error.located(path: path, item: "settings")
            }
            settings = try SavedModel.decode(json, path: path)
        }
        let numerics =
            archive["numerics_version"] == nil
            ? nil : (try? archive.array("numerics_version").strings().values.first) ?? nil
        var model = SavedModel(
            state: state, trace: trace, settings: settings, numericsVersion: numerics)
        model.formatVersion = Int(version)
        return model
    }

    // MARK: Shared

    private static var traceFields: [(String, WritableKeyPath<FitTrace, [Double]>)] {
        [
            ("loss", \.loss), ("convergence", \.convergence), ("seconds", \.seconds),
        ]
    }

    private static func checkVersion(_ version: Int, _ path: String) throws(DataIOError) {
        guard version >= 0 else {
            throw .corrupt(
                path: path, item: "format_version", reason: "negative format version \(version)")
        }
        guard version <= formatVersion else {
            throw .unsupportedVersion(path: path, found: version, newestSupported: formatVersion)
        }
    }

    private static func makeState(_ a: Matrix, _ g: Matrix, _ cycles: Int64, _ path: String)
        throws(DataIOError) -> RHMFState
    {
        guard let cycles = Int(exactly: cycles), cycles >= 0 else {
            throw .corrupt(
                path: path, item: "@cycles",
                reason: "cycle count \(cycles) is negative or too large")
        }
        do {
            return try RHMFState(coefficients: a, basis: g, cycles: cycles)
        } catch {
            throw .wrongShape(
                path: path, item: "A, G", expected: "A (N x K) and G (M x K) with the same K",
                found: "A \(a.rows) x \(a.cols), G \(g.rows) x \(g.cols)")
        }
    }
}

extension DataIOError {
    /// The same error reported against `path` instead of the temporary file it was written to.
    func renamingFile(_ temporary: String, to path: String) -> DataIOError {
        switch self {
        case .cannotAccess(let p, let r) where p == temporary:
            return .cannotAccess(path: path, reason: r)
        case .hdf5(let p, let i, let o, let m) where p == temporary:
            return .hdf5(path: path, item: i, operation: o, message: m)
        case .invalidArgument(let p, let i, let r) where p == temporary:
            return .invalidArgument(path: path, item: i, reason: r)
        default: return self
        }
    }
}
