import Foundation
import HMFCore
import Testing

@testable import RHMF

@Suite struct MetricsTests {
    @Test func quantilesMatchSortedInterpolation() {
        var rng = SeededGenerator(seed: 8)
        for n in [1, 2, 3, 10, 101, 1000] {
            let v = (0..<n).map { _ in (rng.normal() * 4).rounded() }  // many ties
            let sorted = v.sorted()
            for q in [0, 0.01, 0.25, 0.5, 0.9, 1] {
                let pos = q * Double(n - 1)
                let lo = Int(pos)
                let hi = min(lo + 1, n - 1)
                let expected = sorted[lo] + (pos - Double(lo)) * (sorted[hi] - sorted[lo])
                #expect(abs(Quantile.of(v, q) - expected) < 1e-12)
            }
        }
        #expect(Quantile.of([], 0.5).isNaN)
    }

    /// The median of an even count is the mean of the middle two (taking the upper one, as the engine notebook
    /// once did, gave 3 here).
    @Test func medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        #expect(Quantile.median([4, 1, 3, 2]) == 2.5)
        #expect(Quantile.median([0.25, 0.5]) == 0.375)
        #expect(Quantile.median([3, 1, 2]) == 2)
    }

    @Test func rocAUCAndAveragePrecisionMatchBruteForce() throws {
        var rng = SeededGenerator(seed: 9)
        let n = 300
        let truth = (0..<n).map { _ in rng.uniform() < 0.2 }
        let score = truth.map { t in ((t ? 1 : 0) + rng.normal() * 1.2).rounded(toPlaces: 1) }
        var wins = 0.0
        var pairs = 0.0
        for i in 0..<n where truth[i] {
            for j in 0..<n where !truth[j] {
                pairs += 1
                wins += score[i] > score[j] ? 1 : (score[i] == score[j] ? 0.5 : 0)
            }
        }
        #expect(
            abs(try RankingMetrics.rocAUC(outlierness: score, truth: truth) - wins / pairs) < 1e-12)
        // Average precision from its definition: threshold at every distinct score.
        let thresholds = Set(score).sorted(by: >)
        var ap = 0.0
        var lastRecall = 0.0
        let positives = Double(truth.filter { $0 }.count)
        for t in thresholds {
            let flagged = (0..<n).filter { score[$0] >= t }
            let tp = Double(flagged.filter { truth[$0] }.count)
            ap += (tp / positives - lastRecall) * tp / Double(flagged.count)
            lastRecall = tp / positives
        }
        #expect(
            abs(try RankingMetrics.averagePrecision(outlierness: score, truth: truth) - ap) < 1e-12)
        #expect(try RankingMetrics.rocAUC(outlierness: [1, 2], truth: [false, false]).isNaN)
    }

    /// The radix-sorted keys order every finite score as `<` does (negatives, zeros of both signs, subnormals,
    /// infinities), and the ranking metrics of such scores match their brute-force definitions.
    @Test func radixSortedScoresOrderLikeTheComparison() throws {
        var rng = SeededGenerator(seed: 11)
        let specials: [Double] = [
            0, -0.0, .infinity, -.infinity, .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
            .greatestFiniteMagnitude, -1, 1,
        ]
        let scores =
            (0..<5000).map { _ in rng.normal() * pow(10, (rng.uniform() * 8).rounded() - 4) }
            + specials
        let sorted = try SortedScores(scores).keys
        #expect(sorted == scores.sorted().map(SortedScores.key))
        for _ in 0..<2000 {
            let (x, y) = (scores[Int(rng.uniform() * 5009)], scores[Int(rng.uniform() * 5009)])
            #expect((SortedScores.key(x) < SortedScores.key(y)) == (x < y))
        }
        #expect(SortedScores.key(0.0) == SortedScores.key(-0.0))
        // A positive at -0.0 ties with a negative at 0.0: AUC 0.5.
        #expect(try RankingMetrics.rocAUC(outlierness: [-0.0, 0.0], truth: [true, false]) == 0.5)
        #expect(throws: RHMFError.self) {
            try RankingMetrics(outlierness: [1, .nan], truth: [true, false])
        }
    }

    /// Ranking robust weights is ranking 1 - w, ties and all.
    @Test func rankingWeightsEqualsRankingOneMinusTheWeights() throws {
        var rng = SeededGenerator(seed: 21)
        let truth = (0..<70_000).map { _ in rng.uniform() < 0.05 }
        let w = truth.map { t in (1 / (1 + pow(rng.normal() * (t ? 4 : 1), 2))).rounded(toPlaces: 3)
        }
        let byWeight = try RankingMetrics(weights: w, truth: truth)
        #expect(byWeight == (try RankingMetrics(outlierness: w.map { 1 - $0 }, truth: truth)))
        #expect(byWeight.rocAUC > 0.8)
        #expect(throws: RHMFError.self) {
            try RankingMetrics(weights: [0.5], truth: [true, false])
        }
    }

    /// The radix sort skips the bytes every key shares, which can leave an odd number of passes.
    @Test func radixSortHandlesSharedAndConstantBytes() throws {
        let narrow = (0..<3000).map { 0.5 + Double(($0 * 7919) % 977) * 1e-14 }  // 3 bytes vary
        #expect(try SortedScores(narrow).keys == narrow.sorted().map(SortedScores.key))
        let same = [Double](repeating: 3, count: 100)
        #expect(try SortedScores(same).keys == same.map(SortedScores.key))
        #expect(try SortedScores([7]).keys == [SortedScores.key(7)])
        #expect(try SortedScores([]).keys.isEmpty)
    }

    static let medianCases: [[[Double]]] = [
        [[1, 2], [3, 4]],
        [[5, -1, 2], [0.5, 3, -4], [2, 2, 9]],
        (0..<30).map { i in (0..<41).map { j in quarterStep((i * 41 + j) % 17) } },
    ]

    /// -2 ... 2 in steps of 1/4: many ties.
    static func quarterStep(_ k: Int) -> Double { Double(k) / 4 - 2 }

    /// The median |z| is exact on both of its paths, collecting the middle buckets (one process) and narrowing
    /// 16 bits per pass (any other reduction): odd and even counts, middle values in different buckets, ties
    /// and missing entries (z = 0).
    @Test(arguments: medianCases)
    func medianAbsZIsExactOnBothPaths(values: [[Double]]) throws {
        let (n, m) = (values.count, values[0].count)
        let y = Matrix(rows: n, cols: m) { i, j in values[i][j] }
        let w = Matrix(rows: n, cols: m) { i, j in (i + 2 * j) % 7 == 3 && n > 2 ? 0 : 1 }
        let data = try WeightedData(Y: y, W: w)
        let zero = try RHMFState(
            coefficients: Matrix(rows: n, cols: 1), basis: Matrix(rows: m, cols: 1))
        let z = (0..<n).flatMap { i in (0..<m).map { j in w[i, j] > 0 ? abs(y[i, j]) : 0 } }
        let median = Quantile.median(z)
        let collected = try CrossValidationScore(data, model: zero, likelihood: .gaussian)
        let narrowed = try CrossValidationScore(
            data, model: zero, likelihood: .gaussian, reduction: OneOfOneProcesses())
        #expect(collected.medianAbsZ == median)
        #expect(narrowed.medianAbsZ == median)
        #expect(collected == narrowed)
    }

    @Test func precisionRecallF1() throws {
        let m = try DetectionMetrics(
            predicted: [true, true, false, false, true], truth: [true, false, true, false, true])
        #expect(m.truePositives == 2 && m.falsePositives == 1 && m.falseNegatives == 1)
        #expect(
            abs(m.precision - 2.0 / 3) < 1e-15 && abs(m.recall - 2.0 / 3) < 1e-15
                && abs(m.f1 - 2.0 / 3) < 1e-15)
        #expect(try DetectionMetrics(predicted: [false], truth: [false]).f1 == 0)
        #expect(throws: RHMFError.self) { try DetectionMetrics(predicted: [true], truth: []) }
    }

    @Test func crossValidationScoreOfCalibratedResidualsIsNearZero() throws {
        var rng = SeededGenerator(seed: 10)
        let (n, m) = (400, 250)
        var y = Matrix(rows: n, cols: m)
        var w = Matrix(rows: n, cols: m)
        y.updateEach { i, j, v in
            let sigma = exp(rng.normal(0, 0.5))
            w[i, j] = 1 / (sigma * sigma)
            v = sigma * rng.normal()
        }
        let data = try WeightedData(Y: y, W: w)
        let zero = try RHMFState(
            coefficients: Matrix(rows: n, cols: 1), basis: Matrix(rows: m, cols: 1))
        let score = try CrossValidationScore(data, model: zero, likelihood: .gaussian)
        #expect(abs(score.stdZ - 1) < 0.01)
        #expect(score.score < 1e-3)
        #expect(abs(score.reducedChiSquared - 1) < 0.02)
        #expect(abs(score.medianAbsZ - 0.6745) < 0.01)
        // KL identity: score = -log sd + (sd^2 + mu^2)/2 - 1/2.
        let sd = score.stdZ
        let mu = score.meanZ
        #expect(abs(score.score - (-log(sd) + (sd * sd + mu * mu) / 2 - 0.5)) < 1e-15)
        // A miscalibrated model (residuals twice too large) scores clearly worse.
        // The model -y as a rank-1 factorisation: A = -y (as columns) is not low rank, so use the data reflected.
        let reflected = try WeightedData(Y: y.map { -$0 }, W: w)
        let doubled = try CrossValidationScore(
            reflected,
            model: try RHMFState(
                coefficients: Matrix(rows: n, cols: 1), basis: Matrix(rows: m, cols: 1)),
            likelihood: .gaussian)
        #expect(abs(doubled.stdZ - score.stdZ) < 1e-12)
        let off = try CrossValidationScore(
            try WeightedData(Y: 2 * y, W: w), model: zero, likelihood: .gaussian)
        #expect(abs(off.stdZ - 2) < 0.03 && off.score > 0.5)
    }
}

extension Double {
    func rounded(toPlaces p: Int) -> Double {
        let s = pow(10, Double(p))
        return (self * s).rounded() / s
    }
}

/// A reduction over one process that is not `LocalReduction`, so metrics take their distributed paths.
private struct OneOfOneProcesses: Reduction {
    func sum(_ values: inout [Double]) throws(RHMFError) {}
    func max(_ values: inout [Double]) throws(RHMFError) {}
    var isRoot: Bool { true }
}
