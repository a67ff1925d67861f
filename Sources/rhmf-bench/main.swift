import DataIO
import Datasets
import Foundation
import RHMF

// Benchmarks of the RHMF engine (`make bench`). Every target is a ratio against a floor measured in this
// same run, because the machines are shared and noisy:
//   compute floor = the cycle's flop count / the peak GEMM rate, and / the peak FMA rate of all cores at once
//                   (no kernel can beat the second; when the target is below it, the target is out of reach);
//   memory floor  = the bytes of Y and W one cycle reads / the stream bandwidth.
// Other modes (each prints its own measurements):
//   --survey [N]     the 200k-row fit to max_frac_G < 1e-4 from the automatic (randomized) start;
//   --memory [N]     peak RSS of fit + inference of float32 data against the bytes of Y and W;
//   --from-disk [N]  a fit streamed from a float32 HDF5 file of 500k rows (never loaded whole);
//   --profile        steady Gaia-size cycles for a profiler;
//   --acceleration [seeds]  plain ALS against SQUAREM on the toy (`Acceleration.swift`);
//   --acceleration-proof    the same on every case of the time-to-fit issue (`AccelerationProof.swift`);
//   --versus-robusta  time to a converged fit against robusta-hmf, run in the same process tree.

/// Flops of one ALS cycle: prediction, a-step Grams and right-hand sides, g-step Grams and right-hand sides.
func cycleFlops(N: Int, M: Int, K: Int) -> Double {
    let K2 = K * (K + 1) / 2
    return Double(N) * Double(M) * Double(6 * K + 4 * K2)
}

/// Seconds per ALS cycle: the median of the cycles after the first two.
func secondsPerCycle(_ data: WeightedData, K: Int, cycles: Int = 12) throws -> Double {
    let settings = FitSettings(
        rank: K, likelihood: .cauchy(q: 5), initialization: .randomizedSVD(seed: 1),
        convergence: Convergence(criterion: .none, tolerance: 0, maxCycles: cycles),
        blockRows: Int(ProcessInfo.processInfo.environment["BENCH_BLOCK"] ?? "64") ?? 64)
    let fit = try RobustHMF(settings).fit(data)
    let steady = fit.trace.seconds.dropFirst(2).sorted()
    return steady[steady.count / 2]
}

func line(_ label: String, _ value: String) {
    print("  " + label.padding(toLength: 40, withPad: " ", startingAt: 0) + value)
}

/// The rates the floors divide by, measured at the start of the run (the GEMM rate again before each case).
struct Rates {
    /// The best peak GEMM rate measured so far in this run (see `cycleBenchmark`).
    var gemm: Double
    let fma: Double
    let bandwidth: Double
}

/// Times the cycle on `data` and prints it against the floors; `target` is the largest acceptable ratio
/// to the GEMM floor (the time-to-fit issue's targets). The peak GEMM rate is measured again just before the
/// cycle and the best of the run's measurements is the one divided by: a moment of load during one
/// measurement lowers the peak, and so would flatter the ratio.
func cycleBenchmark(
    _ name: String, _ data: WeightedData, K: Int, rates: inout Rates, target: Double
) throws {
    rates.gemm = max(rates.gemm, Floors.peakGEMM())
    let t = try secondsPerCycle(data, K: K)
    let flops = cycleFlops(N: data.N, M: data.M, K: K)
    let compute = flops / rates.gemm
    let fma = flops / rates.fma
    let memory = Double(data.bytes) / rates.bandwidth
    print(
        "\(name): N=\(data.N) M=\(data.M) K=\(K), \(data.precision) precision, \(String(format: "%.2f", flops / 1e9)) GFLOP per cycle"
    )
    line("time per cycle", String(format: "%8.2f ms", t * 1e3))
    line(
        "compute floor (flops / peak GEMM)",
        String(
            format: "%8.2f ms   ratio %.2f (peak %.1f GF/s, the run's best so far)", compute * 1e3,
            t / compute, rates.gemm / 1e9))
    line(
        "compute floor (flops / peak FMA)",
        String(format: "%8.2f ms   ratio %.2f", fma * 1e3, t / fma))
    line(
        "memory floor (Y, W bytes / bandwidth)",
        String(format: "%8.2f ms   ratio %.2f", memory * 1e3, t / memory))
    if data.precision == .double {
        let grams = Floors.gramProducts(N: data.N, M: data.M, K: K)
        line(
            "its two Gram products alone (OpenBLAS)",
            String(
                format: "%8.2f ms   %.2f x the GEMM floor, %.0f%% of the cycle", grams * 1e3,
                grams / compute, 100 * grams / t))
    }
    line(
        "target",
        String(
            format: "ratio <= %.2f x the GEMM floor (%.2f ms): %@", target, target * compute * 1e3,
            t <= target * compute ? "met" : "not met"))
}

