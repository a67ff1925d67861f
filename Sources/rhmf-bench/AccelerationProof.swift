import DataIO
import Datasets
import Foundation
import GaiaAnalysis
import RHMF

/// `rhmf-bench --acceleration-proof`: SQUAREM against plain ALS from the same start on every case the
/// time-to-fit issue names, each fit run to the stationary rule (or 3000 cycles): the 35-point toy grid, 20
/// toy seeds at (K = 5, Q = 5), the 14 Gaia bins at scale 0.1 (with their inference, G fixed, at the Gaia
/// notebook's tolerance) and the basis study's trials (one seed, every contamination level, every Q).
/// Each set ends with a verdict: same optimum (angle < 0.01 degrees and losses within 1e-9 relative), lower
/// loss, or higher loss; acceleration can be the default only if no case is higher.
enum AccelerationProof {
    static let converged = Convergence.stationary(maxCycles: 3000)

    /// How one case came out.
    enum Outcome: String, CaseIterable {
        case same = "same optimum"
        case lower = "lower loss"
        case higher = "HIGHER loss"
        case elsewhere = "same loss, other basis"
    }

    static func outcome(_ r: AccelerationComparison.Row) -> Outcome {
        let rel = r.relativeLoss
        if abs(rel) <= 1e-9 { return r.angle < 0.01 ? .same : .elsewhere }
        return rel < 0 ? .lower : .higher
    }

    /// One comparison, run when its set reaches it.
    struct Case {
        let run: () throws -> AccelerationComparison.Row
        init(_ run: @escaping () throws -> AccelerationComparison.Row) { self.run = run }
    }

    /// Runs one case set and prints its rows and its verdict.
    static func caseSet(_ name: String, _ cases: [Case]) throws {
        print("\n== \(name): \(cases.count) cases")
        AccelerationComparison.header()
        var rows: [AccelerationComparison.Row] = []
        for c in cases {
            let row = try c.run()
            AccelerationComparison.show(row, note: outcome(row).rawValue)
            rows.append(row)
        }
        let counts = Outcome.allCases.map { o in
            "\(rows.filter { outcome($0) == o }.count) \(o.rawValue)"
        }
        let plainSeconds = rows.reduce(0) { $0 + $1.plain.fitSeconds }
        let fastSeconds = rows.reduce(0) { $0 + $1.accelerated.fitSeconds }
        let plainCycles = rows.reduce(0) { $0 + $1.plain.cycles }
        let fastCycles = rows.reduce(0) { $0 + $1.accelerated.cycles }
        let unconverged = rows.filter { !$0.plain.converged || !$0.accelerated.converged }.count
        print(
            String(
                format:
                    "%@: %@; cycles %d plain, %d SQUAREM (%.1fx fewer); %.1f s plain, %.1f s SQUAREM (%.1fx); %d case(s) with a fit at the cycle limit",
                name, counts.joined(separator: ", "), plainCycles, fastCycles,
                Double(plainCycles) / Double(max(fastCycles, 1)), plainSeconds, fastSeconds,
                plainSeconds / max(fastSeconds, 1e-9), unconverged))
    }

    static func run(surveyRoot: String) throws {
        print(
            "every fit runs to the stationary rule (at most 3000 cycles) from the same start both ways"
        )
        let toy = try ToySpectra(configuration: .paper, seed: ToySpectra.defaultSeed)
        var grid: [Case] = []
        for k in [3, 4, 5, 6, 7] {
            for q in [0.5, 1, 2, 3, 4, 5, 10] {
                grid.append(
                    Case {
                        try AccelerationComparison.compare(
                            "K \(k) Q \(q)", toy.train.data, toySettings(rank: k, q: q),
                            truth: k == 5 ? toy.trueBasis : nil)
                    })
            }
        }
        try caseSet("toy grid", grid)
        try caseSet(
            "toy seeds at K 5 Q 5",
            (1...20).map { seed in
                Case {
                    let spectra = try ToySpectra(configuration: .paper, seed: UInt64(seed))
                    return try AccelerationComparison.compare(
                        "seed \(seed)", spectra.train.data, toySettings(rank: 5, q: 5),
                        truth: spectra.trueBasis)
                }
            })
        try gaiaBins(surveyRoot: surveyRoot)
        try basisStudy()
    }

