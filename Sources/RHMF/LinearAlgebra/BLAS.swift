internal import CBLAS

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
        cblas_dgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// Upper triangle of C = alpha * A^T A + beta * C for row-major A (k x n), C n x n.
    static func syrkTransposed(n: Int, k: Int, alpha: Double = 1, a: UnsafePointer<Double>, lda: Int,
                               beta: Double = 0, c: UnsafeMutablePointer<Double>, ldc: Int) {
        guard n > 0 else { return }
        cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, Int32(n), Int32(k), alpha, a, Int32(lda), beta, c, Int32(ldc))
    }

    /// Number of threads OpenBLAS uses.
    static var threads: Int { Int(openblas_get_num_threads()) }

    /// Sets the number of threads OpenBLAS uses.
    static func setThreads(_ n: Int) { openblas_set_num_threads(Int32(n)) }
}

extension Matrix {
    /// op(a) * op(b) through one GEMM, where op transposes when asked.
    /// - Throws: `RHMFError.shapeMismatch` when the inner dimensions differ.
    public static func product(_ a: Matrix, _ b: Matrix,
                               transposeA ta: Bool = false, transposeB tb: Bool = false) throws(RHMFError) -> Matrix {
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
                    BLAS.gemm(transA: ta, transB: tb, m: m, n: n, k: ka,
                              a: pa.baseAddress!, lda: a.cols, b: pb.baseAddress!, ldb: b.cols, // invariant: non-empty
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
                BLAS.syrkTransposed(n: cols, k: rows, a: pa.baseAddress!, lda: cols, c: pc.baseAddress!, ldc: cols) // invariant: non-empty
            }
        }
        for i in 0..<cols { for j in 0..<i { c[i, j] = c[j, i] } }
        return c
    }
}
