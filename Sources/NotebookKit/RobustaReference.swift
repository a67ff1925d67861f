import DataIO
import Foundation
import RHMF

/// robusta-hmf (the JAX reference implementation) fitted to the same data as one of our models, by the
/// project's `bench/robusta_reference.py` in a child process, and compared with that model: loss after every
/// iteration, principal angles between the bases, and time per iteration against ours.
///
///     guard RobustaReference.isAvailable else { ... }
///     let ref = try RobustaReference.compare(data: "toy.npz", model: "ours.npz", rank: 5, q: 5, iterations: 10)
public struct RobustaReference: Sendable, Codable {
    /// Package versions the script reports (robusta-hmf, jax, jaxlib, numpy).
    public var versions: [String: String]
    /// robusta's median wall time per iteration, after a warm-up that pays for JIT compilation.
    public var robustaSecondsPerIteration: Double
    /// Our model's median time per cycle (from its trace).
    public var oursSecondsPerCycle: Double
    /// The largest relative difference of the two losses over the iterations.
    public var maxRelativeLossDifference: Double
    /// The largest principal angle between robusta's basis and ours, in radians.
    public var largestAngle: Double
    /// Iterations compared.
    public var iterations: Int

    /// robusta's time per iteration over ours per cycle.
    public var speedup: Double { robustaSecondsPerIteration / oursSecondsPerCycle }

    /// Whether `python3` can import robusta_hmf and the script is present (`pip install robusta-hmf==0.0.2`).
    public static func isAvailable(script: String = defaultScript) -> Bool {
        guard FileManager.default.fileExists(atPath: script) else { return false }
        return (try? runPython(["-c", "import robusta_hmf, jax"]))?.status == 0
    }

    /// The script, relative to the project root (notebooks run there).
    public static let defaultScript = "bench/robusta_reference.py"

    /// Runs robusta on `data` for as many iterations as `ours` ran cycles, and compares with `ours` (a fit from
    /// the SVD start with tolerance 0). The data and the model go to a temporary folder as .npz files.
    public static func compare(
        _ data: WeightedData, with ours: FitResult,
        script: String = defaultScript
    ) throws -> RobustaReference {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "robusta-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataPath = folder.appendingPathComponent("data.npz").path
        let modelPath = folder.appendingPathComponent("ours.npz").path
        var archive = NPZArchive()
        archive["Y"] = NPYArray(data.Y)
        archive["W"] = NPYArray(data.W)
        try archive.write(to: dataPath)
        try ModelStateFile.write(ours, to: modelPath)
        guard case .cauchy(let q) = ours.likelihood else {
            throw RobustaReferenceError.unsupported(
                "robusta-hmf is compared on Cauchy fits only, not \(ours.likelihood)")
        }
        return try compare(
            data: dataPath, model: modelPath, rank: ours.rank, q: q, iterations: ours.cycles,
            script: script)
    }

    /// Runs robusta on `data` (an .npz with Y and W) for `iterations` iterations from its SVD start and compares
    /// with `model` (a model file of ours fitted from the SVD start with tolerance 0 for as many cycles).
    public static func compare(
        data: String, model: String, rank: Int, q: Double, iterations: Int,
        script: String = defaultScript
    ) throws -> RobustaReference {
        let json = FileManager.default.temporaryDirectory.appendingPathComponent(
            "robusta-\(UUID().uuidString).json"
        ).path
        defer { try? FileManager.default.removeItem(atPath: json) }
        let run = try runPython([
            script, data, "--rank", "\(rank)", "--q", "\(q)", "--iters", "\(iterations)",
            "--compare", model, "--json", json,
        ])
        guard run.status == 0 else {
            throw RobustaReferenceError.failed(
                status: run.status, output: String(run.output.suffix(2000)))
        }
        guard let bytes = FileManager.default.contents(atPath: json),
            let top = try JSONSerialization.jsonObject(with: bytes) as? [String: Any],
            let robusta = top["robusta"] as? [String: Any],
            let ours = top["hmfbook"] as? [String: Any],
            let perIteration = robusta["median_s_per_iter"] as? Double,
            let perCycle = ours["median_s_per_cycle"] as? Double,
            let lossDiff = ours["loss_rel_diff"] as? [Double],
            let angles = ours["principal_angles_rad"] as? [Double]
        else { throw RobustaReferenceError.unreadable(json) }
        return RobustaReference(
            versions: top["versions"] as? [String: String] ?? [:],
            robustaSecondsPerIteration: perIteration, oursSecondsPerCycle: perCycle,
            maxRelativeLossDifference: lossDiff.max() ?? .nan, largestAngle: angles.max() ?? .nan,
            iterations: iterations)
    }

    private static func runPython(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}

/// Why the reference comparison failed.
public enum RobustaReferenceError: Error, CustomStringConvertible {
    /// The script exited with `status`; `output` is the end of what it printed.
    case failed(status: Int32, output: String)
    /// The script's JSON result is missing or lacks a field.
    case unreadable(String)
    /// A fit the script cannot reproduce.
    case unsupported(String)

    public var description: String {
        switch self {
        case .failed(let status, let output):
            "bench/robusta_reference.py exited with status \(status):\n\(output)"
        case .unreadable(let path):
            "bench/robusta_reference.py wrote no readable comparison to \(path)"
        case .unsupported(let why): why
        }
    }
}
