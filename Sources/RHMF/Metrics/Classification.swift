import HMFCore

/// Detection quality of outlier flags and scores against the truth.
public struct DetectionMetrics: Sendable, Equatable, Codable {
    public var precision: Double
    public var recall: Double
    public var f1: Double
    public var truePositives: Int
    public var falsePositives: Int
    public var falseNegatives: Int

    /// Compares boolean predictions with the truth (same length).
    /// Precision is 0 when nothing is flagged; recall is 0 when nothing is truly positive.
    public init(predicted: [Bool], truth: [Bool]) throws(RHMFError) {
        guard predicted.count == truth.count else {
            throw .shapeMismatch("\(predicted.count) predictions but \(truth.count) truth labels")
        }
        var tp = 0
        var fp = 0
        var fn = 0
        for (p, t) in zip(predicted, truth) {
            if p && t { tp += 1 } else if p { fp += 1 } else if t { fn += 1 }
        }
        truePositives = tp
        falsePositives = fp
        falseNegatives = fn
        precision = tp + fp > 0 ? Double(tp) / Double(tp + fp) : 0
        recall = tp + fn > 0 ? Double(tp) / Double(tp + fn) : 0
        f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
    }

    /// Flags entries whose weight is below `threshold` (a low robust weight means "outlier").
    public init(weights: [Double], below threshold: Double, truth: [Bool]) throws(RHMFError) {
        try self.init(predicted: weights.map { $0 < threshold }, truth: truth)
    }
}

/// Threshold-free ranking quality of outlier scores, where a higher `outlierness` means more likely an outlier
/// (`init(weights:truth:)` ranks robust weights). Both metrics come from one radix sort of each class's scores
/// (`SortedScores`).
public struct RankingMetrics: Sendable, Equatable, Codable {
    /// Area under the ROC curve: the probability that a random positive outranks a random negative (ties count
    /// half). NaN when either class is empty.
    public var rocAUC: Double
    /// Average precision: sum over distinct thresholds (descending) of (R_n - R_{n-1}) P_n. NaN with no positives.
    public var averagePrecision: Double

    /// Ranks `outlierness` against `truth` (same length).
    /// - Throws: `shapeMismatch` for lengths that differ, `nonFinite` for a NaN score.
    public init(outlierness s: [Double], truth: [Bool]) throws(RHMFError) {
        try self.init(count: s.count, truth: truth) { s[$0] }
    }

    /// Ranks robust weights against `truth`: the lower the weight, the more outlying (the outlierness is
    /// 1 - w, ranked exactly as `init(outlierness:truth:)` ranks it).
    public init(weights w: [Double], truth: [Bool]) throws(RHMFError) {
        try self.init(count: w.count, truth: truth) { 1 - w[$0] }
    }

    /// Splits the keys of `count` scores by class, in one pass, and sorts each class.
    private init(count n: Int, truth: [Bool], score: (Int) -> Double) throws(RHMFError) {
        guard n == truth.count else {
            throw .shapeMismatch("\(n) scores but \(truth.count) truth labels")
        }
        let nPos = truth.reduce(0) { $0 + ($1 ? 1 : 0) }
        var positives = [UInt64](repeating: 0, count: nPos)
        var negatives = [UInt64](repeating: 0, count: n - nPos)
        var (p, q) = (0, 0)
        for i in 0..<n {
            let v = score(i)
            guard !v.isNaN else { throw .nonFinite("outlierness \(i) is NaN") }
            if truth[i] {
                positives[p] = SortedScores.key(v)
                p += 1
            } else {
                negatives[q] = SortedScores.key(v)
                q += 1
            }
        }
        self.init(
            positives: SortedScores(keys: positives).keys,
            negatives: SortedScores(keys: negatives).keys)
    }

    /// Walks groups of tied scores from the highest down, over the ascending keys of each class.
    private init(positives: [UInt64], negatives: [UInt64]) {
        let nPos = positives.count
        let nNeg = negatives.count
        var (p, q) = (nPos, nNeg)  // entries not yet walked, from the top of each class
        var tp = 0
        var fp = 0
        var ap = 0.0
        var lastRecall = 0.0
        var wins = 0.0
        while p > 0 || q > 0 {
            let top = max(p > 0 ? positives[p - 1] : 0, q > 0 ? negatives[q - 1] : 0)
            var groupPos = 0
            while p > 0 && positives[p - 1] == top { (p, groupPos) = (p - 1, groupPos + 1) }
            var groupNeg = 0
            while q > 0 && negatives[q - 1] == top { (q, groupNeg) = (q - 1, groupNeg + 1) }
            // Each positive in the group beats every negative ranked below it and ties with the group's negatives.
            wins += Double(groupPos) * (Double(nNeg - fp - groupNeg) + 0.5 * Double(groupNeg))
            tp += groupPos
            fp += groupNeg
            if nPos > 0 {
                let recall = Double(tp) / Double(nPos)
                ap += (recall - lastRecall) * Double(tp) / Double(tp + fp)
                lastRecall = recall
            }
        }
        rocAUC = nPos > 0 && nNeg > 0 ? wins / (Double(nPos) * Double(nNeg)) : .nan
        averagePrecision = nPos > 0 ? ap : .nan
    }

    /// Area under the ROC curve (see `rocAUC`).
    public static func rocAUC(outlierness s: [Double], truth: [Bool]) throws(RHMFError) -> Double {
        try RankingMetrics(outlierness: s, truth: truth).rocAUC
    }

    /// Average precision (see `averagePrecision`).
    public static func averagePrecision(outlierness s: [Double], truth: [Bool]) throws(RHMFError)
        -> Double
    {
        try RankingMetrics(outlierness: s, truth: truth).averagePrecision
    }
}

/// Object weights from a matrix of robust weights: a quantile of each row (the median by default; the
/// Gaia search uses the 1% quantile).
package enum ObjectWeights {
    /// The `quantile` of each row of `weights`.
    public static func of(_ weights: Matrix, quantile: Double = 0.5) -> [Double] {
        (0..<weights.rows).map { Quantile.of(weights.row($0), quantile) }
    }
}
