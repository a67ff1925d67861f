import RHMF

/// How well a per-object score finds injected anomalies of known classes: recall at a threshold, the
/// false-positive rate among normal objects, and the threshold-free ROC-AUC and average precision of each
/// class against the normal objects.
///
/// A *lower* score means "more anomalous" (the score is a robust weight: an object is flagged when its score is
/// below the threshold). Each class is ranked against the normal objects only, so one class's metrics do not
/// depend on how many objects of other classes there are.
///
///     let r = try InjectionRecovery(scores: scores, classes: labels, threshold: 0.5)
///     r["be_shell"]?.recall; r.falsePositiveRate
public struct InjectionRecovery: Sendable, Equatable, Codable {
    /// The recovery of one class.
    public struct ClassRecovery: Sendable, Equatable, Codable {
        /// The class label.
        public var label: String
        /// Objects of the class.
        public var count: Int
        /// Objects of the class flagged (score below the threshold).
        public var flagged: Int
        /// flagged / count (NaN for an empty class).
        public var recall: Double
        /// Probability that an object of the class scores lower than a normal object (ties count half); NaN
        /// when either group is empty.
        public var rocAUC: Double
        /// Average precision of the class against the normal objects, ranking by lowest score first.
        public var averagePrecision: Double
    }

    /// The label of normal objects.
    public var normalLabel: String
    /// The flagging threshold.
    public var threshold: Double
    /// Normal objects.
    public var normals: Int
    /// Normal objects flagged.
    public var normalsFlagged: Int
    /// normalsFlagged / normals (NaN without normal objects).
    public var falsePositiveRate: Double
    /// Every anomaly class present, sorted by label.
    public var classes: [ClassRecovery]

    /// Scores `scores[i]` of objects labelled `classes[i]`, flagged when below `threshold`.
    /// - Throws: `RHMFError.shapeMismatch` when the arrays differ in length.
    public init(
        scores: [Double], classes labels: [String], normalLabel: String = "normal",
        threshold: Double
    ) throws(RHMFError) {
        guard scores.count == labels.count else {
            throw .shapeMismatch("\(scores.count) scores but \(labels.count) class labels")
        }
        self.normalLabel = normalLabel
        self.threshold = threshold
        let normalScores = zip(scores, labels).filter { $0.1 == normalLabel }.map(\.0)
        normals = normalScores.count
        normalsFlagged = normalScores.filter { $0 < threshold }.count
        falsePositiveRate = normals > 0 ? Double(normalsFlagged) / Double(normals) : .nan
        var out: [ClassRecovery] = []
        for label in Set(labels).subtracting([normalLabel]).sorted() {
            let own = zip(scores, labels).filter { $0.1 == label }.map(\.0)
            let flagged = own.filter { $0 < threshold }.count
            let ranked = own + normalScores
            let truth = own.map { _ in true } + normalScores.map { _ in false }
            let ranking = try RankingMetrics(outlierness: ranked.map { -$0 }, truth: truth)
            out.append(
                ClassRecovery(
                    label: label, count: own.count, flagged: flagged,
                    recall: own.isEmpty ? .nan : Double(flagged) / Double(own.count),
                    rocAUC: ranking.rocAUC, averagePrecision: ranking.averagePrecision))
        }
        classes = out
    }

    /// The recovery of class `label` (nil when no object has it).
    public subscript(label: String) -> ClassRecovery? { classes.first { $0.label == label } }

    /// The threshold that flags at most `falsePositiveRate` of the normal objects: the k-th smallest normal
    /// score with k = floor(rate x n) (0-based), so that the objects strictly below it are at most k. NaN
    /// without normal objects.
    public static func calibratedThreshold(normalScores: [Double], falsePositiveRate rate: Double)
        -> Double
    {
        guard !normalScores.isEmpty else { return .nan }
        let sorted = normalScores.sorted()
        let k = min(sorted.count - 1, max(0, Int((rate * Double(sorted.count)).rounded(.down))))
        return sorted[k]
    }

    /// Recall in bins of an injected parameter: for each bin [edges[j], edges[j+1]) (the last bin closed),
    /// the objects whose `values` fall inside it and the fraction of them `flagged`.
    public static func recallCurve(values: [Double], flagged: [Bool], edges: [Double])
        -> [RecallBin]
    {
        guard edges.count >= 2 else { return [] }
        return (0..<(edges.count - 1)).map { j in
            let lo = edges[j]
            let hi = edges[j + 1]
            let last = j == edges.count - 2
            let inside = zip(values, flagged).filter {
                $0.0 >= lo && ($0.0 < hi || (last && $0.0 <= hi))
            }
            let hits = inside.filter(\.1).count
            return RecallBin(
                lower: lo, upper: hi, count: inside.count,
                recall: inside.isEmpty ? .nan : Double(hits) / Double(inside.count))
        }
    }
}

/// One bin of a recall curve.
public struct RecallBin: Sendable, Equatable, Codable {
    /// The bin's lower edge.
    public var lower: Double
    /// The bin's upper edge.
    public var upper: Double
    /// Objects in the bin.
    public var count: Int
    /// Fraction of them flagged (NaN for an empty bin).
    public var recall: Double
    /// The bin's centre.
    public var centre: Double { (lower + upper) / 2 }
}
