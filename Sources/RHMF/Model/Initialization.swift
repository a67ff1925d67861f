import HMFCore

/// How the factors A and G are chosen before the first cycle.
public enum Initialization: Sendable, Equatable, Hashable, Codable {
    /// `.svd` for data of at most `automaticExactLimit` entries (N x M), `.randomizedSVD()` above: the exact
    /// decomposition of a 10,000 x 2321 set takes seconds, its randomized version a fraction of one.
    case automatic
    /// Truncated SVD of Y (missing entries as 0): A = U_K sqrt(s), G = V_K sqrt(s). In-memory double data use
    /// LAPACK's dgesdd, as the reference does; other sources the eigen-decomposition of Y^T Y, streamed.
    case svd
    /// The same from a randomized SVD (Halko, Martinsson & Tropp 2011).
    case randomizedSVD(oversampling: Int = 10, powerIterations: Int = 2, seed: UInt64 = 0)
    /// Independent standard normal entries from a seeded generator, scaled to the data.
    case random(seed: UInt64)
    /// The truncated SVD of the weight-scaled data sqrt(W) .* Y gives G = V_K sqrt(s_K); A is then the exact
    /// weighted least-squares solution for that G (one data-weighted a-step). Noisy rows and missing entries
    /// (W = 0) barely move the start, where `.svd` lets the noisiest rows and the zeros of missing segments
    /// set it. With constant W the product A G^T is the best rank-K approximation of Y, the same as `.svd`;
    /// with W constant along each row it is the exact optimum of the weighted rank-K problem. Needs in-memory
    /// data (`WeightedData`) in one process; see `ScaledSVDStart`.
    case scaledSVD

    /// Largest number of entries N x M that `.automatic` starts with the exact SVD.
    public static let automaticExactLimit = 10_000_000

    /// What this initialisation means for a data set of `entries` values (`.automatic` resolved).
    public func resolved(entries: Int) -> Initialization {
        guard self == .automatic else { return self }
        return entries <= Self.automaticExactLimit ? .svd : .randomizedSVD()
    }

    /// Initial factors for `source` at rank `k` (A holds this process's rows).
    func factors<Source: RowSource>(
        for source: Source, rank k: Int, blockRows: Int,
        reduction: any Reduction
    ) throws(RHMFError) -> (A: Matrix, G: Matrix) {
        let entries = Int(try reduction.sum(Double(source.entryCount)))
        switch resolved(entries: entries) {
        case .automatic, .svd:
            if let data = source as? WeightedData, data.precision == .double,
                reduction is LocalReduction
            {
                let svd = try SVD(data.Y)
                return Self.split(U: svd.U, s: svd.s, Vt: svd.Vt, rank: k)
            }
            return try Self.gramSVD(source, rank: k, blockRows: blockRows, reduction: reduction)
        case .randomizedSVD(let p, let q, let seed):
            let svd = try RandomizedSVD(
                source, rank: k, oversampling: p, powerIterations: q, seed: seed,
                blockRows: blockRows, reduction: reduction)
            return Self.split(U: svd.U, s: svd.s, Vt: svd.Vt, rank: k)
        case .scaledSVD:
            guard let data = source as? WeightedData, reduction is LocalReduction else {
                throw .invalidSetting(
                    "the scaled-SVD start needs in-memory data in one process; use svd or rsvd")
            }
            let start = try ScaledSVDStart(data, rank: k)
            return Rotation.signed(A: start.A, G: start.G)
        case .random(let seed):
            var rng = SeededGenerator(seed: seed)
            var sums = [0.0]
            try SourceValues(source: source, blockRows: blockRows).forEachBlock { (range, y) in
                for t in 0..<(range.count * source.columnCount) { sums[0] += y[t] * y[t] }
            }
            try reduction.sum(&sums)
            let scale = (sums[0] / Double(max(entries, 1))).squareRoot()
            let g = rng.normalMatrix(rows: source.columnCount, cols: k).map {
                $0 / Double(source.columnCount).squareRoot()
            }
            // Every process draws the same G; A's draws are this process's own stream.
            var rowRNG = SeededGenerator(
                seed: seed &+ 0x5DEE_CE66 &+ UInt64(reduction.isRoot ? 0 : 1))
            let a = rowRNG.normalMatrix(rows: source.rowCount, cols: k).map {
                $0 * max(scale, 1e-12)
            }
            return (a, g)
        }
    }

    /// The exact truncated SVD from eig(Y^T Y) = V diag(s^2) V^T, with Y^T Y summed in blocks (and over
    /// processes): G = V_K sqrt(s_K) and A = Y V_K / sqrt(s_K), which equal U_K sqrt(s_K).
    private static func gramSVD<Source: RowSource>(
        _ source: Source, rank k: Int, blockRows: Int,
        reduction: any Reduction
    ) throws(RHMFError) -> (A: Matrix, G: Matrix) {
        let values = SourceValues(source: source, blockRows: blockRows)
        var gram = try values.gram()
        try gram.reduceSum(reduction)
        let eig = try SymmetricEigen(gram)  // ascending
        let m = source.columnCount
        let top = (0..<k).map { m - 1 - $0 }
        let root = top.map { Swift.max(eig.values[$0], 0).squareRoot().squareRoot() }  // sqrt(s)
        let g = Matrix(rows: m, cols: k) { j, c in eig.vectors[j, top[c]] * root[c] }
        let scaled = Matrix(rows: m, cols: k) { j, c in
            root[c] > 0 ? eig.vectors[j, top[c]] / root[c] : 0
        }
        return Rotation.signed(A: try values.times(scaled), G: g)
    }

    /// A = U_K sqrt(s_K), G = V_K sqrt(s_K), with canonical signs (`Rotation.signed`): a singular
    /// vector's sign is arbitrary, and which one LAPACK returns can flip with the last bit of its input, so a
    /// start would otherwise depend on how the rows were summed (one process or many).
    static func split(U: Matrix, s: [Double], Vt: Matrix, rank k: Int) -> (A: Matrix, G: Matrix) {
        let root = s.prefix(k).map { $0.squareRoot() }
        let a = Matrix(rows: U.rows, cols: k) { i, c in U[i, c] * root[c] }
        let g = Matrix(rows: Vt.cols, cols: k) { j, c in Vt[c, j] * root[c] }
        return Rotation.signed(A: a, G: g)
    }

}

extension Initialization: CustomStringConvertible {
    public var description: String {
        switch self {
        case .automatic: return "automatic"
        case .svd: return "svd"
        case .randomizedSVD(let p, let q, let seed):
            return "randomized svd (oversampling \(p), \(q) power iterations, seed \(seed))"
        case .random(let seed): return "random (seed \(seed))"
        case .scaledSVD: return "scaled svd (SVD of sqrt(W) Y, then a weighted a-step)"
        }
    }
}

extension RHMFState {
    /// The SVD initialisation from a precomputed SVD of Y: A = U_K sqrt(s_K), G = V_K sqrt(s_K).
    /// Computing the SVD once and starting several fits (different Q, or ranks up to its size) from it
    /// gives exactly what `.svd` initialisation gives each fit, without repeating the decomposition.
    public init(svd: SVD, rank: Int) throws(RHMFError) {
        guard rank >= 1, rank <= svd.s.count else {
            throw .invalidRank("rank \(rank) must be in 1...\(svd.s.count) for this SVD")
        }
        let (a, g) = Initialization.split(U: svd.U, s: svd.s, Vt: svd.Vt, rank: rank)
        try self.init(coefficients: a, basis: g, cycles: 0)
    }
}
