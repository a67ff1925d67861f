/// Accumulates the g-step's normal equations over row blocks, so that the basis update needs no
/// second pass over the data: for every column j, sum_i Wt_ij a_i a_i^T (packed) and sum_i Wt_ij y_ij a_i,
/// using each block's freshly updated coefficients.
struct BasisAccumulator {
    let M: Int
    let K: Int
    /// M x K(K+1)/2 packed Gram matrices.
    private var gram: [Double]
    /// M x K right-hand sides.
    private var rhs: [Double]

    init(M: Int, K: Int) {
        self.M = M
        self.K = K
        gram = [Double](repeating: 0, count: M * PackedGramSolver.packedCount(K))
        rhs = [Double](repeating: 0, count: M * K)
    }

    /// Adds one block (after its a-step): `a` holds the block's new coefficient rows.
    mutating func add(block: ReweightedBlock, a: Matrix, rows: Range<Int>) {
        let b = rows.count, M = self.M, K = self.K, K2 = PackedGramSolver.packedCount(K)
        let products = packedProducts(a.rows(rows))
        block.wt.withUnsafeBufferPointer { wt in
            block.wty.withUnsafeBufferPointer { wty in
                products.storage.withUnsafeBufferPointer { pa in
                    a.storage.withUnsafeBufferPointer { ab in
                        gram.withUnsafeMutableBufferPointer { gr in
                            rhs.withUnsafeMutableBufferPointer { rh in
                                BLAS.gemm(transA: true, m: M, n: K2, k: b, a: wt.baseAddress!, lda: M, // invariant: non-empty
                                          b: pa.baseAddress!, ldb: K2, beta: 1, c: gr.baseAddress!, ldc: K2)
                                BLAS.gemm(transA: true, m: M, n: K, k: b, a: wty.baseAddress!, lda: M,
                                          b: ab.baseAddress! + rows.lowerBound * K, ldb: K, beta: 1, c: rh.baseAddress!, ldc: K)
                            }
                        }
                    }
                }
            }
        }
    }

    /// Solves every column's system; the basis G (M x K).
    mutating func solve(solver: inout PackedGramSolver) -> Matrix {
        let K = self.K, K2 = PackedGramSolver.packedCount(K)
        var g = Matrix(rows: M, cols: K)
        gram.withUnsafeBufferPointer { gr in
            rhs.withUnsafeMutableBufferPointer { rh in
                for j in 0..<M {
                    solver.solve(packed: gr.baseAddress! + j * K2, rhs: rh.baseAddress! + j * K) // invariant: non-empty
                }
            }
        }
        g.storage = rhs
        return g
    }
}