func survey(rows: Int) throws {
    let t0 = Date()
    let planted = try PlantedFactorization(
        N: rows, M: 2321, K: 10, noise: 0.05, outlierFraction: 0.005, precision: .single, seed: 3)
    print(
        String(
            format:
                "generated %d x %d single-precision planted data in %.1f s (%.2f GB of Y and W)",
            rows, 2321,
            Date().timeIntervalSince(t0), Double(planted.data.bytes) / 1e9))
    let settings = FitSettings(
        rank: 10, likelihood: .cauchy(q: 5), initialization: .automatic,
        convergence: Convergence(criterion: .maxFracG, tolerance: 1e-4, cadence: 5, maxCycles: 1000)
    )
    print("start: \(settings.initialization.resolved(entries: planted.data.entryCount))")
    let t1 = Date()
    let fit = try RobustHMF(settings).fit(planted.data)
    let total = Date().timeIntervalSince(t1)
    let angle = try principalAngles(between: fit.basis, and: planted.basis).largestDegrees
    print(
        String(
            format:
                "%@ after %d cycles: %.2f s per cycle, %.1f s total (start included); largest angle to the truth %.4f deg",
            fit.converged ? "converged" : "stopped", fit.cycles,
            fit.fitSeconds / Double(fit.cycles), total, angle))
    print(String(format: "peak RSS %.2f GB", PeakMemory.gigabytes))
}

/// Runs this benchmark again as a child with `arguments` (so its peak RSS is its own) and prints its output.
func child(_ arguments: [String]) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/proc/self/exe")
    process.arguments = arguments
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw CocoaError(.executableLoad) }
}

/// Fit (five cycles from the automatic start) plus inference (the 1% object weights, no kept weights) of a
/// float32 file held in memory: the peak RSS against the bytes of Y and W.
func memoryChild(_ path: String) throws {
    let data = try WeightedData(contentsOf: path)
    let settings = FitSettings(
        rank: 10, convergence: Convergence(criterion: .none, tolerance: 0, maxCycles: 5))
    let fit = try RobustHMF(settings).fit(data)
    let inferred = try fit.infer(
        data,
        settings: InferenceSettings(
            convergence: Convergence(criterion: .maxFracA, tolerance: 1e-4, maxCycles: 20),
            objectQuantiles: [0.01],
            keepRobustWeights: false))
    let bytes = Double(data.bytes)
    print(
        String(
            format:
                "fit + inference of %d x %d %@ data: peak RSS %.2f GB = %.2f x the %.2f GB of Y and W (std z %.3f)",
            data.N, data.M, data.precision.rawValue, PeakMemory.gigabytes,
            PeakMemory.gigabytes * 1e9 / bytes, bytes / 1e9,
            inferred.crossValidation.stdZ))
}

/// A fit streamed from a float32 file (never loaded whole): seconds per cycle and peak RSS.
func diskChild(_ path: String) throws {
    let source = try HDF5RowSource(path: path)
    let settings = FitSettings(
        rank: 10, initialization: .randomizedSVD(powerIterations: 1, seed: 1),
        convergence: Convergence(criterion: .none, tolerance: 0, maxCycles: 3), blockRows: 256)
    let t0 = Date()
    let fit = try RobustHMF(settings).fit(source)
    print(
        String(
            format:
                "streamed from disk: %d x %d float32 (%.1f GB of Y and W), %.1f s per cycle, %.0f s with the start; peak RSS %.2f GB",
            source.rowCount, source.columnCount, Double(2 * source.entryCount * 4) / 1e9,
            fit.fitSeconds / Double(fit.cycles), Date().timeIntervalSince(t0), PeakMemory.gigabytes)
    )
}

func writePlanted(_ rows: Int, _ path: String) throws {
    let t0 = Date()
    if !FileManager.default.fileExists(atPath: path) {
        _ = try PlantedFactorization.writeHDF5(
            to: path, N: rows, M: 2321, K: 10, noise: 0.05, outlierFraction: 0.005, seed: 4)
    }
    print(
        String(
            format: "planted float32 file %@ (%d x 2321) ready in %.0f s", path, rows,
            Date().timeIntervalSince(t0)))
}

