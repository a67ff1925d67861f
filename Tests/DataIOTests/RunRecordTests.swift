import Foundation
import HMFCore
import NumericsVersion
import RHMF
import Testing

@testable import DataIO

/// Run folders and experiments are readable with numpy and json alone.
@Suite struct RunRecordTests {
    func fit() throws -> FitResult {
        var rng = SeededGenerator(seed: 3)
        let y = try Matrix.product(
            rng.normalMatrix(rows: 40, cols: 2), rng.normalMatrix(rows: 2, cols: 15)
        ).map { $0 + 0.01 * rng.normal() }
        let data = try WeightedData(Y: y, W: Matrix(rows: 40, cols: 15, repeating: 1e4))
        return try RobustHMF(FitSettings(rank: 2, convergence: Convergence(tolerance: 1e-6))).fit(
            data)
    }

    @Test func runFolderRoundTrips() throws {
        let dir = TempDir()
        let fit = try fit()
        try FitRunFolder.write(
            fit, dataDigest: "abc", data: "planted", rows: 40, columns: 15, to: dir.path("run"))
        #expect(try FitRunFolder.summary(in: dir.path("run")) == FitRunSummary(fit))
        let meta = try FitRunFolder.meta(in: dir.path("run"))
        #expect(
            meta.settings == fit.settings && meta.numericsVersion == numericsVersion
                && meta.dataDigest == "abc")
        #expect(try ModelStateFile.read(path: dir.path("run/model.npz")).state == fit.state)
    }

    /// A fit that stopped at its cycle limit records the warning, with its evidence, in summary.json; a
    /// summary written before warnings were recorded still reads, with none.
    @Test func summaryRecordsTheFitsWarnings() throws {
        var rng = SeededGenerator(seed: 4)
        let y = rng.normalMatrix(rows: 30, cols: 10)
        let data = try WeightedData(Y: y, W: Matrix(rows: 30, cols: 10, repeating: 1))
        let stopped = try RobustHMF(
            FitSettings(rank: 2, convergence: Convergence(tolerance: 0, maxCycles: 3))
        ).fit(data)
        let dir = TempDir()
        try FitRunFolder.write(
            stopped, dataDigest: "d", data: "noise", rows: 30, columns: 10, to: dir.path("run"))
        let summary = try FitRunFolder.summary(in: dir.path("run"))
        #expect(!summary.warnings.isEmpty)
        #expect(summary.warnings == stopped.warnings.map(\.description))
        #expect(summary.warnings.first?.contains("cycle limit after 3 cycles") == true)
        let old =
            Data(
                #"{"finalLoss":1,"initialLoss":2,"cycles":3,"converged":true,"runtimeSeconds":0.1,"#
                    .utf8) + Data(#""rank":2,"likelihood":"gaussian"}"#.utf8)
        #expect(try JSONDecoder().decode(FitRunSummary.self, from: old).warnings == [])
    }

    @Test(.enabled(if: Python.hasNumPy, "python3 with numpy not available"))
    func numpyAndJSONReadTheRecords() throws {
        let dir = TempDir()
        let fit = try fit()
        var experiment = try Experiment(folder: dir.path("grid"), name: "test grid")
        try experiment.add(fit, id: "K2", dataDigest: "d1", data: "planted")
        try experiment.add(fit, id: "K2-again", dataDigest: "d1", data: "planted")
        #expect(throws: DataIOError.self) {
            try experiment.add(fit, id: "../escape", dataDigest: "d", data: "x")
        }
        let script = """
            import json, sys, numpy as np, os
            root = sys.argv[1]
            manifest = json.load(open(os.path.join(root, 'manifest.json')))
            out = {'runs': manifest['runs'], 'name': manifest['name']}
            for run in manifest['runs']:
                d = os.path.join(root, 'runs', run)
                t = np.load(os.path.join(d, 'trace.npz'))
                s = json.load(open(os.path.join(d, 'summary.json')))
                m = json.load(open(os.path.join(d, 'meta.json')))
                out[run] = {'loss': [repr(float(v)) for v in t['loss']], 'cycles': s['cycles'], 'rank': m['settings']['rank']}
            print(json.dumps(out))
            """
        let json = try #require(
            try Python.json(script, arguments: [dir.path("grid")]) as? [String: Any])
        #expect(json["runs"] as? [String] == ["K2", "K2-again"])
        let run = try #require(json["K2"] as? [String: Any])
        #expect(exactDoubles(run["loss"]) == fit.trace.loss)
        #expect(run["cycles"] as? Int == fit.cycles && run["rank"] as? Int == 2)
        let table = try Experiment.table(folder: dir.path("grid"))
        #expect(table.rows.count == 2 && table.rows[0][0] == "K2")
    }
}
