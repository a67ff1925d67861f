import Foundation
import Testing

@testable import RHMF

/// SQUAREM-extrapolated fits against plain ALS from the same start: the kept losses never rise, a converged
/// fit reaches the plain fit's optimum, and settings without acceleration read and write as before.
@Suite struct AccelerationTests {
    let planted = Planted(N: 300, M: 80, K: 4, noise: 0.3, outlierFraction: 0.1, seed: 11)

    func settings(_ acceleration: Acceleration?, _ convergence: Convergence) -> FitSettings {
        FitSettings(
            rank: 4, likelihood: .cauchy(q: 2), initialization: .svd, convergence: convergence,
            acceleration: acceleration)
    }

    @Test func theLossOfTheKeptStatesNeverRises() throws {
        let fit = try RobustHMF(settings(.squarem, Convergence(criterion: .none, maxCycles: 60)))
            .fit(planted.data)
        let extrapolated = try #require(fit.trace.extrapolated)
        #expect(fit.cycles == 60 && !extrapolated.isEmpty)
        // Each iteration is cycles c-2, c-1, c (c extrapolated), or two plain cycles when there was nothing to
        // extrapolate; the kept state of an iteration is where the next one starts: its loss is the entry loss
        // of the next iteration's first cycle (trace.loss[cycle - 2]).
        var starts = [1]
        var cycle = 1
        while cycle <= 60 {
            let end = extrapolated.contains(cycle + 2) ? cycle + 2 : cycle + 1
            cycle = end + 1
            if cycle <= 60 { starts.append(cycle) }
        }
        let kept =
            [fit.initialLoss] + starts.dropFirst().map { fit.trace.loss[$0 - 2] } + [
                fit.trace.loss.last!
            ]
        for (before, after) in zip(kept, kept.dropFirst()) {
            #expect(
                after <= before * (1 + 1e-12), "a kept state's loss rose: \(before) -> \(after)")
        }
        // A rejected extrapolation's loss is above the loss its iteration started from.
        for c in fit.trace.rejected ?? [] {
            let start = c - 2 == 1 ? fit.initialLoss : fit.trace.loss[c - 2 - 2]
            #expect(fit.trace.loss[c - 2] > start)
        }
    }

    @Test func aConvergedFitReachesThePlainOptimumInFewerCycles() throws {
        let converged = Convergence(criterion: .relativeLoss, tolerance: 1e-13, maxCycles: 2000)
        let plain = try RobustHMF(settings(nil, converged)).fit(planted.data)
        let fast = try RobustHMF(settings(.squarem, converged)).fit(planted.data)
        #expect(plain.converged && fast.converged)
        let angle = try principalAngles(between: plain.basis, and: fast.basis).largestDegrees
        let a = plain.trace.loss.last!
        let b = fast.trace.loss.last!
        #expect(angle < 0.01, "bases \(angle) degrees apart")
        #expect(abs(a - b) <= 1e-9 * abs(a), "losses \(a) and \(b)")
        #expect(
            fast.cycles < plain.cycles,
            "\(fast.cycles) accelerated cycles against \(plain.cycles) plain")
        #expect(plain.trace.extrapolated == nil && plain.trace.rejected == nil)
    }

    /// The progress callback hears of every cycle once, in order, also when an iteration had nothing to
    /// extrapolate (two plain cycles).
    @Test func progressReportsEachCycleOnce() throws {
        let seen = CycleLog()
        let fit = try RobustHMF(settings(.squarem, Convergence(criterion: .none, maxCycles: 200)))
            .fit(planted.data) { seen.append($0.cycle) }
        // Cycles outside extrapolated iterations: two-cycle iterations, and at most two single cycles at the end.
        let plainCycles = fit.cycles - 3 * (fit.trace.extrapolated?.count ?? 0)
        #expect(plainCycles >= 4, "no iteration without extrapolation: the case is not covered")
        #expect(seen.cycles == Array(1...fit.cycles))
    }

    @Test func settingsWithoutAccelerationEncodeAsBefore() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let plain = String(decoding: try encoder.encode(FitSettings(rank: 4)), as: UTF8.self)
        #expect(!plain.contains("acceleration"))
        #expect(
            try JSONDecoder().decode(FitSettings.self, from: Data(plain.utf8)).acceleration == nil)
        let fast = try encoder.encode(FitSettings(rank: 4, acceleration: .squarem))
        #expect(try JSONDecoder().decode(FitSettings.self, from: fast).acceleration == .squarem)
    }

    /// Inference with G fixed, extrapolated the same way: it reaches the plain inference's coefficients in
    /// fewer cycles, and both satisfy the optimality condition of each row's robust problem, sum_j w_ij W_ij
    /// r_ij g_j = 0 with w the robust weights at the solution (the IRLS fixed point).
    @Test func acceleratedInferenceReachesThePlainOptimumInFewerCycles() throws {
        let fit = try RobustHMF(settings(nil, Convergence(criterion: .none, maxCycles: 30)))
            .fit(planted.data)
        let tight = Convergence(criterion: .maxFracA, tolerance: 1e-20, maxCycles: 3000)
        let plain = try fit.infer(planted.data, settings: InferenceSettings(convergence: tight))
        let fast = try fit.infer(
            planted.data, settings: InferenceSettings(convergence: tight, acceleration: .squarem))
        #expect(
            fast.cyclesPerBatch[0] < plain.cyclesPerBatch[0],
            "\(fast.cyclesPerBatch) accelerated cycles against \(plain.cyclesPerBatch) plain")
        let scale = plain.coefficients.elements.map(abs).max()!
        let gap = zip(plain.coefficients.elements, fast.coefficients.elements)
            .map { abs($0 - $1) }.max()!
        #expect(gap <= 1e-8 * scale, "coefficients differ by \(gap) (largest \(scale))")
        let (Y, W, G) = (planted.data.Y, planted.data.W, fit.basis)
        for result in [plain, fast] {
            let w = try #require(result.robustWeights)
            let A = result.coefficients
            for i in 0..<Y.rows {
                var gradient = [Double](repeating: 0, count: G.cols)
                var size = 0.0
                for j in 0..<Y.cols {
                    let r = Y[i, j] - (0..<G.cols).reduce(0) { $0 + A[i, $1] * G[j, $1] }
                    for k in 0..<G.cols {
                        gradient[k] += w[i, j] * W[i, j] * r * G[j, k]
                        size += abs(w[i, j] * W[i, j] * r * G[j, k])
                    }
                }
                #expect(gradient.allSatisfy { abs($0) <= 1e-7 * size }, "row \(i): \(gradient)")
            }
        }
        let encoded = try JSONEncoder().encode(InferenceSettings())
        #expect(!String(decoding: encoded, as: UTF8.self).contains("acceleration"))
    }

    @Test func onlyALSCyclesAreExtrapolated() {
        let s = FitSettings(rank: 3, optimizer: .preconditionedGradient(), acceleration: .squarem)
        #expect(throws: RHMFError.self) { try RobustHMF(s).fit(planted.data) }
    }
}

/// Cycle numbers from a progress callback.
private final class CycleLog: @unchecked Sendable {
    private(set) var cycles: [Int] = []
    func append(_ c: Int) { cycles.append(c) }
}
