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