let args = CommandLine.arguments
if args.contains("--blas-probe") {
    guard let line = BLASKernels.probeOutput() else { exit(3) }
    print(line)
    exit(0)
}
BLASKernels.ensureFastest(probeArguments: ["--blas-probe"])
print(
    "hmfbook engine benchmark; OPENBLAS_CORETYPE=\(ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] ?? "(unset)")"
)
if args.contains("--profile") {
    // Steady cycles for a profiler: `perf record .build/release/rhmf-bench --profile [toy]` (Gaia size by default).
    if args.contains("toy") {
        let toy = try ToySpectra(configuration: .paper, seed: ToySpectra.defaultSeed).train.data
        print(
            String(format: "%.2f ms per cycle", 1e3 * (try secondsPerCycle(toy, K: 5, cycles: 200)))
        )
    } else {
        let bin = try PlantedFactorization(
            N: 10_000, M: 2321, K: 10, noise: 0.05, outlierFraction: 0.005, seed: 2
        ).data
        print(
            String(format: "%.2f ms per cycle", 1e3 * (try secondsPerCycle(bin, K: 10, cycles: 40)))
        )
    }
} else if args.contains("--versus-robusta") {
    try VersusRobusta.run()
} else if args.contains("--acceleration-proof") {
    try AccelerationProof.run(surveyRoot: NSTemporaryDirectory() + "hmfbook-bench-gaia-survey")
} else if let i = args.firstIndex(of: "--acceleration") {
    try AccelerationComparison.run(seeds: args.indices.contains(i + 1) ? Int(args[i + 1]) ?? 3 : 3)
} else if let i = args.firstIndex(of: "--memory-child") {
    try memoryChild(args[i + 1])
} else if let i = args.firstIndex(of: "--disk-child") {
    try diskChild(args[i + 1])
} else if let i = args.firstIndex(of: "--memory") {
    let rows = args.indices.contains(i + 1) ? Int(args[i + 1]) ?? 100_000 : 100_000
    let path = NSTemporaryDirectory() + "hmfbook-bench-planted-\(rows).h5"
    try writePlanted(rows, path)
    try child(["--memory-child", path])
} else if let i = args.firstIndex(of: "--from-disk") {
    let rows = args.indices.contains(i + 1) ? Int(args[i + 1]) ?? 500_000 : 500_000
    let path = NSTemporaryDirectory() + "hmfbook-bench-planted-\(rows).h5"
    try writePlanted(rows, path)
    try child(["--disk-child", path])
} else if let i = args.firstIndex(of: "--survey") {
    try survey(rows: args.indices.contains(i + 1) ? Int(args[i + 1]) ?? 200_000 : 200_000)
} else {
    var rates = Rates(
        gemm: Floors.peakGEMM(), fma: Floors.peakFMA(), bandwidth: Floors.streamBandwidth())
    print(
        String(
            format:
                "peak GEMM %.1f GF/s, peak FMA %.1f GF/s (all %d cores at once; one core alone %.1f GF/s), "
                + "stream bandwidth %.1f GB/s (measured now)", rates.gemm / 1e9, rates.fma / 1e9,
            ProcessInfo.processInfo.activeProcessorCount, Floors.peakFMA(threads: 1) / 1e9,
            rates.bandwidth / 1e9))
    // The engine's targets (the time-to-fit issue), as ratios to the GEMM floor measured in this run: 2.5 at
    // the toy size, 1.6 at the Gaia-bin size.
    let toy = try ToySpectra(configuration: .paper, seed: ToySpectra.defaultSeed).train.data
    try cycleBenchmark("Toy training set", toy, K: 5, rates: &rates, target: 2.5)
    try cycleBenchmark(
        "Toy training set", try toy.converted(to: .single), K: 5, rates: &rates, target: 2.5)
    let bin = try PlantedFactorization(
        N: 10_000, M: 2321, K: 10, noise: 0.05, outlierFraction: 0.005, seed: 2
    ).data
    try cycleBenchmark("Gaia-bin size (planted)", bin, K: 10, rates: &rates, target: 1.6)
    try cycleBenchmark(
        "Gaia-bin size (planted)", try bin.converted(to: .single), K: 10, rates: &rates,
        target: 1.6)
}
