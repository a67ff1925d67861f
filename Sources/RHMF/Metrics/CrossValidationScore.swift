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
    /// for the moments and a histogram of |z|, then one more for the exact median (`AbsZMedian`).
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
        var leading = [Double](repeating: 0, count: AbsZMedian.buckets)  // |z| by its leading bits
        try predictedPass(
            source, A: A, G: G, blockRows: blockRows,
            makeState: { ([0.0, 0.0, 0.0], [Double](repeating: 0, count: AbsZMedian.buckets)) },
            body: { (s, rows, block, pred) in
                for k in 0..<(rows.count * block.columns) {
                    let (y, w) = block.entry(k)
                    guard w > 0 else {
                        s.1[0] += 1  // z = 0
                        continue
                    }
                    let r = y - pred[k]
                    let x = w * r * r
                    let z = r * (w * likelihood.robustWeight(x)).squareRoot()
                    s.0[0] += z
                    s.0[1] += z * z
                    s.0[2] += x
                    s.1[AbsZMedian.leadingBucket(abs(z))] += 1
                }
            },
            combine: { s in
                for t in 0..<3 { sums[t] += s.0[t] }
                for b in 0..<AbsZMedian.buckets { leading[b] += s.1[b] }
            })
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
        try reduction.sum(&leading)
        medianAbsZ = try AbsZMedian.find(
            source, A: A, G: G, likelihood: likelihood, blockRows: blockRows,
            leadingCounts: leading, reduction: reduction)
    }
}

/// The exact median of |z| over a streamed source without holding every value: a radix selection on the
/// bits of the doubles (for values >= 0 their order is the order of their bit patterns). The moments pass
/// counts every value by its leading 16 bits; the middle ranks' buckets are then collected in one more pass
/// and sorted, or, in a distributed run or for a bucket too large to hold, narrowed by the next 16 bits per
/// pass (four passes at most).
enum AbsZMedian {
    /// Buckets of a histogram pass: 16 bits.
    static let buckets = 1 << 16

    /// The first pass's bucket of a value >= 0: its leading 16 bits.
    @inline(__always)
    static func leadingBucket(_ v: Double) -> Int { Int(v.bitPattern >> 48) }

    /// The largest bucket gathered into memory to be sorted.
    static let collectedLimit = 1_000_000

    /// The median, given the counts of every |z| by `leadingBucket` summed over all processes.
    static func find<Source: RowSource>(
        _ source: Source, A: Matrix, G: Matrix, likelihood: Likelihood, blockRows: Int,
        leadingCounts: [Double], reduction: any Reduction
    ) throws(RHMFError) -> Double {
        let n = Int(leadingCounts.reduce(0, +))
        guard n > 0 else { return .nan }
        let pass = Pass(source: source, A: A, G: G, likelihood: likelihood, blockRows: blockRows)
        let searches = Set([(n - 1) / 2, n / 2]).sorted().map {
            Search(rank: $0).narrowed(by: leadingCounts)
        }
        var values: [Double]
        let middleBuckets = Dictionary(
            searches.map { ($0.prefix, $0.matching) }, uniquingKeysWith: max)
        if reduction is LocalReduction, middleBuckets.values.reduce(0, +) <= collectedLimit {
            values = try pass.collect(searches)
        } else {
            values = []
            for search in searches { values.append(try pass.refine(search, reduction)) }
        }
        return values.count == 1 ? values[0] : 0.5 * (values[0] + values[1])
    }

    /// Where the search for the `rank`-th smallest |z| (0-based) stands: its leading `known` bits are
    /// `prefix`; `below` values are smaller than every value with that prefix, and `matching` share it.
    struct Search {
        let rank: Int
        var prefix: UInt64 = 0
        var known = 0
        var below = 0
        var matching = 0

        /// The search with 16 more bits known, from the counts of the values with this prefix by those bits.
        func narrowed(by counts: [Double]) -> Search {
            var next = self
            var bucket = 0
            var cumulative = below
            while bucket < buckets - 1 && cumulative + Int(counts[bucket]) <= rank {
                cumulative += Int(counts[bucket])
                bucket += 1
            }
            next.below = cumulative
            next.matching = Int(counts[bucket])
            next.prefix = (prefix << 16) | UInt64(bucket)
            next.known += 16
            return next
        }

        /// Whether `bits` (a value's bit pattern) starts with this search's prefix.
        @inline(__always)
        func matches(_ bits: UInt64) -> Bool {
            known == 0 || bits >> UInt64(64 - known) == prefix
        }
    }

    /// Streamed passes over |z| of one model and source.
    struct Pass<Source: RowSource> {
        let source: Source
        let A: Matrix
        let G: Matrix
        let likelihood: Likelihood
        let blockRows: Int

        /// Each search's value from one pass that gathers the values of its bucket (one process).
        func collect(_ searches: [Search]) throws(RHMFError) -> [Double] {
            let prefixes = Array(Set(searches.map(\.prefix))).sorted()
            let known = searches[0].known  // every search has the same number of known bits
            var collected = [[Double]](repeating: [], count: prefixes.count)
            let likelihood = likelihood
            try predictedPass(
                source, A: A, G: G, blockRows: blockRows,
                makeState: { [[Double]](repeating: [], count: prefixes.count) },
                body: { (c, rows, block, pred) in
                    for k in 0..<(rows.count * block.columns) {
                        let (y, w) = block.entry(k)
                        let v = AbsZMedian.absZ(y, w, pred[k], likelihood)
                        let leading = v.bitPattern >> UInt64(64 - known)
                        if let i = prefixes.firstIndex(of: leading) { c[i].append(v) }
                    }
                },
                combine: { c in for i in c.indices { collected[i] += c[i] } })
            let sorted = collected.map { $0.sorted() }
            var values: [Double] = []
            for search in searches {
                let k = search.rank - search.below
                if let i = prefixes.firstIndex(of: search.prefix), sorted[i].indices.contains(k) {
                    values.append(sorted[i][k])
                } else {
                    // Not reached (the counts agree with the values collected); narrowing is exact anyway.
                    values.append(try refine(search, LocalReduction()))
                }
            }
            return values
        }

        /// The search's value by narrowing its prefix 16 bits per pass (over all processes).
        func refine(_ start: Search, _ reduction: any Reduction) throws(RHMFError) -> Double {
            var search = start
            let likelihood = likelihood
            while search.known < 64 {
                let current = search
                let shift = UInt64(64 - current.known - 16)
                var counts = [Double](repeating: 0, count: buckets)
                try predictedPass(
                    source, A: A, G: G, blockRows: blockRows,
                    makeState: { [Double](repeating: 0, count: buckets) },
                    body: { (c, rows, block, pred) in
                        for k in 0..<(rows.count * block.columns) {
                            let (y, w) = block.entry(k)
                            let bits = AbsZMedian.absZ(y, w, pred[k], likelihood).bitPattern
                            if current.matches(bits) { c[Int((bits >> shift) & 0xFFFF)] += 1 }
                        }
                    }, combine: { c in for b in 0..<buckets { counts[b] += c[b] } })
                try reduction.sum(&counts)
                search = current.narrowed(by: counts)
            }
            return Double(bitPattern: search.prefix)
        }
    }

    @inline(__always)
    static func absZ(_ y: Double, _ w: Double, _ p: Double, _ likelihood: Likelihood) -> Double {
        guard w > 0 else { return 0 }
        let r = y - p
        return abs(r) * (w * likelihood.robustWeight(w * r * r)).squareRoot()
    }
}
