public import DataIO
import Foundation
import HMFCore
public import RHMF

/// The fits and inferences a bin needs. `DirectComputation` runs them; a notebook's session runs them through
/// its store, so that a re-run refits nothing.
public protocol GaiaBinComputation {
    /// A fit of `data` with `settings`.
    func fit(_ data: WeightedData, _ settings: FitSettings) throws -> FitResult
    /// The coefficients of `data` under `fit`'s basis.
    func infer(_ data: WeightedData, with fit: FitResult, settings: InferenceSettings) throws
        -> InferenceResult
}

/// Fits and inferences computed on the spot, stored nowhere.
public struct DirectComputation: GaiaBinComputation {
    public init() {}

    public func fit(_ data: WeightedData, _ settings: FitSettings) throws -> FitResult {
        try RobustHMF(settings).fit(data)
    }
    public func infer(_ data: WeightedData, with fit: FitResult, settings: InferenceSettings) throws
        -> InferenceResult
    {
        try fit.infer(data, settings: settings)
    }
}

/// The reference pipeline's treatment of one HR bin (`spec/gaia-rvs.md` section 3) (in a notebook, `run(_:catalog:session:)`
/// stores the result and each fit, so that a re-run refits nothing):
///
/// 1. a seeded 50/50 split of the members (Fisher-Yates on a `SeededGenerator`; the reference uses numpy's
///    PCG64, so the halves are not the reference's);
/// 2. a fit of the training half: Cauchy likelihood with scale Q, rank K, the fast rotation, an exact SVD start
///    (a randomized SVD above `exactSVDLimit` entries), max_frac_G < tolerance checked every `cadence` cycles,
///    at most `maxCycles`;
/// 3. inference (G fixed, max_frac_A < 1e-4 every 5 cycles, in batches) of the test half, which gives the
///    cross-validation metrics, and of the training half, so every member gets a score: the 1% quantile of
///    its robust weights over all pixels, flagged below 0.5.
///
/// The bin's spectra are read into memory (float32, as stored), each half once per computation.
public struct GaiaBinPipeline: Sendable, Codable, Equatable {
    /// Rank K.
    public var rank = 10
    /// Robust scale Q.
    public var q = 5.0
    /// max_frac_G tolerance.
    public var tolerance = 1e-4
    /// Cycles between convergence checks.
    public var cadence = 5
    /// Cycle limit.
    public var maxCycles = 1000
    /// Seed of the train/test split.
    public var splitSeed: UInt64 = 42
    /// Fraction of the members that train.
    public var trainFraction = 0.5
    /// Quantile of the robust weights that scores an object.
    public var scoreQuantile = 0.01
    /// Objects scoring below this are flagged.
    public var threshold = 0.5
    /// Largest training set (entries N x M) started from the exact SVD.
    public var exactSVDLimit = 10_000_000
    /// Rows inferred together.
    public var inferenceBatchRows = 50_000
    /// Bump when the computation below changes, so stored bin results are recomputed.
    public static let version = 3

    public init() {}

    /// The settings and version as one string (sorted-key JSON): what names the results they produce.
    public var identity: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // invariant: a struct of numbers always encodes
        let json =
            (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "\(self)"
        return "gaia-bin-pipeline-\(Self.version) \(json)"
    }

    /// The fit settings for a training half of `nTrain` spectra of `pixels` pixels.
    public func fitSettings(nTrain: Int, pixels: Int) -> FitSettings {
        let start: Initialization = nTrain * pixels <= exactSVDLimit ? .svd : .randomizedSVD()
        return FitSettings(
            rank: rank, likelihood: .cauchy(q: q), initialization: start, rotation: .fast,
            convergence: Convergence(
                criterion: .maxFracG, tolerance: tolerance, cadence: cadence,
                maxCycles: maxCycles))
    }

    /// The inference settings (the reference's: max_frac_A < 1e-4 every 5 cycles, at most 1000).
    public var inferenceSettings: InferenceSettings {
        InferenceSettings(
            convergence: Convergence(
                criterion: .maxFracA, tolerance: 1e-4, cadence: 5, maxCycles: 1000),
            batchRows: inferenceBatchRows, objectQuantiles: [scoreQuantile, 0.5],
            keepRobustWeights: false)
    }

    /// The seeded split of `n` members: positions of the training half, then of the test half.
    public func split(_ n: Int) -> (train: [Int], test: [Int]) {
        var order = Array(0..<n)
        var rng = SeededGenerator(seed: splitSeed)
        if n > 1 {
            for i in stride(from: n - 1, to: 0, by: -1) {
                let j = Int(rng.next() % UInt64(i + 1))
                order.swapAt(i, j)
            }
        }
        let nTrain = Int(Double(n) * trainFraction)
        return (Array(order[..<nTrain]), Array(order[nTrain...]))
    }

    /// Bin `bin`, whose spectra `source` reads, fitted, inferred and scored with the fits and inferences of
    /// `computation`; `progress` hears of each step (a fraction done and what is happening).
    public func compute(
        _ bin: HRBin, source: HDF5RowSource,
        computation: some GaiaBinComputation = DirectComputation(),
        progress: (Double, String) -> Void = { _, _ in }
    ) throws -> GaiaBinResult {
        let label = "bin \(bin.shape.index)"
        progress(0, "\(label): reading \(bin.count) spectra")
        let (train, test) = split(bin.count)
        // Each half is read on its own, so the bin is held in memory once.
        let trainData = try source.selecting(train).loadAll()
        let testData = try source.selecting(test).loadAll()
        let settings = fitSettings(nTrain: train.count, pixels: trainData.M)
        let fit = try computation.fit(trainData, settings)
        // The fit's own record of its cycles' time: true also when the fit is read back from the store.
        let fitSeconds = fit.fitSeconds
        progress(0.9, "\(label): inferring \(bin.count) spectra")
        let t1 = Date()
        let inferredTest = try computation.infer(testData, with: fit, settings: inferenceSettings)
        let inferredTrain = try computation.infer(trainData, with: fit, settings: inferenceSettings)
        let inferSeconds = Date().timeIntervalSince(t1)
        var scores = [Double](repeating: .nan, count: bin.count)
        var medians = scores
        var inTrain = [Bool](repeating: false, count: bin.count)
        var coefficients = [Double](repeating: 0, count: bin.count * rank)
        for (positions, inferred, isTrain) in [
            (train, inferredTrain, true), (test, inferredTest, false),
        ] {
            let s = try inferred.objectWeights(quantile: scoreQuantile)
            let m = try inferred.objectWeights(quantile: 0.5)
            for (k, p) in positions.enumerated() {
                scores[p] = s[k]
                medians[p] = m[k]
                inTrain[p] = isTrain
                for c in 0..<rank { coefficients[p * rank + c] = inferred.coefficients[k, c] }
            }
        }
        let g = fit.basis
        let basis = (0..<g.rows).flatMap { j in (0..<g.cols).map { g[j, $0] } }
        let start = fit.start.map { "\($0)" } ?? "\(settings.initialization)"
        return GaiaBinResult(
            bin: bin.shape.index, rank: rank, q: q, nSpectra: bin.count, nTrain: train.count,
            cycles: fit.cycles, converged: fit.converged, start: start, fitSeconds: fitSeconds,
            inferSeconds: inferSeconds, testScore: inferredTest.crossValidation,
            scoreQuantile: scoreQuantile, threshold: threshold, members: bin.members,
            sourceIDs: bin.ids, inTrain: inTrain, scores: scores, medianWeights: medians,
            basis: basis, coefficients: coefficients)
    }
}
