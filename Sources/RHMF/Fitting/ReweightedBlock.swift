import Foundation

/// Work buffers for one block of rows and the fused pass that the ALS cycle, inference and the
/// loss all share: predict the block (one GEMM), then in a single sweep over its entries form residuals,
/// the loss, robust weights w, total weights Wt = W w and the weighted data Wt * Y.
///
/// The a-step for the block then needs two more GEMMs (all K x K Gram matrices at once, and all
/// right-hand sides) and one small Cholesky solve per row.
struct ReweightedBlock {
    let M: Int
    let K: Int
    let capacity: Int
    /// Total weights Wt = W * w, capacity x M (valid for the current block's rows).
    var wt: [Double]
    /// Prediction, then overwritten by Wt * Y, capacity x M.
    var wty: [Double]
    /// Packed Gram matrices, capacity x K(K+1)/2.
    var gram: [Double]
    /// Right-hand sides, then solutions, capacity x K.
    var rhs: [Double]

    init(M: Int, K: Int, capacity: Int) {
        self.M = M
        self.K = K
        self.capacity = capacity
        wt = [Double](repeating: 0, count: capacity * M)
        wty = [Double](repeating: 0, count: capacity * M)
        gram = [Double](repeating: 0, count: capacity * PackedGramSolver.packedCount(K))
        rhs = [Double](repeating: 0, count: capacity * K)
    }

    /// For rows `rows` (at most `capacity` of them) fills `wt` and `wty` from the current A and G and returns
    /// the loss of those rows. `a` holds the block's coefficient rows (rows.count x K, row-major).
    mutating func reweight(data: WeightedData, a: UnsafePointer<Double>, G: Matrix, rows: Range<Int>,
                           likelihood: Likelihood) -> Double {
        let b = rows.count, M = self.M
        G.storage.withUnsafeBufferPointer { g in
            wty.withUnsafeMutableBufferPointer { p in
                BLAS.gemm(transB: true, m: b, n: M, k: K, a: a, lda: K, b: g.baseAddress!, ldb: K, c: p.baseAddress!, ldc: M) // invariant: non-empty
            }
        }
        let offset = rows.lowerBound * M
        let count = b * M
        return data.Y.storage.withUnsafeBufferPointer { yAll in
            data.W.storage.withUnsafeBufferPointer { wAll in
                wt.withUnsafeMutableBufferPointer { wtp in
                    wty.withUnsafeMutableBufferPointer { p in
                        let y = yAll.baseAddress! + offset, w = wAll.baseAddress! + offset // invariant: non-empty
                        let wtq = wtp.baseAddress!, pq = p.baseAddress! // invariant: capacity >= 1
                        return Self.fusedPass(y: y, w: w, pred: pq, wt: wtq, count: count, likelihood: likelihood)
                    }
                }
            }
        }
    }

    /// The element sweep: on entry `pred` holds the prediction; on exit `wt` = W w and `pred` = W w y.
    /// Large blocks are split across two threads (the machine's cores); the result does not depend on the split
    /// because each half's loss is summed separately and the halves are added in a fixed order.
    private static func fusedPass(y: UnsafePointer<Double>, w: UnsafePointer<Double>, pred: UnsafeMutablePointer<Double>,
                                  wt: UnsafeMutablePointer<Double>, count: Int, likelihood: Likelihood) -> Double {
        let parts = count >= 1 << 16 ? 2 : 1
        let chunk = (count + parts - 1) / parts
        let losses = UnsafeMutableBufferPointer<Double>.allocate(capacity: parts)
        defer { losses.deallocate() }
        let shared = SweepBuffers(y: y, w: w, pred: pred, wt: wt, losses: losses)
        let sweep = { @Sendable (part: Int) in
            let lo = part * chunk, n = min(count, lo + chunk) - lo
            shared.losses[part] = sweepEntries(y: shared.y + lo, w: shared.w + lo, pred: shared.pred + lo, wt: shared.wt + lo,
                                               count: n, likelihood: likelihood)
        }
        if parts == 1 { sweep(0) } else { DispatchQueue.concurrentPerform(iterations: parts, execute: sweep) }
        return losses.reduce(0, +)
    }

