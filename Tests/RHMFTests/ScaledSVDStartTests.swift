import Foundation
import HMFCore
import Testing

@testable import RHMF

/// The scaled-SVD start against identities: with constant weights it is the best rank-K approximation of Y;
/// with weights constant along each row it is the exact optimum of the weighted rank-K problem (a fixed point
/// of weighted ALS, checked with a slow g-step written here); its coefficients solve the weighted normal
/// equations.
@Suite struct ScaledSVDStartTests {
    let planted = Planted(N: 60, M: 35, K: 3, noise: 0.02, outlierFraction: 0, seed: 7)

    /// The planted values with weights `w(i, j)` and no missing entries.
    func data(_ w: (Int, Int) -> Double) throws -> WeightedData {
        let y = Matrix(rows: 60, cols: 35) { i, j in
            (0..<3).reduce(0.0) { $0 + planted.truth.coefficients[i, $1] * planted.G[j, $1] }
                + 0.05 * sin(Double(7 * i + 3 * j))  // not exactly rank 3
        }
        return try WeightedData(Y: y, W: Matrix(rows: 60, cols: 35) { i, j in w(i, j) })
    }

    @Test func constantWeightsGiveTheBestRankKApproximation() throws {
        let d = try data { _, _ in 4 }
        let start = try ScaledSVDStart(d, rank: 3)
        let svd = try SVD(d.Y)
        let best = Matrix(rows: 60, cols: 35) { i, j in
            (0..<3).reduce(0.0) { $0 + svd.U[i, $1] * svd.s[$1] * svd.Vt[$1, j] }
        }
        let model = try Matrix.product(start.A, start.G, transposeB: true)
        #expect((model - best).maxAbs < 1e-10 * best.maxAbs)
    }

    @Test func rowConstantWeightsGiveAFixedPointOfWeightedALS() throws {
        let rowWeight = (0..<60).map { i in exp(Double(i % 7) - 3) }  // spans e^-3 ... e^3
        let d = try data { i, _ in rowWeight[i] }
        let start = try ScaledSVDStart(d, rank: 3)
        // Slow g-step: for each column j, solve (sum_i W_ij a_i a_i^T) g_j = sum_i W_ij y_ij a_i.
        let a = start.A
        for j in 0..<35 {
            var normal = [[Double]](repeating: [Double](repeating: 0, count: 3), count: 3)
            var rhs = [Double](repeating: 0, count: 3)
            for i in 0..<60 {
                for p in 0..<3 {
                    rhs[p] += d.W[i, j] * d.Y[i, j] * a[i, p]
                    for q in 0..<3 { normal[p][q] += d.W[i, j] * a[i, p] * a[i, q] }
                }
            }
            let g = gaussianElimination(normal, rhs)
            for p in 0..<3 { #expect(abs(g[p] - start.G[j, p]) < 1e-8 * start.G.maxAbs) }
        }
        // And it beats the plain SVD start's product on the weighted loss.
        let plain = try Initialization.svd.factors(for: d, rank: 3)
        let scaledLoss = try engineLoss(d, start.A, start.G, .gaussian)
        let plainLoss = try engineLoss(d, plain.A, plain.G, .gaussian)
        #expect(scaledLoss <= plainLoss)
    }

    @Test func coefficientsSolveTheWeightedNormalEquations() throws {
        var w = Matrix(rows: 60, cols: 35) { i, j in 1 + Double((i * 31 + j * 17) % 11) }
        for j in 5..<20 { w[3, j] = 0 }  // a missing segment
        for j in 0..<35 { w[8, j] = 0 }  // a row with no data
        let d = try data { i, j in w[i, j] }
        let g = planted.G
        let a = ScaledSVDStart.weightedCoefficients(Y: d.Y, W: d.W, basis: g)
        for i in 0..<60 {
            for k in 0..<3 {
                var gradient = 0.0
                for j in 0..<35 {
                    let r = d.Y[i, j] - (0..<3).reduce(0.0) { $0 + g[j, $1] * a[i, $1] }
                    gradient += d.W[i, j] * r * g[j, k]
                }
                #expect(abs(gradient) < 1e-8)
            }
        }
        #expect((0..<3).allSatisfy { a[8, $0] == 0 })
    }

    @Test func engineStartsFromIt() throws {
        let d = try data { i, j in 1 + Double((i + j) % 5) }
        let fit = try RobustHMF(
            FitSettings(
                rank: 3, initialization: .scaledSVD,
                convergence: Convergence(maxCycles: 20))
        ).fit(d)
        #expect(fit.start == .scaledSVD)
        let (A, G) = try Initialization.scaledSVD.factors(for: d, rank: 3)
        let start = try ScaledSVDStart(d, rank: 3)
        let direct = try Matrix.product(start.A, start.G, transposeB: true)
        #expect(
            (try Matrix.product(A, G, transposeB: true) - direct).maxAbs < 1e-12 * direct.maxAbs)
        #expect(fit.loss <= (try engineLoss(d, A, G, .cauchy(q: 5))))
    }

    @Test func needsInMemoryData() throws {
        let d = try data { _, _ in 1 }
        let rows = try RowSelection(d, rows: Array(0..<60))
        #expect(throws: RHMFError.self) {
            _ = try RobustHMF(FitSettings(rank: 3, initialization: .scaledSVD)).fit(rows)
        }
    }
}

/// Solves a small dense system by Gaussian elimination with partial pivoting (the slow reference).
func gaussianElimination(_ a: [[Double]], _ b: [Double]) -> [Double] {
    var m = a
    var x = b
    let n = b.count
    for c in 0..<n {
        let pivot = (c..<n).max { abs(m[$0][c]) < abs(m[$1][c]) } ?? c
        m.swapAt(c, pivot)
        x.swapAt(c, pivot)
        for r in (c + 1)..<n {
            let f = m[r][c] / m[c][c]
            for k in c..<n { m[r][k] -= f * m[c][k] }
            x[r] -= f * x[c]
        }
    }
    for c in stride(from: n - 1, through: 0, by: -1) {
        for k in (c + 1)..<n { x[c] -= m[c][k] * x[k] }
        x[c] /= m[c][c]
    }
    return x
}
