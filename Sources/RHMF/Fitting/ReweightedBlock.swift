import HMFCore

/// Work buffers for one block of rows, owned by one lane, and the steps that the ALS cycle, inference and the
/// loss share: predict and reweight the block (`RowKernels.predictAndReweight`), then the a-step: all K x K
/// Gram matrices at once (one GEMM of Wt against the packed products g_k g_l), the right-hand sides
/// (`RowKernels.rightHandSides`) and one small Cholesky solve per row.
struct ReweightedBlock {
    let M: Int
    let K: Int
    let capacity: Int
    /// Total weights Wt = W * w, capacity x M (valid for the current block's rows).
    var wt: [Double]
    /// Wt * Y, capacity x M.
    var wty: [Double]
    /// Packed Gram matrices of the block's rows, transposed: P x rows (P = `BasisProducts.width(K)`).
    var gram: [Double]
    /// The Gram solver (one per lane).
    var solver: PackedGramSolver

    init(M: Int, K: Int, capacity: Int, ridge: Double) {
        self.M = M
        self.K = K
        self.capacity = max(1, capacity)
        wt = [Double](repeating: 0, count: self.capacity * M)
        wty = wt
        gram = [Double](repeating: 0, count: self.capacity * BasisProducts.width(K))
        solver = PackedGramSolver(rank: K, ridge: ridge)
    }

    /// Fills `wt` and `wty` for `block` from the coefficient rows `a` (block.rows x K) and the basis, and
    /// returns the loss of the block.
    mutating func reweight(
        _ block: RowBlock, a: UnsafePointer<Double>, basis: BasisProducts, likelihood: Likelihood
    ) -> Double {
        let b = block.rows
        let M = self.M
        let K = self.K
        // invariant
        precondition(b <= capacity && block.columns == M, "block larger than the workspace")
        return basis.gt.withUnsafeBufferPointer { gt in
            wt.withUnsafeMutableBufferPointer { wtp in
                wty.withUnsafeMutableBufferPointer { p in
                    let g = gt.baseAddress!
                    let wtq = wtp.baseAddress!
                    let pq = p.baseAddress!  // invariant: non-empty
                    switch block.values {
                    case .double(let y, let w):
                        return RowKernels.predictAndReweight(
                            y: y, w: w, rows: b, M: M, K: K, a: a, gt: g,
                            likelihood: likelihood, wt: wtq, wty: pq)
                    case .single(let y, let w):
                        return RowKernels.predictAndReweight(
                            y: y, w: w, rows: b, M: M, K: K, a: a, gt: g,
                            likelihood: likelihood, wt: wtq, wty: pq)
                    }
                }
            }
        }
    }

    /// The a-step for the block after `reweight`: writes the `rows` new coefficient rows to `a` (rows x K).
    mutating func solveCoefficients(
        basis: BasisProducts, rows b: Int, into a: UnsafeMutablePointer<Double>
    ) {
        let M = self.M
        let K = self.K
        let P = basis.width
        wt.withUnsafeBufferPointer { wtp in
            wty.withUnsafeBufferPointer { p in
                basis.pgt.withUnsafeBufferPointer { pg in
                    basis.gt.withUnsafeBufferPointer { gt in
                        gram.withUnsafeMutableBufferPointer { gr in
                            // gram^T (P x b) = PGt (P x M) Wt^T (M x b)
                            BLAS.gemm(
                                // invariant: non-empty
                                transB: true, m: P, n: b, k: M, a: pg.baseAddress!, lda: M,
                                b: wtp.baseAddress!, ldb: M, c: gr.baseAddress!, ldc: b)
                            RowKernels.rightHandSides(
                                wty: p.baseAddress!, rows: b, M: M, K: K, gt: gt.baseAddress!,
                                into: a)
                            for i in 0..<b {
                                solver.solve(
                                    packed: gr.baseAddress! + i, stride: b, rhs: a + i * K,
                                    rhsStride: 1)
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The basis in the layouts the kernels want, made once per cycle: G transposed (K x M), and the packed
/// products g_jk g_jl (k <= l) transposed and padded to `width` rows (P x M), so that one GEMM of Wt against
/// them gives every row's packed Gram matrix.
struct BasisProducts: Sendable {
    let K: Int
    let width: Int
    /// G^T, K x M.
    let gt: [Double]
    /// Packed products, P x M (rows beyond K(K+1)/2 are zero).
    let pgt: [Double]

    /// The padded number of packed products: K(K+1)/2 rounded up to a multiple of 8, which GEMM kernels run
    /// at full speed (K = 10 gives 56 for 55).
    static func width(_ K: Int) -> Int { (PackedGramSolver.packedCount(K) + 7) / 8 * 8 }

    init(_ G: Matrix) {
        let M = G.rows
        let K = G.cols
        let P = Self.width(K)
        self.K = K
        width = P
        gt = G.transposed.elements
        var p = [Double](repeating: 0, count: P * M)
        var t = 0
        for k in 0..<K {
            for l in k..<K {
                for j in 0..<M { p[t * M + j] = G[j, k] * G[j, l] }
                t += 1
            }
        }
        pgt = p
    }
}

/// The padded packed products of the rows of x (rows x K) into p (rows x P, zero beyond K(K+1)/2).
func packedProducts(
    _ x: UnsafePointer<Double>, rows: Int, K: Int, into p: UnsafeMutablePointer<Double>
) {
    let P = BasisProducts.width(K)
    for i in 0..<rows {
        var q = i * P
        for k in 0..<K {
            let xk = x[i * K + k]
            for l in k..<K {
                p[q] = xk * x[i * K + l]
                q += 1
            }
        }
        while q < (i + 1) * P {
            p[q] = 0
            q += 1
        }
    }
}