    static func toySettings(rank: Int, q: Double) -> FitSettings {
        FitSettings(
            rank: rank, likelihood: .cauchy(q: q), initialization: .svd, rotation: .fast,
            convergence: converged)
    }

    /// The 14 bins of the synthetic survey at scale 0.1: fits, then inference of each bin's test half at the
    /// Gaia notebook's settings (max_frac_A < 1e-4 every 5 cycles) with the plain fit's basis.
    static func gaiaBins(surveyRoot: String) throws {
        let survey = try GaiaSurveyCache.ensure(
            GaiaSurveyConfiguration(scale: 0.1, seed: 42), under: surveyRoot)
        let catalog = try GaiaCatalog(folder: survey.folder)
        let pipeline = GaiaBinPipeline()
        let bins = HRBins(catalog: catalog).bins
        var inference: [String] = []
        try caseSet(
            "Gaia bins (scale 0.1)",
            bins.enumerated().map { index, bin in
                Case {
                    let split = pipeline.split(bin.count)
                    let spectra = try catalog.spectra(of: bin)
                    let train = try spectra.selecting(split.train).loadAll()
                    var settings = pipeline.fitSettings(nTrain: train.N, pixels: train.M)
                    settings.convergence = converged
                    let row = try AccelerationComparison.compare(
                        "bin \(index) (\(train.N) x \(train.M))", train, settings)
                    let test = try spectra.selecting(split.test).loadAll()
                    inference.append(
                        try inferenceLine(index, test, row.plain, pipeline.inferenceSettings))
                    return row
                }
            })
        print("\nGaia bins: inference of the test half, G fixed, max_frac_A < 1e-4 every 5 cycles")
        print(
            "bin   rows  plain cycles      s  SQUAREM cycles      s  largest |object score change|  |A change| / |A|"
        )
        for line in inference { print(line) }
    }

    static func inferenceLine(
        _ index: Int, _ test: WeightedData, _ fit: FitResult, _ settings: InferenceSettings
    ) throws -> String {
        var fastSettings = settings
        fastSettings.acceleration = .squarem
        let clock = ContinuousClock()
        let t0 = clock.now
        let plain = try fit.infer(test, settings: settings)
        let t1 = clock.now
        let fast = try fit.infer(test, settings: fastSettings)
        let t2 = clock.now
        let q = settings.objectQuantiles[0]
        let scoreChange =
            zip(try plain.objectWeights(quantile: q), try fast.objectWeights(quantile: q))
            .map { abs($0 - $1) }.max() ?? 0
        let a = plain.coefficients.elements
        let b = fast.coefficients.elements
        let norm = a.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let diff = zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
        return String(
            format: "%3d %6d %13d %6.2f %15d %6.2f %30.2e %17.2e", index, test.N,
            plain.cyclesPerBatch.reduce(0, +), (t1 - t0) / .seconds(1),
            fast.cyclesPerBatch.reduce(0, +), (t2 - t1) / .seconds(1), scoreChange, diff / norm)
    }

    /// The basis study's trials (both planted bases, every axis and level, seed 1) at every Q it uses.
    static func basisStudy() throws {
        let planted = [
            try PlantedBasis.toy(nPixels: 200),
            try PlantedBasis.rvsLike(rank: 5, stars: 1500, binning: 12),
        ]
        let base = Contamination(noiseSpread: 0.5)
        let axes: [(ContaminationAxis, [Double])] = [
            (.pixels, [0, 0.005, 0.01, 0.02, 0.05]), (.spectra, [0, 0.005, 0.01, 0.02, 0.05]),
            (.columns, [0, 1, 2, 5, 10]), (.spread, [0, 0.25, 0.5, 0.75, 1]),
        ]
        var cases: [Case] = []
        for basis in planted {
            for (axis, levels) in axes {
                for level in levels {
                    for q in [2.0, 3, 5, 10] {
                        cases.append(
                            Case {
                                let trial = BasisTrial(
                                    basis: basis.name,
                                    contamination: axis.contamination(level, base: base),
                                    seed: 1, nTrain: 500, nTest: 250, noiseLevel: 0.01)
                                return try AccelerationComparison.compare(
                                    "\(basis.name) \(axis) \(level) Q \(q)",
                                    try trial.data(basis).train,
                                    toySettings(rank: basis.rank, q: q), truth: basis.vectors)
                            })
                    }
                }
            }
        }
        try caseSet("basis study (seed 1)", cases)
    }
}
