/// How the factors A and G are chosen before the first cycle.
public enum Initialization: Sendable, Equatable, Hashable, Codable {
    /// Exact truncated SVD of Y (missing entries as 0): A = U_K sqrt(s), G = V_K sqrt(s).
    case svd
    /// The same from a randomized SVD (Halko, Martinsson & Tropp 2011): cheaper for large N.
    case randomizedSVD(oversampling: Int = 10, powerIterations: Int = 2, seed: UInt64 = 0)
    /// Independent standard normal entries from a seeded generator, scaled to the data.
    case random(seed: UInt64)

    /// Initial factors for `data` at rank `k`.
    func factors(for data: WeightedData, rank k: Int) throws(RHMFError) -> (A: Matrix, G: Matrix) {
        switch self {
        case .svd:
            let svd = try SVD(data.Y)
            return Self.split(U: svd.U, s: svd.s, Vt: svd.Vt, rank: k)
        case .randomizedSVD(let p, let q, let seed):
            let svd = try RandomizedSVD(data.Y, rank: k, oversampling: p, powerIterations: q, seed: seed)
            return Self.split(U: svd.U, s: svd.s, Vt: svd.Vt, rank: k)
        case .random(let seed):
            var rng = SeededGenerator(seed: seed)
            let scale = (data.Y.storage.reduce(0) { $0 + $1 * $1 } / Double(data.Y.storage.count)).squareRoot()
            let g = rng.normalMatrix(rows: data.M, cols: k).map { $0 / Double(data.M).squareRoot() }
            let a = rng.normalMatrix(rows: data.N, cols: k).map { $0 * max(scale, 1e-12) }
            return (a, g)
        }
    }

    /// A = U_K sqrt(s_K), G = V_K sqrt(s_K).
    static func split(U: Matrix, s: [Double], Vt: Matrix, rank k: Int) -> (A: Matrix, G: Matrix) {
        let root = s.prefix(k).map { $0.squareRoot() }
        let a = Matrix(rows: U.rows, cols: k) { i, c in U[i, c] * root[c] }
        let g = Matrix(rows: Vt.cols, cols: k) { j, c in Vt[c, j] * root[c] }
        return (a, g)
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
        try self.init(A: a, G: g, cycles: 0)
    }
}
