import DataIO
import Datasets
import Foundation
import HMFCore
import RHMF
import Spawn
import Testing

/// `mpirun hmfbook-mpi` against the single-process engine on the same file: the same fit and inference to
/// 1e-10 for any split of the rows (uneven, and with a process that holds none), and clean ends on faults.
@Suite(.serialized) struct DistributedFitTests {
    let dir: String

    init() throws {
        dir = NSTemporaryDirectory() + "hmfbook-mpi-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        #expect(
            FileManager.default.isExecutableFile(atPath: MPIJob.tool),
            "hmfbook-mpi is not built beside the tests")
    }

    /// Largest difference relative to the largest entry of `reference`.
    static func relativeDifference(_ a: Matrix, _ reference: Matrix) -> Double {
        guard a.rows == reference.rows, a.cols == reference.cols else { return .infinity }
        let scale = reference.elements.map(abs).max() ?? 1
        return zip(a.elements, reference.elements).map { abs($0 - $1) }.max().map { $0 / scale }
            ?? 0
    }

    func plantedFile(rows: Int, columns: Int, rank: Int) throws -> String {
        let path = "\(dir)/planted.h5"
        _ = try PlantedFactorization.writeHDF5(
            to: path, N: rows, M: columns, K: rank, outlierFraction: 0.02, seed: 7)
        return path
    }

    @Test(arguments: [("rsvd", Initialization.randomizedSVD(seed: 3)), ("svd", Initialization.svd)])
    func fitEqualsTheSingleProcessFitForEverySplit(start: String, initialization: Initialization)
        throws
    {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = try plantedFile(rows: 90, columns: 48, rank: 3)
        let settings = FitSettings(
            rank: 3, likelihood: .cauchy(q: 5), initialization: initialization,
            convergence: Convergence(criterion: .maxFracG, tolerance: 0, maxCycles: 25))
        let single = try RobustHMF(settings).fit(try HDF5RowSource(path: path))
        // Equal shares; uneven (3:0:1, the middle process has no rows); more processes than a quarter of a block.
        for (np, shares) in [(1, nil), (2, nil), (3, "3,0,1")] as [(Int, String?)] {
            let out = "\(dir)/model-\(np).npz"
            let job = try MPIJob.run(
                processes: np,
                [
                    "fit", path, "--rank", "3", "--q", "5", "--init", start, "--seed", "3",
                    "--tol", "0", "--max-cycles", "25", "--out", out,
                ]
                    + (shares.map { ["--shares", $0] } ?? []), in: dir)
            #expect(job.status == 0, "np \(np): \(job.stderr)")
            let model = try ModelStateFile.read(path: out)
            #expect(model.state.cycles == 25)
            #expect(
                Self.relativeDifference(model.state.coefficients, single.state.coefficients)
                    < 1e-10, "np \(np) shares \(shares ?? "equal")")
            #expect(
                Self.relativeDifference(model.state.basis, single.state.basis) < 1e-10,
                "np \(np) shares \(shares ?? "equal")")
            #expect(abs(model.trace.loss.last! - single.loss) <= 1e-10 * abs(single.loss))
            if np == 3 {
                #expect(job.stdout.contains("rows shared between 3 processes: 68, 0, 22"))
            }
            #expect(job.stdout.contains("communication per cycle"))
        }
    }

    @Test func inferenceEqualsTheSingleProcessInference() throws {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = try plantedFile(rows: 70, columns: 40, rank: 2)
        let fit = try RobustHMF(
            FitSettings(rank: 2, convergence: Convergence(criterion: .maxFracG, tolerance: 1e-6))
        ).fit(try HDF5RowSource(path: path))
        let modelPath = "\(dir)/model.npz"
        try ModelStateFile.write(fit, to: modelPath)
        let single = try fit.infer(
            try HDF5RowSource(path: path), settings: InferenceSettings(keepRobustWeights: false))
        let out = "\(dir)/inferred.npz"
        let job = try MPIJob.run(
            processes: 3, ["infer", path, "--model", modelPath, "--out", out, "--shares", "1,0,2"],
            in: dir)
        #expect(job.status == 0, "\(job.stderr)")
        let archive = try NPZArchive.read(path: out)
        #expect(Self.relativeDifference(try archive.matrix("A"), single.coefficients) < 1e-10)
        let weights = try archive.doubles("object_weights").values
        #expect(weights.count == 70)
        #expect(
            zip(weights, try single.objectWeights(quantile: 0.5)).allSatisfy {
                abs($0 - $1) < 1e-10
            })
        let score = try #require(try archive.doubles("cv_score").values.first)
        #expect(
            abs(score - single.crossValidation.score) <= 1e-10 * abs(single.crossValidation.score))
    }

    @Test func aKilledProcessEndsTheJobWithoutAModel() throws {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = try plantedFile(rows: 3000, columns: 200, rank: 4)
        let out = "\(dir)/never.npz"
        var killed: pid_t = 0
        let started = Date()
        let job = try MPIJob.run(
            processes: 2,
            ["fit", path, "--rank", "4", "--tol", "0", "--max-cycles", "1000000", "--out", out],
            in: dir, timeout: 120
        ) { mpirun in
            var ranks: [pid_t] = []
            while ranks.count < 2, Date().timeIntervalSince(started) < 60 {
                usleep(100_000)
                ranks = MPIJob.ranks(of: mpirun)
            }
            sleep(3)  // well into the fit
            if let victim = ranks.last {
                killed = victim
                kill(victim, SIGKILL)
            }
        }
        #expect(killed != 0)
        #expect(!job.timedOut, "the job hung after a process was killed")
        #expect(job.status != 0)
        #expect(!FileManager.default.fileExists(atPath: out))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter {
            $0.contains("never")
        }
        #expect(leftovers.isEmpty, "partial model files: \(leftovers)")
        print("mpirun after kill -9 of one rank:\n\(job.stderr.prefix(600))")
    }

    @Test(
        .enabled(
            if: TestPython.run("import numpy, h5py", []),
            "python3 with numpy and h5py not installed: make deps installs them"))
    func aProcessThatCannotReadItsRowsSaysWhichRowsOfWhichFile() throws {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = "\(dir)/damaged.h5"
        // A compressed file whose chunk of rows 50..59 is overwritten: only the process holding them fails.
        let script = """
            import h5py, numpy as np, sys
            rng = np.random.default_rng(1)
            with h5py.File(sys.argv[1], "w") as f:
                for name in ("Y", "W"):
                    f.create_dataset(name, data=rng.random((60, 30)) + 0.5, chunks=(10, 30), compression="gzip")
            with h5py.File(sys.argv[1], "r") as f:
                info = f["Y"].id.get_chunk_info_by_coord((50, 0))
            with open(sys.argv[1], "r+b") as raw:
                raw.seek(info.byte_offset + 4)
                raw.write(bytes(range(256))[: info.size - 8])
            """
        try #require(TestPython.run(script, [path]), "python3 could not write the damaged file")
        let out = "\(dir)/never.npz"
        let job = try MPIJob.run(
            processes: 2, ["fit", path, "--rank", "2", "--out", out], in: dir, timeout: 120)
        #expect(!job.timedOut)
        #expect(job.status != 0)
        #expect(job.stderr.contains("rank 1 of 2"), "\(job.stderr)")
        #expect(job.stderr.contains("file rows 30 ..< 60 of \(path)"), "\(job.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}

/// python3 for building test files the library cannot make (damaged chunks).
enum TestPython {
    static func run(_ script: String, _ arguments: [String]) -> Bool {
        (try? ChildProcess.run("/usr/bin/env", ["python3", "-c", script] + arguments, error: .null))?
            .termination.succeeded == true
    }
}
