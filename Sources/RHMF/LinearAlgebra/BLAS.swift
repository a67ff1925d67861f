internal import CBLAS
public import HMFCore

/// Thin wrappers over CBLAS (row-major). Pointer-level entry points serve the streamed kernels;
/// `Matrix.product` serves everything else.
enum BLAS {
    /// C = alpha * op(A) * op(B) + beta * C, all row-major; op(A) is m x k, op(B) is k x n.
    @inline(__always)
    static func gemm(
        transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
        alpha: Double = 1, a: UnsafePointer<Double>, lda: Int,
        b: UnsafePointer<Double>, ldb: Int,
        beta: Double = 0, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        guard m > 0, n > 0 else { return }
        cblas_dgemm(
            CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// Upper triangle of C = alpha * A^T A + beta * C for row-major A (k x n), C n x n.
    static func syrkTransposed(
        n: Int, k: Int, alpha: Double = 1, a: UnsafePointer<Double>, lda: Int,
        beta: Double = 0, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        guard n > 0 else { return }
        cblas_dsyrk(
            CblasRowMajor, CblasUpper, CblasTrans, Int32(n), Int32(k), alpha, a, Int32(lda), beta,
            c, Int32(ldc))
    }

    /// Number of threads OpenBLAS uses.
    static var threads: Int { Int(openblas_get_num_threads()) }

    /// Sets the number of threads OpenBLAS uses.
    static func setThreads(_ n: Int) { openblas_set_num_threads(Int32(n)) }
}

extension Matrix {
    /// op(a) * op(b) through one GEMM, where op transposes when asked.
    /// - Throws: `RHMFError.shapeMismatch` when the inner dimensions differ.
    public static func product(
        _ a: Matrix, _ b: Matrix,
        transposeA ta: Bool = false, transposeB tb: Bool = false
    ) throws(RHMFError) -> Matrix {
        let (m, ka) = ta ? (a.cols, a.rows) : (a.rows, a.cols)
        let (kb, n) = tb ? (b.cols, b.rows) : (b.rows, b.cols)
        guard ka == kb else {
            throw .shapeMismatch("cannot multiply \(m) x \(ka) by \(kb) x \(n)")
        }
        var c = Matrix(rows: m, cols: n)
        if ka == 0 { return c }
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    BLAS.gemm(
                        transA: ta, transB: tb, m: m, n: n, k: ka,
                        // invariant: non-empty
                        a: pa.baseAddress!, lda: a.cols, b: pb.baseAddress!, ldb: b.cols,
                        c: pc.baseAddress!, ldc: n)
                }
            }
        }
        return c
    }

    /// The Gram matrix A^T A (K x K, symmetric, both triangles filled).
    public var gram: Matrix {
        var c = Matrix(rows: cols, cols: cols)
        guard rows > 0, cols > 0 else { return c }
        withUnsafeBufferPointer { pa in
            c.withUnsafeMutableBufferPointer { pc in
                BLAS.syrkTransposed(
                    // invariant: non-empty
                    n: cols, k: rows, a: pa.baseAddress!, lda: cols, c: pc.baseAddress!, ldc: cols)
            }
        }
        for i in 0..<cols { for j in 0..<i { c[i, j] = c[j, i] } }
        return c
    }
}

/// What the linked OpenBLAS is doing, for reports and for choosing kernels.
package enum BLASInfo {
    /// The kernel family OpenBLAS runs ("Haswell", "Zen", "Prescott", ...).
    public static var coreName: String { String(cString: openblas_get_corename()) }

    /// A probe of one kernel family: the best time (of `repeats`) of a workload shaped like the engine's
    /// (two square multiplications and twenty of each of the cycle's two Gram products, 56 x 64 x 2321), its
    /// flop count, and whether a product agrees with a plain triple loop to 1e-12 relative.
    public static func probe(repeats: Int = 3) -> (seconds: Double, flops: Double, correct: Bool) {
        var rng = SeededGenerator(seed: 77)
        let (m, k, p) = (61, 97, 53)
        let x = rng.normalMatrix(rows: m, cols: k)
        let y = rng.normalMatrix(rows: k, cols: p)
        guard let fast = try? Matrix.product(x, y) else { return (.infinity, 0, false) }
        var worst = 0.0
        for i in 0..<m {
            for j in 0..<p {
                var s = 0.0
                var scale = 0.0
                for l in 0..<k {
                    s += x[i, l] * y[l, j]
                    scale += abs(x[i, l] * y[l, j])
                }
                worst = max(worst, abs(fast[i, j] - s) / max(scale, .leastNormalMagnitude))
            }
        }
        let n = 512
        let P = 56
        let b = 64
        let M = 2321
        let sq = [Double](repeating: 0.5, count: n * n)
        let wide = [Double](repeating: 0.25, count: P * M)
        let block = [Double](repeating: 0.75, count: b * M)
        let small = [Double](repeating: 0.1, count: b * P)
        var out = [Double](repeating: 0, count: max(n * n, P * M))
        let flops = 2 * (2 * Double(n * n * n) + 20 * Double(P * b * M) * 2)
        var best = Double.infinity
        let clock = ContinuousClock()
        for _ in 0..<repeats {
            let t0 = clock.now
            sq.withUnsafeBufferPointer { a in
                wide.withUnsafeBufferPointer { w in
                    block.withUnsafeBufferPointer { bl in
                        small.withUnsafeBufferPointer { s in
                            out.withUnsafeMutableBufferPointer { c in
                                let (a, w, bl, s, c) = (
                                    a.baseAddress!, w.baseAddress!, bl.baseAddress!, s.baseAddress!,
                                    c.baseAddress!
                                )  // invariant: non-empty
                                for _ in 0..<2 {
                                    BLAS.gemm(
                                        m: n, n: n, k: n, a: a, lda: n, b: a, ldb: n, c: c, ldc: n)
                                }
                                for _ in 0..<20 {
                                    BLAS.gemm(
                                        transB: true, m: P, n: b, k: M, a: w, lda: M, b: bl, ldb: M,
                                        c: c, ldc: b)
                                    BLAS.gemm(
                                        transA: true, m: P, n: M, k: b, a: s, lda: P, b: bl, ldb: M,
                                        beta: 1, c: c, ldc: M)
                                }
                            }
                        }
                    }
                }
            }
            best = min(best, Double((clock.now - t0) / .seconds(1)))
        }
        return (best, flops, worst < 1e-12)
    }
}