    /// One thread's share of the sweep. The robust loss c sum log(1 + x/c) is accumulated as the log of a running
    /// product of the factors (1 + x/c), taking a logarithm only when the product grows past 2^300, which is
    /// about as accurate as summing log1p and many times cheaper.
    @inline(__always)
    private static func sweepEntries(y: UnsafePointer<Double>, w: UnsafePointer<Double>, pred: UnsafeMutablePointer<Double>,
                                     wt: UnsafeMutablePointer<Double>, count: Int, likelihood: Likelihood) -> Double {
        if let c = likelihood.scale {
            let invC = 1 / c
            let flush = 0x1p300
            var logSum = 0.0
            var product = 1.0
            for k in 0..<count {
                let wk = w[k], yk = y[k]
                let r = yk - pred[k]
                let x = wk * r * r
                let t = wk * (c / (c + x))
                wt[k] = t
                pred[k] = t * yk
                let f = 1 + x * invC
                if f < flush {
                    product *= f
                    if product >= flush { logSum += log(product); product = 1 }
                } else {
                    logSum += log1p(x * invC)
                }
            }
            return c * (logSum + log(product))
        } else {
            var loss = 0.0
            for k in 0..<count {
                let wk = w[k], yk = y[k]
                let r = yk - pred[k]
                loss += wk * r * r
                wt[k] = wk
                pred[k] = wk * yk
            }
            return loss
        }
    }

    /// The a-step for the block after `reweight`: Gram matrices Wt P(G) and right-hand sides (Wt Y) G by
    /// two GEMMs, then one solve per row, written to `a` (rows.count x K).
    mutating func solveCoefficients(packedG: Matrix, G: Matrix, count b: Int, solver: inout PackedGramSolver,
                                    into a: UnsafeMutablePointer<Double>) {
        let M = self.M, K = self.K, K2 = packedG.cols
        wt.withUnsafeBufferPointer { wtp in
            wty.withUnsafeBufferPointer { p in
                packedG.storage.withUnsafeBufferPointer { pg in
                    G.storage.withUnsafeBufferPointer { g in
                        gram.withUnsafeMutableBufferPointer { gr in
                            rhs.withUnsafeMutableBufferPointer { rh in
                                BLAS.gemm(m: b, n: K2, k: M, a: wtp.baseAddress!, lda: M, b: pg.baseAddress!, ldb: K2, // invariant: non-empty
                                          c: gr.baseAddress!, ldc: K2)
                                BLAS.gemm(m: b, n: K, k: M, a: p.baseAddress!, lda: M, b: g.baseAddress!, ldb: K,
                                          c: rh.baseAddress!, ldc: K)
                                for i in 0..<b {
                                    solver.solve(packed: gr.baseAddress! + i * K2, rhs: rh.baseAddress! + i * K)
                                    for c in 0..<K { a[i * K + c] = rh[i * K + c] }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The buffers of one sweep, shared by its threads; each thread touches a disjoint range.
private struct SweepBuffers: @unchecked Sendable {
    let y: UnsafePointer<Double>
    let w: UnsafePointer<Double>
    let pred: UnsafeMutablePointer<Double>
    let wt: UnsafeMutablePointer<Double>
    let losses: UnsafeMutableBufferPointer<Double>
}

/// The products x_k x_l (k <= l) of every row of X, packed as the Gram solver expects: row i of the result
/// dotted with a weight vector gives the packed upper triangle of sum_i w_i x_i x_i^T.
func packedProducts(_ x: Matrix) -> Matrix {
    let K = x.cols, K2 = PackedGramSolver.packedCount(K)
    var p = Matrix(rows: x.rows, cols: K2)
    x.storage.withUnsafeBufferPointer { xs in
        p.storage.withUnsafeMutableBufferPointer { ps in
            for i in 0..<x.rows {
                var q = i * K2
                for k in 0..<K {
                    let xk = xs[i * K + k]
                    for l in k..<K { ps[q] = xk * xs[i * K + l]; q += 1 }
                }
            }
        }
    }
    return p
}
