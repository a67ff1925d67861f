import Foundation
import Testing

@testable import RHMF

/// The stationary stopping rule and the fixed-point distance: checked against the cycles a fit records, against
/// cycles run on from where it stopped, and against a geometric sequence whose limit is known.
@Suite struct StationaryRuleTests {
    let planted = Planted(N: 300, M: 80, K: 4, noise: 0.3, outlierFraction: 0.1, seed: 11)

    func settings(_ convergence: Convergence, _ acceleration: Acceleration? = nil) -> FitSettings {
        FitSettings(
            rank: 4, likelihood: .cauchy(q: 2), initialization: .svd, convergence: convergence,
            acceleration: acceleration)
    }

    /// Each recorded step is the largest principal angle between the bases before and after that cycle, as
    /// single cycles run one after another from each other's results show them.
    @Test func theRecordedStepsAreTheAnglesBetweenSuccessiveBases() throws {
        let three = try RobustHMF(settings(Convergence(criterion: .none, maxCycles: 3))).fit(
            planted.data)
        let steps = try #require(three.trace.subspaceSteps)
        #expect(steps.count == 3)
        let one = settings(Convergence(criterion: .none, maxCycles: 1))
        var state = try RobustHMF(one).fit(planted.data).state
        var previous = state.basis
        for c in 1..<3 {
            state = try RobustHMF(one).fit(planted.data, start: state).state
            let angle = try principalAngles(between: previous, and: state.basis).largestDegrees
            #expect(
                abs(angle - steps[c]) <= 1e-9 * max(angle, 1e-6),
                "cycle \(c + 1): \(angle) against \(steps[c])")
            previous = state.basis
        }
        #expect(state.basis == three.basis)
    }

    /// A fit stopped by the rule is where its cycles go: 300 more plain cycles from its result move the basis by
    /// no more than the rule's angle tolerance, and the loss by no more than rounding and that tolerance allow.
    @Test func aStationaryFitIsAtItsFixedPoint() throws {
        let rule = Convergence.stationary(
            lossTolerance: 1e-12, angleTolerance: 1e-4, window: 10, maxCycles: 5000)
        let fit = try RobustHMF(settings(rule)).fit(planted.data)
        #expect(fit.converged && fit.cycles < 5000)
        let distance = try #require(fit.trace.distance)
        #expect(distance.degrees < 1e-4)
        let onward = try RobustHMF(settings(Convergence(criterion: .none, maxCycles: 300))).fit(
            planted.data, start: fit.state)
        let moved = try principalAngles(between: fit.basis, and: onward.basis).largestDegrees
        #expect(moved <= 1e-4, "300 more cycles moved the basis \(moved) degrees")
        #expect(
            abs(fit.loss - onward.loss) <= 1e-9 * fit.loss, "loss \(fit.loss) then \(onward.loss)")
    }

    /// The reference's rule, loose as the toy notebook sets it, stops where the cycles still move: the rule
    /// runs on, and its estimate of the early stop's distance is no more than the true one (a lower bound).
    @Test func aLooseReferenceStopIsShortOfTheFixedPoint() throws {
        let early = try RobustHMF(settings(Convergence(criterion: .maxFracG, tolerance: 1e-2))).fit(
            planted.data)
        let rule = Convergence.stationary(
            lossTolerance: 1e-12, angleTolerance: 1e-5, maxCycles: 5000)
        let converged = try RobustHMF(settings(rule)).fit(planted.data)
        #expect(converged.cycles > early.cycles)
        let gap = try principalAngles(between: early.basis, and: converged.basis).largestDegrees
        let estimate = try #require(early.trace.distance)
        #expect(estimate.degrees <= gap * 1.5, "estimated \(estimate.degrees), true \(gap) degrees")
    }

    /// Steps that shrink by rho each cycle, with their loss changes shrinking by rho^2: the estimate recovers
    /// rho and the sums of what is still to come.
    @Test func aGeometricSequenceGivesItsOwnLimit() throws {
        let rho = 0.9
        let first = 0.5
        let steps = (0..<30).map { first * pow(rho, Double($0)) }
        let ratios = zip(steps.dropFirst(), steps).map { $0 / $1 }
        let lossChange = 1e-6
        let d = try #require(
            FixedPointDistance.estimate(
                ratios: ratios, lastStep: steps.last!, lastLossChange: lossChange))
        #expect(abs(d.rate - rho) < 1e-12)
        let remaining = (1...2000).map { steps.last! * pow(rho, Double($0)) }.reduce(0, +)
        #expect(abs(d.degrees - remaining) < 1e-12 * remaining)
        let remainingLoss = (1...2000).map { lossChange * pow(rho * rho, Double($0)) }.reduce(0, +)
        #expect(abs(d.relativeLoss - remainingLoss) < 1e-12 * remainingLoss)
        // Steps that do not shrink: no fixed point in sight.
        #expect(
            FixedPointDistance.estimate(ratios: [1.0, 1.1, 1.05], lastStep: 0.1, lastLossChange: 0)
                == nil)
    }

    /// The rule waits for its window, and its settings say what they need; the reference's settings read and
    /// write as before.
    @Test func settingsAreCheckedAndOldFilesReadBack() throws {
        var rule = Convergence.stationary(window: 25, maxCycles: 5000)
        let fit = try RobustHMF(settings(rule)).fit(planted.data)
        #expect(fit.cycles >= 25)
        rule.angleTolerance = nil
        #expect(throws: RHMFError.self) { try RobustHMF(settings(rule)).fit(planted.data) }
        rule.angleTolerance = 1e-3
        rule.window = 0
        #expect(throws: RHMFError.self) { try RobustHMF(settings(rule)).fit(planted.data) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let reference = String(decoding: try encoder.encode(Convergence()), as: UTF8.self)
        #expect(!reference.contains("window") && !reference.contains("angleTolerance"))
        let back = try JSONDecoder().decode(Convergence.self, from: Data(reference.utf8))
        #expect(back == Convergence())
        let stationary = try encoder.encode(Convergence.stationary())
        #expect(try JSONDecoder().decode(Convergence.self, from: stationary) == .stationary())
    }
}
