import HMFCore

/// The g-step's normal equations summed over rows, so that the basis update needs no second pass over the
/// data: for every column j, sum_i Wt_ij a_i a_i^T (packed) and sum_i Wt_ij y_ij a_i, using each block's freshly
/// updated coefficients. One accumulator per chunk of rows; chunks are added in order (see `Lanes`).
struct BasisAccumulator {
    let M: Int
    let K: Int
    /// Packed Gram matrices transposed (P x M), then right-hand sides transposed (K x M), then the loss: one
    /// buffer, so that a distributed fit sums it with one reduction.
    private(set) var values: [Double]
    /// Packed products of the block's coefficient rows (scratch, rows x P).
    private var products: [Double] = []

    init(M: Int, K: Int) {
        self.M = M
        self.K = K
        values = [Double](repeating: 0, count: M * (BasisProducts.width(K) + K) + 1)
    }

    private var gramCount: Int { M * BasisProducts.width(K) }

    /// The loss of the rows added so far.
    var loss: Double {
        get { values[values.count - 1] }
        set { values[values.count - 1] = newValue }
    }

    /// Sets everything to zero.
    mutating func reset() {
        values.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }

    /// Adds one block (after its a-step): `a` holds the block's `rows` new coefficient rows.
    mutating func add(block: ReweightedBlock, a: UnsafePointer<Double>, rows b: Int) {
        let M = self.M
        let K = self.K
        let P = BasisProducts.width(K)
        let gramCount = self.gramCount
        if products.count < b * P { products = [Double](repeating: 0, count: b * P) }
        products.withUnsafeMutableBufferPointer { pa in
            packedProducts(a, rows: b, K: K, into: pa.baseAddress!)  // invariant: sized above
        }
        block.wt.withUnsafeBufferPointer { wt in
            block.wty.withUnsafeBufferPointer { wty in
                products.withUnsafeBufferPointer { pa in
                    values.withUnsafeMutableBufferPointer { v in
                        let gram = v.baseAddress!
                        let rhs = v.baseAddress! + gramCount  // invariant: non-empty
                        // gram^T (P x M) += PA^T (P x b) Wt (b x M)
                        BLAS.gemm(
                            transA: true, m: P, n: M, k: b, a: pa.baseAddress!, lda: P,
                            b: wt.baseAddress!, ldb: M, beta: 1, c: gram, ldc: M)
                        RowKernels.addBasisRightHandSides(
                            wty: wty.baseAddress!, rows: b, M: M, K: K, a: a, into: rhs)
                    }
                }
            }
        }
    }

    /// Adds another accumulator's sums (same shape).
    mutating func add(_ other: BasisAccumulator) {
        values.withUnsafeMutableBufferPointer { v in
            other.values.withUnsafeBufferPointer { o in
                for k in 0..<v.count { v[k] += o[k] }
            }
        }
    }

    /// Sums the accumulator over all processes of `reduction`.
    mutating func reduce(_ reduction: any Reduction) throws(RHMFError) {
        try reduction.sum(&values)
    }

    /// Solves every column's system; the basis G (M x K). The M solves are split between the lanes.
    func solve(ridge: Double) -> Matrix {
        let M = self.M
        let K = self.K
        let gramCount = self.gramCount
        var g = Matrix(rows: M, cols: K)
        let parts = min(Lanes.count, max(1, M / 256))
        values.withUnsafeBufferPointer { v in
            g.withUnsafeMutableBufferPointer { gp in
                let gram = SharedReadPointer(base: v.baseAddress!)
                let out = SharedPointer(base: gp.baseAddress!)  // invariant: non-empty
                Lanes.split(parts) { part in
                    var solver = PackedGramSolver(rank: K, ridge: ridge)
                    let lo = part * M / parts
                    let hi = (part + 1) * M / parts
                    for j in lo..<hi {
                        for k in 0..<K { out.base[j * K + k] = gram.base[gramCount + k * M + j] }
                        solver.solve(
                            packed: gram.base + j, stride: M, rhs: out.base + j * K, rhsStride: 1)
                    }
                }
            }
        }
        return g
    }
}
