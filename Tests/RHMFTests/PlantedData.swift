import Foundation
@testable import RHMF

/// Synthetic data with a known low-rank truth, for recovery tests.
struct PlantedData {
    var Y: Matrix
    var W: Matrix
    /// True basis, M x K.
    var G: Matrix
    /// True coefficients, N x K.
    var A: Matrix
    /// Entries that received gross outliers.
    var outliers: [Bool]

    /// Rank-`k` smooth basis, heteroskedastic noise of typical size `noise`, `outlierFraction` of entries shifted
    /// by +/- U(0.5, 1.5), and one missing block of up to 20 columns in a third of the rows.
    init(N: Int, M: Int, K: Int, noise: Double, outlierFraction: Double, seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let phase = (0..<K).map { _ in rng.uniform(0, 2 * Double.pi) }
        G = Matrix(rows: M, cols: K) { j, k in
            let t = Double(j) / Double(M - 1)
            return k == 0 ? 1 : sin(Double(k + 1) * 2.3 * t + phase[k]) + 0.3 * t
        }
        var a = rng.normalMatrix(rows: N, cols: K)
        for i in 0..<N { a[i, 0] += 2 }
        A = a
        let clean = try! Matrix.product(A, G, transposeB: true)
        var y = clean, w = clean
        outliers = [Bool](repeating: false, count: N * M)
        let rowScale = (0..<N).map { _ in exp(rng.normal(0, 0.5)) }
        for i in 0..<N {
            for j in 0..<M {
                let sigma = noise * rowScale[i] * (0.5 + Double(j) / Double(M))
                w[i, j] = 1 / (sigma * sigma)
                y[i, j] += sigma * rng.normal()
                if rng.uniform() < outlierFraction {
                    y[i, j] += (rng.uniform() < 0.5 ? -1 : 1) * rng.uniform(0.5, 1.5)
                    outliers[i * M + j] = true
                }
            }
            if i % 3 == 0 {
                let start = Int(rng.uniform(0, Double(M - 20)))
                for j in start..<(start + 20) { w[i, j] = 0; y[i, j] = .nan; outliers[i * M + j] = false }
            }
        }
        Y = y
        W = w
    }

    var data: WeightedData { try! WeightedData(Y: Y, W: W) }
}

/// Largest principal angle (radians) between the column spaces of two M x K matrices.
func largestPrincipalAngle(_ x: Matrix, _ y: Matrix) throws -> Double {
    let qx = try x.orthonormalColumns(), qy = try y.orthonormalColumns()
    let s = try SVD(try Matrix.product(qx, qy, transposeA: true)).s
    return acos(min(1, s.min() ?? 0))
}
