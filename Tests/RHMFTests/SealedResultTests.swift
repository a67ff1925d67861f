import HMFCore
import Testing

@testable import RHMF

/// Results are read-only, and their initialisers refuse parts that do not fit together, so a state, fit or
/// inference built by hand (or read back from a store) is as consistent as one a fit produced.
@Suite struct SealedResultTests {
    let data: WeightedData = {
        let y = Matrix(rows: 12, cols: 7) { i, j in
            Double(i + 1) * Double(j + 2).squareRoot() + Double((i * j) % 3)
        }
        // invariant: finite, positive
        return try! WeightedData(Y: y, W: Matrix(rows: 12, cols: 7, repeating: 1))
    }()

    func message(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch { return "\(error)" }
    }

    @Test func aStateNeedsMatchingFiniteFactors() {
        let a = Matrix(rows: 12, cols: 2, repeating: 1)
        let g = Matrix(rows: 7, cols: 2, repeating: 1)
        #expect(
            message { _ = try RHMFState(coefficients: a, basis: Matrix(rows: 7, cols: 3)) }?
                .contains("K columns") == true)
        #expect(throws: RHMFError.self) {
            try RHMFState(coefficients: Matrix(rows: 12, cols: 0), basis: Matrix(rows: 7, cols: 0))
        }
        var inf = g
        inf[6, 1] = .infinity
        #expect(
            message { _ = try RHMFState(coefficients: a, basis: inf) }?.contains("basis G") == true)
        #expect(throws: RHMFError.self) { try RHMFState(coefficients: a, basis: g, cycles: -1) }
    }

    @Test func aFitResultRebuiltFromItsPartsEqualsTheFit() throws {
        let fit = try RobustHMF(
            FitSettings(rank: 2, convergence: Convergence(criterion: .maxFracG, tolerance: 1e-3))
        )
        .fit(data)
        let rebuilt = try FitResult(
            state: fit.state, trace: fit.trace, settings: fit.settings,
            initialLoss: fit.initialLoss, converged: fit.converged, start: fit.start)
        #expect(
            rebuilt.state == fit.state && rebuilt.trace == fit.trace && rebuilt.loss == fit.loss)
        // One loss, convergence value and time per cycle.
        #expect(fit.trace.loss.count == fit.cycles && fit.trace.seconds.count == fit.cycles)
    }

    @Test func aFitResultRefusesPartsThatDoNotFit() throws {
        let fit = try RobustHMF(
            FitSettings(rank: 2, convergence: Convergence(criterion: .maxFracG, tolerance: 1e-3))
        )
        .fit(data)
        let rank3 = FitSettings(rank: 3)
        #expect(
            message {
                _ = try FitResult(
                    state: fit.state, trace: fit.trace, settings: rank3, initialLoss: 1,
                    converged: true)
            }?.contains("rank 3") == true)
        let short = FitTrace(loss: [1], convergence: [.nan], seconds: [0.1])
        #expect(fit.cycles > 1)
        #expect(
            message {
                _ = try FitResult(
                    state: fit.state, trace: short, settings: fit.settings, initialLoss: 1,
                    converged: true)
            }?.contains("1 entries for \(fit.cycles) cycles") == true)
        // A state read from a file that records no trace is fine.
        _ = try FitResult(
            state: fit.state, trace: FitTrace(), settings: fit.settings, initialLoss: 1,
            converged: false)
    }

    @Test func anInferenceResultRefusesPartsThatDoNotFit() throws {
        let fit = try RobustHMF(FitSettings(rank: 2)).fit(data)
        let inferred = try fit.infer(
            data, settings: InferenceSettings(objectQuantiles: [0.5], keepRobustWeights: true))
        func rebuild(
            coefficients: Matrix? = nil, weights: Matrix?? = nil,
            byQuantile: [Double: [Double]]? = nil,
            cycles: [Int]? = nil
        ) throws -> InferenceResult {
            try InferenceResult(
                coefficients: coefficients ?? inferred.coefficients, basis: inferred.basis,
                likelihood: inferred.likelihood, cyclesPerBatch: cycles ?? inferred.cyclesPerBatch,
                crossValidation: inferred.crossValidation,
                robustWeights: weights ?? inferred.robustWeights,
                objectWeightsByQuantile: byQuantile ?? inferred.objectWeightsByQuantile)
        }
        #expect(try rebuild().coefficients == inferred.coefficients)
        #expect(
            message { _ = try rebuild(coefficients: Matrix(rows: 12, cols: 3)) }?.contains(
                "basis is 7 x 2") == true)
        #expect(
            message { _ = try rebuild(weights: .some(Matrix(rows: 12, cols: 6))) }?.contains(
                "not N x M") == true)
        #expect(
            message { _ = try rebuild(byQuantile: [0.5: [1, 2]]) }?.contains(
                "2 entries for 12 rows") == true)
        #expect(throws: RHMFError.self) {
            try rebuild(byQuantile: [1.5: Array(repeating: 1, count: 12)])
        }
        #expect(throws: RHMFError.self) { try rebuild(cycles: [-1]) }
    }
}
