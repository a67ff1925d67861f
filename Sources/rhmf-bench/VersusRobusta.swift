import DataIO
import Datasets
import Foundation
import RHMF
import Spawn

/// `rhmf-bench --versus-robusta`: time to a converged fit, ours against robusta-hmf in the same run, on the
/// same data from the same SVD start, at the toy size and the Gaia-bin size. robusta runs its own rule
/// (max_frac_G below the tolerance, checked at the cadence: `bench/robusta_converged.py`); ours runs the same
/// rule plain and with SQUAREM, and the stationary rule with SQUAREM (a fit at its fixed point). Seconds are
/// the cycles' (both sides start from a precomputed SVD and robusta's JIT compilation is paid before its clock
/// starts); every final state's loss is computed here by one function, and its basis compared with robusta's.
enum VersusRobusta {
    struct Case {
        let name: String
        let data: WeightedData
        let rank: Int
        let q: Double
        let tolerance: Double
        let cadence: Int
    }

    static let script = "bench/robusta_converged.py"

    static func run() throws {
        guard FileManager.default.fileExists(atPath: script),
            (try? ChildProcess.run("/usr/bin/env", ["python3", "-c", "import robusta_hmf"]))?
                .termination.succeeded == true
        else {
            print(
                "robusta-hmf is not installed (pip install robusta-hmf==0.0.2), or \(script) is missing"
            )
            return
        }
        let toy = try ToySpectra(configuration: .paper, seed: ToySpectra.defaultSeed).train.data
        let bin = try PlantedFactorization(
            N: 10_000, M: 2321, K: 10, noise: 0.05, outlierFraction: 0.005, seed: 2
        ).data
        print(
            "data          fit                                cycles   seconds  speed-up  loss vs robusta (rel)  angle to robusta [deg]"
        )
        for c in [
            Case(name: "toy", data: toy, rank: 5, q: 5, tolerance: 1e-2, cadence: 1),
            Case(name: "Gaia-bin size", data: bin, rank: 10, q: 5, tolerance: 1e-4, cadence: 5),
        ] {
            try compare(c)
        }
    }

    static func compare(_ c: Case) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "versus-robusta-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataPath = folder.appendingPathComponent("data.npz").path
        let outPath = folder.appendingPathComponent("robusta.npz").path
        var archive = NPZArchive()
        archive["Y"] = NPYArray(c.data.Y)
        archive["W"] = NPYArray(c.data.W)
        try archive.write(to: dataPath)
        let run = try ChildProcess.run(
            "/usr/bin/env",
            [
                "python3", script, dataPath, "--rank", "\(c.rank)", "--q", "\(c.q)",
                "--tol", "\(c.tolerance)", "--cadence", "\(c.cadence)", "--max-iter", "3000",
                "--out", outPath,
            ], error: .null)
        guard run.termination.succeeded,
            let line = run.output.split(separator: "\n").last,
            let json = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
            let iterations = json["iterations"] as? Int,
            let seconds = json["seconds"] as? Double
        else {
            print("\(script) failed on \(c.name): \(run.output.suffix(1000))")
            return
        }
        let result = try NPZArchive.read(path: outPath)
        let theirs = try RHMFState(
            coefficients: try result.matrix("A"), basis: try result.matrix("G"))
        let likelihood = Likelihood.cauchy(q: c.q)
        let theirLoss = try theirs.loss(c.data, likelihood: likelihood)
        let rule = Convergence(
            criterion: .maxFracG, tolerance: c.tolerance, cadence: c.cadence, maxCycles: 3000)
        let fits: [(String, Convergence, Acceleration?)] = [
            ("the same rule", rule, nil),
            ("the same rule, SQUAREM", rule, .squarem),
            ("stationary, SQUAREM", .stationary(maxCycles: 3000), .squarem),
        ]
        let name = c.name.padding(toLength: 14, withPad: " ", startingAt: 0)
        let column = { (text: String) in text.padding(toLength: 34, withPad: " ", startingAt: 0) }
        print(name + column("robusta-hmf") + String(format: " %6d %9.2f", iterations, seconds))
        for (label, convergence, acceleration) in fits {
            let settings = FitSettings(
                rank: c.rank, likelihood: likelihood, initialization: .svd, rotation: .fast,
                convergence: convergence, acceleration: acceleration)
            let fit = try RobustHMF(settings).fit(c.data)
            let loss = try fit.state.loss(c.data, likelihood: likelihood)
            let angle = try principalAngles(between: fit.basis, and: theirs.basis).largestDegrees
            print(
                name + column("hmfbook, " + label)
                    + String(
                        format: " %6d %9.2f %8.1fx %22.3e %23.4f", fit.cycles, fit.fitSeconds,
                        seconds / fit.fitSeconds, (loss - theirLoss) / theirLoss, angle))
        }
    }
}
