import Foundation
import HMFCore

@testable import RHMF

/// A deliberately simple implementation of one IRLS/ALS cycle: per-row and per-column loops, freshly
/// weighted copies, Gaussian elimination. No BLAS, no blocking, no packing. The fast engine must agree with it.
enum SlowReference {
    /// Solves the small dense system m x = b by Gaussian elimination with partial pivoting.
    static func solve(_ m: [[Double]], _ b: [Double]) -> [Double] {
        let n = b.count
        var a = m
        var x = b
        for c in 0..<n {
            let p = (c..<n).max { abs(a[$0][c]) < abs(a[$1][c]) }!
            a.swapAt(c, p)
            x.swapAt(c, p)
            for r in (c + 1)..<n {
                let f = a[r][c] / a[c][c]
                for k in c..<n { a[r][k] -= f * a[c][k] }
                x[r] -= f * x[c]
            }
        }
        for c in stride(from: n - 1, through: 0, by: -1) {
            var s = x[c]
            for k in (c + 1)..<n { s -= a[c][k] * x[k] }
            x[c] = s / a[c][c]
        }
        return x
    }

    /// Total weights Wt = W * w(W r^2) at state (A, G).
    static func totalWeights(Y: Matrix, W: Matrix, A: Matrix, G: Matrix, likelihood: Likelihood)
        -> [[Double]]
    {
        (0..<Y.rows).map { i in
            (0..<Y.cols).map { j in
                var p = 0.0
                for k in 0..<A.cols { p += A[i, k] * G[j, k] }
                let r = Y[i, j] - p
                return W[i, j] * likelihood.robustWeight(W[i, j] * r * r)
            }
        }
    }

    /// Minimises sum_j wt_j (y_j - x . o_j)^2 over x by its normal equations.
    static func weightedLeastSquares(y: [Double], wt: [Double], other o: Matrix) -> [Double] {
        let K = o.cols
        var m = [[Double]](repeating: [Double](repeating: 0, count: K), count: K)
        var b = [Double](repeating: 0, count: K)
        for j in 0..<y.count {
            for k in 0..<K {
                b[k] += wt[j] * y[j] * o[j, k]
                for l in 0..<K { m[k][l] += wt[j] * o[j, k] * o[j, l] }
            }
        }
        return solve(m, b)
    }

    /// One cycle without rotation: w-step at (A, G), a-step row by row, g-step column by column.
    static func cycle(Y: Matrix, W: Matrix, A: Matrix, G: Matrix, likelihood: Likelihood) -> (
        A: Matrix, G: Matrix
    ) {
        let wt = totalWeights(Y: Y, W: W, A: A, G: G, likelihood: likelihood)
        var newA = A
        for i in 0..<Y.rows {
            let a = weightedLeastSquares(y: Array(Y.row(i)), wt: wt[i], other: G)
            for k in 0..<A.cols { newA[i, k] = a[k] }
        }
        var newG = G
        for j in 0..<Y.cols {
            let g = weightedLeastSquares(
                y: Array(Y.column(j)), wt: (0..<Y.rows).map { wt[$0][j] }, other: newA)
            for k in 0..<G.cols { newG[j, k] = g[k] }
        }
        return (newA, newG)
    }

    /// The loss, entry by entry.
    static func loss(Y: Matrix, W: Matrix, A: Matrix, G: Matrix, likelihood: Likelihood) -> Double {
        var total = 0.0
        for i in 0..<Y.rows {
            for j in 0..<Y.cols {
                var p = 0.0
                for k in 0..<A.cols { p += A[i, k] * G[j, k] }
                let r = Y[i, j] - p
                total += likelihood.loss(W[i, j] * r * r)
            }
        }
        return total
    }
}
