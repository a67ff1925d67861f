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
        var tp = 0, fp = 0, fn = 0
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
/// (pass 1 - weight, or -weight, for robust weights).
public enum RankingMetrics {
    /// Area under the ROC curve (probability a random positive outranks a random negative, ties count half).
    /// NaN when either class is empty.
    public static func rocAUC(outlierness s: [Double], truth: [Bool]) throws(RHMFError) -> Double {
        guard s.count == truth.count else { throw .shapeMismatch("\(s.count) scores but \(truth.count) truth labels") }
        let order = s.indices.sorted { s[$0] < s[$1] }
        let nPos = truth.filter { $0 }.count, nNeg = truth.count - nPos
        guard nPos > 0, nNeg > 0 else { return .nan }
        // Mann-Whitney U from mid-ranks.
        var rankSumPos = 0.0
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && s[order[j + 1]] == s[order[i]] { j += 1 }
            let midRank = Double(i + j) / 2 + 1
            for k in i...j where truth[order[k]] { rankSumPos += midRank }
            i = j + 1
        }
        let u = rankSumPos - Double(nPos) * Double(nPos + 1) / 2
        return u / (Double(nPos) * Double(nNeg))
    }

    /// Average precision: sum over distinct thresholds (descending) of (R_n - R_{n-1}) P_n. NaN with no positives.
    public static func averagePrecision(outlierness s: [Double], truth: [Bool]) throws(RHMFError) -> Double {
        guard s.count == truth.count else { throw .shapeMismatch("\(s.count) scores but \(truth.count) truth labels") }
        let nPos = truth.filter { $0 }.count
        guard nPos > 0 else { return .nan }
        let order = s.indices.sorted { s[$0] > s[$1] }
        var tp = 0, seen = 0
        var ap = 0.0, lastRecall = 0.0
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && s[order[j + 1]] == s[order[i]] { j += 1 }
            for k in i...j where truth[order[k]] { tp += 1 }
            seen = j + 1
            let recall = Double(tp) / Double(nPos)
            ap += (recall - lastRecall) * Double(tp) / Double(seen)
            lastRecall = recall
            i = j + 1
        }
        return ap
    }
}

/// Per-object scores from a matrix of robust weights: a quantile of each row.
public enum ObjectScores {
    /// The `quantile` (default median) of each row of `weights`.
    public static func of(_ weights: Matrix, quantile: Double = 0.5) -> [Double] {
        (0..<weights.rows).map { Quantile.of(weights.row($0), quantile) }
    }
}
