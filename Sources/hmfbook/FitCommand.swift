import ArgumentParser
import CommandLineSupport
import DataIO
import Foundation
import HMFCore
import RHMF

/// `hmfbook fit`: fit RHMF to a data file and save the model.
struct FitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract:
            "Fit a robust HMF model to DATA (.npz with Y and W/ivar, or HDF5) and save it to --out.",
        discussion: """
            MODEL.npz holds A (N x K), G (M x K) and it, as robusta-hmf saves its states, plus the trace and the \
            settings; an .h5 path writes HDF5. --run-dir DIR also writes DIR/trace.npz, DIR/meta.json and \
            DIR/summary.json (readable with numpy and json alone) and the model as DIR/model.npz.
            """
    )

    @Argument(help: "Data file: .npz with Y and W (or ivar), or HDF5 with Y/W or flux/flux_error.")
    var data: String
    @OptionGroup var fit: FitArguments
    @Option(help: "Hold the data in single or double precision (default: the file's).")
    var precision: Precision?
    @Option(help: "Output model file (.npz, or .h5 for HDF5).")
    var out: String?
    @Option(
        name: .customLong("run-dir"),
        help:
            "Also write the run record (trace.npz, meta.json, summary.json, model.npz) into this folder."
    )
    var runDir: String?

    func validate() throws {
        guard out != nil || runDir != nil else {
            throw ValidationError("give --out MODEL or --run-dir DIR (or both)")
        }
    }

    func run() throws {
        // Check every output before the fit, so that a long fit never ends in an unwritable path.
        if let out { try FileAccess.checkWritable(out) }
        if let runDir { try FileAccess.checkWritable("\(runDir)/summary.json") }
        let dataset = try WeightedData(contentsOf: data, precision: precision)
        let settings = fit.settings()
        for line in fit.describe(rows: dataset.N, columns: dataset.M, precision: dataset.precision)
        { print(line) }
        let progress = FitProgressLine(label: "fit")
        let t0 = Date()
        let result = try RobustHMF(settings).fit(dataset) { progress.report($0) }
        progress.finish()
        let elapsed = Date().timeIntervalSince(t0)
        if let out { try ModelStateFile.write(result, to: out) }
        if let runDir {
            try FitRunFolder.write(
                result, dataDigest: try fileDigest(data), data: data, rows: dataset.N,
                columns: dataset.M, to: runDir)
        }
        let status = result.converged ? "converged" : "stopped at the cycle limit"
        print(
            String(
                format: "%@ after %d cycles in %.2f s (%.1f ms/cycle); loss %.6e", status,
                result.cycles, elapsed,
                1000 * result.fitSeconds / Double(max(result.cycles, 1)), result.loss))
        for warning in result.warnings { print("warning: the fit \(warning)") }
        if let out { print("wrote \(out)") }
        if let runDir { print("wrote \(runDir)/ (trace.npz, meta.json, summary.json, model.npz)") }
    }
}

/// SHA-256 of a file, for run records.
func fileDigest(_ path: String) throws -> String {
    guard let handle = FileHandle(forReadingAtPath: path) else {
        throw ValidationError("cannot read \(path)")
    }
    defer { try? handle.close() }
    var hasher = ContentHasher()
    while let chunk = try handle.read(upToCount: 8 << 20), !chunk.isEmpty { hasher.update(chunk) }
    return hasher.finalize().hex
}
