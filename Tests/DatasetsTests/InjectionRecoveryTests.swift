import Foundation
import HMFCore
import Testing

@testable import Datasets

/// InjectionRecovery against hand computations and an independent pairwise count.
struct InjectionRecoveryTests {
    /// Eight objects worked by hand: normals 0.9, 0.8, 0.45, 0.7; class "a" 0.2, 0.6, 0.8; class "b" 0.1.
    @Test func handComputedRecallFPRAndAUC() throws {
        let scores = [0.9, 0.2, 0.8, 0.45, 0.6, 0.1, 0.7, 0.8]
        let labels = ["normal", "a", "normal", "normal", "a", "b", "normal", "a"]
        let r = try InjectionRecovery(scores: scores, classes: labels, threshold: 0.5)
        #expect(r.normals == 4)
        #expect(r.normalsFlagged == 1)  // 0.45
        #expect(r.falsePositiveRate == 0.25)
        #expect(r.classes.map(\.label) == ["a", "b"])
        let a = try #require(r["a"])
        #expect(a.count == 3 && a.flagged == 1)  // 0.2
        #expect(abs(a.recall - 1.0 / 3) < 1e-15)
        // Pairs (a, normal) where a scores lower: 0.2 beats all 4; 0.6 beats 0.9, 0.8, 0.7 (3);
        // 0.8 beats 0.9 (1) and ties 0.8 (1/2): (4 + 3 + 1.5) / 12.
        #expect(abs(a.rocAUC - 8.5 / 12) < 1e-15)
        let b = try #require(r["b"])
        #expect(b.recall == 1 && b.rocAUC == 1 && b.averagePrecision == 1)
        // Average precision of "a" ranked lowest score first: 0.2 (a), 0.45 (n), 0.6 (a), 0.7 (n),
        // {0.8 a, 0.8 n} tied, 0.9 (n). Precision at each recall step: 1/1, 2/3, then 3/6 at the tie.
        #expect(
            abs(a.averagePrecision - (1.0 / 3 * 1 + 1.0 / 3 * 2.0 / 3 + 1.0 / 3 * 3.0 / 6)) < 1e-12)
    }

    /// AUC against the slow O(n^2) count of pairs on random scores with ties.
    @Test func aucMatchesPairwiseCount() throws {
        var rng = SeededGenerator(seed: 7)
        let n = 400
        let labels = (0..<n).map { _ in rng.uniform() < 0.1 ? "x" : "normal" }
        let scores = labels.map {
            ($0 == "x" ? rng.uniform(0, 0.8) : rng.uniform(0.3, 1)).rounded(toPlaces: 2)
        }
        let r = try InjectionRecovery(scores: scores, classes: labels, threshold: 0.5)
        let pos = zip(scores, labels).filter { $0.1 == "x" }.map(\.0)
        let neg = zip(scores, labels).filter { $0.1 == "normal" }.map(\.0)
        var wins = 0.0
        for p in pos { for q in neg { wins += p < q ? 1 : (p == q ? 0.5 : 0) } }
        let x = try #require(r["x"])
        #expect(abs(x.rocAUC - wins / Double(pos.count * neg.count)) < 1e-12)
        #expect(x.count == pos.count)
        #expect(x.flagged == pos.filter { $0 < 0.5 }.count)
    }

    @Test func otherClassesDoNotEnterAClassRanking() throws {
        let base = try InjectionRecovery(
            scores: [0.9, 0.3, 0.7], classes: ["normal", "a", "normal"], threshold: 0.5)
        let more = try InjectionRecovery(
            scores: [0.9, 0.3, 0.7, 0.05, 0.99],
            classes: ["normal", "a", "normal", "b", "b"], threshold: 0.5)
        #expect(base["a"] == more["a"])
        #expect(base.falsePositiveRate == more.falsePositiveRate)
    }

    @Test func calibratedThresholdFlagsAtMostTheRate() {
        let normals = (0..<1000).map { Double($0) / 1000 }  // 0.000 ... 0.999
        let t = InjectionRecovery.calibratedThreshold(
            normalScores: normals.shuffled(), falsePositiveRate: 0.01)
        #expect(t == 0.010)  // the 11th smallest: 10 below it
        #expect(normals.filter { $0 < t }.count == 10)
        #expect(
            InjectionRecovery.calibratedThreshold(
                normalScores: [0.4, 0.9], falsePositiveRate: 0.01) == 0.4)
        #expect(
            InjectionRecovery.calibratedThreshold(normalScores: [], falsePositiveRate: 0.01).isNaN)
    }

    @Test func recallCurveBinsByParameter() {
        let values = [0.03, 0.04, 0.05, 0.06, 0.12, 0.16]
        let flagged = [false, true, true, true, false, true]
        let curve = InjectionRecovery.recallCurve(
            values: values, flagged: flagged, edges: [0.03, 0.05, 0.1, 0.16])
        #expect(curve.map(\.count) == [2, 2, 2])  // 0.16 falls in the closed last bin
        #expect(curve.map(\.recall) == [0.5, 1, 0.5])
        #expect(
            InjectionRecovery.recallCurve(values: [1], flagged: [true], edges: [2, 3])[0].recall
                .isNaN)
    }

    @Test func mismatchedLengthsAreAnError() {
        #expect(throws: (any Error).self) {
            try InjectionRecovery(scores: [0.1], classes: [], threshold: 0.5)
        }
    }
}

extension Double {
    fileprivate func rounded(toPlaces p: Int) -> Double {
        (self * pow(10, Double(p))).rounded() / pow(10, Double(p))
    }
}
