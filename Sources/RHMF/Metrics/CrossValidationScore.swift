import Foundation
import HMFCore

/// Goodness-of-fit statistics of held-out data under a model, computed from z = r sqrt(W) sqrt(w_robust)
/// over all entries (missing entries contribute z = 0, as in the reference).
public struct CrossValidationScore: Sendable, Equatable, Codable {
    /// KL(N(mu_z, sd_z^2) || N(0, 1)) = -log sd_z + (sd_z^2 + mu_z^2) / 2 - 1/2; 0 for perfectly calibrated z.
    public var score: Double
    /// Mean of z.
    public var meanZ: Double
    /// Standard deviation of z (target 1).
    public var stdZ: Double
    /// Reduced chi^2 = mean(W r^2) (target 1).
    public var reducedChiSquared: Double
    /// Weighted RMSE = sqrt(mean(W r^2)).
    public var weightedRMSE: Double
    /// Median |z| (target 0.6745 for standard normal z).
    public var medianAbsZ: Double
    /// Number of entries (N x M over every process).
    public var entries: Int

    /// Scores the model A G^T of the rows of `source` with the robust weights of `likelihood`: one streamed pass
    /// for the moments, then passes that narrow a histogram of |z| down to the exact median.
    public init<Source: RowSource>(
        _ source: Source, model: some Factorization, likelihood: Likelihood,
        blockRows: Int = 128, reduction: any Reduction = LocalReduction()
    ) throws(RHMFError) {
        let A = model.coefficients
        let G = model.basis
        guard A.rows == source.rowCount, G.rows == source.columnCount else {
            throw .shapeMismatch(
                "model is \(A.rows) x \(G.rows) (A rows x G rows) but data are \(source.rowCount) x \(source.columnCount)"
            )
        }
        var sums = [0.0, 0.0, 0.0]  // z, z^2, W r^2
        try predictedPass(
            source, A: A, G: G, blockRows: blockRows, makeState: { [0.0, 0.0, 0.0] },
            body: { (s, rows, block, pred) in
                for k in 0..<(rows.count * block.columns) {
                    let (y, w) = block.entry(k)
                    guard w > 0 else { continue }
                    let r = y - pred[k]
                    let x = w * r * r
                    let z = r * (w * likelihood.robustWeight(x)).squareRoot()
                    s[0] += z
                    s[1] += z * z
                    s[2] += x
                }
            }, combine: { s in for t in 0..<3 { sums[t] += s[t] } })
        try reduction.sum(&sums)
        let n = Double(try reduction.sum(Double(source.entryCount)))
        let mean = sums[0] / n
        let variance = Swift.max(sums[1] / n - mean * mean, 0)
        let sd = variance.squareRoot()
        meanZ = mean
        stdZ = sd
        score = -log(sd) + (sd * sd + mean * mean) / 2 - 0.5
        reducedChiSquared = sums[2] / n
        weightedRMSE = reducedChiSquared.squareRoot()
        entries = Int(n)
        medianAbsZ = try AbsZMedian.find(
            source, A: A, G: G, likelihood: likelihood, blockRows: blockRows,
            count: Int(n), reduction: reduction)
    }
}

/// The exact median of |z| over a streamed source without holding every value: a radix selection on the
/// bits of the doubles (for values >= 0 their order is the order of their bit patterns). Each pass counts the
/// values that share the known leading bits by their next 16 bits; once few enough remain they are collected
/// and selected (a distributed run instead fixes all 64 bits, four passes at most).
enum AbsZMedian {
    static func find<Source: RowSource>(
        _ source: Source, A: Matrix, G: Matrix, likelihood: Likelihood, blockRows: Int,
        count n: Int, reduction: any Reduction
    ) throws(RHMFError) -> Double {
        guard n > 0 else { return .nan }
        let ranks = Set([(n - 1) / 2, n / 2]).sorted()
        var values: [Double] = []
        for rank in ranks {
            values.append(try orderStatistic(rank, source, A, G, likelihood, blockRows, reduction))
        }
        return values.count == 1 ? values[0] : 0.5 * (values[0] + values[1])
    }

    /// The `rank`-th smallest |z| (0-based).
    private static func orderStatistic<Source: RowSource>(
        _ rank: Int, _ source: Source, _ A: Matrix, _ G: Matrix,
        _ likelihood: Likelihood, _ blockRows: Int,
        _ reduction: any Reduction
    ) throws(RHMFError) -> Double {
        var prefix: UInt64 = 0
        var known = 0  // the answer's leading `known` bits are `prefix`
        var below = 0  // values smaller than every value with this prefix
        let local = reduction is LocalReduction
        while known < 64 {
            let shift = 64 - known - 16
            let (p, kn) = (prefix, known)
            var counts = [Double](repeating: 0, count: 1 << 16)
            try predictedPass(
                source, A: A, G: G, blockRows: blockRows,
                makeState: { [Double](repeating: 0, count: 1 << 16) },
                body: { (c, rows, block, pred) in
                    for k in 0..<(rows.count * block.columns) {
                        let (y, w) = block.entry(k)
                        let bits = absZ(y, w, pred[k], likelihood).bitPattern
                        if kn == 0 || bits >> UInt64(64 - kn) == p {
                            c[Int((bits >> UInt64(shift)) & 0xFFFF)] += 1
                        }
                    }
                }, combine: { c in for b in 0..<(1 << 16) { counts[b] += c[b] } })
            try reduction.sum(&counts)
            var bucket = 0
            var cumulative = below
            while bucket < (1 << 16) - 1 && cumulative + Int(counts[bucket]) <= rank {
                cumulative += Int(counts[bucket])
                bucket += 1
            }
            below = cumulative
            prefix = (prefix << 16) | UInt64(bucket)
            known += 16
            if local && Int(counts[bucket]) <= 1_000_000 && known < 64 {
                let (p2, kn2) = (prefix, known)
                var collected: [Double] = []
                try predictedPass(
                    source, A: A, G: G, blockRows: blockRows, makeState: { [Double]() },
                    body: { (c, rows, block, pred) in
                        for k in 0..<(rows.count * block.columns) {
                            let (y, w) = block.entry(k)
                            let v = absZ(y, w, pred[k], likelihood)
                            if v.bitPattern >> UInt64(64 - kn2) == p2 { c.append(v) }
                        }
                    }, combine: { c in collected += c })
                collected.sort()
                let k = rank - below
                if collected.indices.contains(k) { return collected[k] }
            }
        }
        return Double(bitPattern: prefix)
    }

    @inline(__always)
    private static func absZ(_ y: Double, _ w: Double, _ p: Double, _ likelihood: Likelihood)
        -> Double
    {
        guard w > 0 else { return 0 }
        let r = y - p
        return abs(r) * (w * likelihood.robustWeight(w * r * r)).squareRoot()
    }
}
