internal import CLAPACKE
public import HMFCore

/// Thin wrappers over LAPACKE. Every LAPACK failure becomes `RHMFError.lapack` with its info code.
enum LAPACK {
    @inline(__always)
    static func check(_ info: Int32, _ routine: String) throws(RHMFError) {
        if info != 0 { throw .lapack(routine: routine, info: Int32(info)) }
    }

    /// Cholesky factorisation of an n x n SPD matrix in place (column-major == row-major for symmetric input;
    /// the factor is left in the lower triangle, column-major). Returns LAPACK's info (0 on success).
    @inline(__always)
    static func potrf(_ a: UnsafeMutablePointer<Double>, n: Int) -> Int32 {
        Int32(LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), Int32(n), a, Int32(n)))
    }

    /// Solves with the factor from `potrf` for one right-hand side in place.
    @inline(__always)
    static func potrs(_ a: UnsafePointer<Double>, n: Int, rhs: UnsafeMutablePointer<Double>)
        -> Int32
    {
        Int32(
            LAPACKE_dpotrs_work(
                LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), Int32(n), 1, a, Int32(n), rhs, Int32(n)))
    }
}

/// Eigen-decomposition of a symmetric matrix.
package struct SymmetricEigen: Sendable {
    /// Eigenvalues in ascending order.
    public let values: [Double]
    /// Eigenvectors as columns (n x n).
    public let vectors: Matrix

    /// Decomposes the symmetric matrix `a` (only its upper triangle is read) with LAPACK dsyevd.
    public init(_ a: Matrix) throws(RHMFError) {
        guard a.rows == a.cols else {
            throw .shapeMismatch(
                "eigen-decomposition needs a square matrix, got \(a.rows) x \(a.cols)")
        }
        let n = a.rows
        var v = a
        var w = [Double](repeating: 0, count: n)
        if n > 0 {
            let info = v.withUnsafeMutableBufferPointer { pv in
                w.withUnsafeMutableBufferPointer { pw in
                    LAPACKE_dsyevd(
                        LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "U")),
                        Int32(n), pv.baseAddress, Int32(n), pw.baseAddress)
                }
            }
            try LAPACK.check(info, "dsyevd")
        }
        values = w
        vectors = v
    }
}

/// Thin singular value decomposition A = U diag(s) V^T with k = min(rows, cols).
public struct SVD: Sendable {
    /// Left singular vectors, rows x k.
    public let U: Matrix
    /// Singular values, descending.
    public let s: [Double]
    /// Right singular vectors transposed, k x cols.
    public let Vt: Matrix

    /// Decomposes `a` with LAPACK dgesdd (divide and conquer).
    public init(_ a: Matrix) throws(RHMFError) {
        let m = a.rows
        let n = a.cols
        let k = min(m, n)
        guard k > 0 else { throw .emptyData("cannot take the SVD of a \(m) x \(n) matrix") }
        guard a.isFinite else { throw .nonFinite("SVD input contains NaN or infinity") }
        var work = a
        var u = Matrix(rows: m, cols: k)
        var vt = Matrix(rows: k, cols: n)
        var s = [Double](repeating: 0, count: k)
        let info = work.withUnsafeMutableBufferPointer { pa in
            u.withUnsafeMutableBufferPointer { pu in
                vt.withUnsafeMutableBufferPointer { pv in
                    s.withUnsafeMutableBufferPointer { ps in
                        LAPACKE_dgesdd(
                            LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "S")), Int32(m), Int32(n),
                            pa.baseAddress, Int32(n), ps.baseAddress,
                            pu.baseAddress, Int32(k), pv.baseAddress, Int32(n))
                    }
                }
            }
        }
        try LAPACK.check(info, "dgesdd")
        U = u
        self.s = s
        Vt = vt
    }
}

extension Matrix {
    /// An orthonormal basis of this (tall) matrix's column space, by Householder QR (dgeqrf + dorgqr).
    public func orthonormalColumns() throws(RHMFError) -> Matrix {
        let m = rows
        let n = cols
        guard m >= n, n > 0 else { throw .shapeMismatch("QR needs a tall matrix, got \(m) x \(n)") }
        var q = self
        var tau = [Double](repeating: 0, count: n)
        let info1 = q.withUnsafeMutableBufferPointer { pq in
            tau.withUnsafeMutableBufferPointer { pt in
                LAPACKE_dgeqrf(
                    LAPACK_ROW_MAJOR, Int32(m), Int32(n), pq.baseAddress, Int32(n), pt.baseAddress)
            }
        }
        try LAPACK.check(info1, "dgeqrf")
        let info2 = q.withUnsafeMutableBufferPointer { pq in
            tau.withUnsafeMutableBufferPointer { pt in
                LAPACKE_dorgqr(
                    LAPACK_ROW_MAJOR, Int32(m), Int32(n), Int32(n), pq.baseAddress, Int32(n),
                    pt.baseAddress)
            }
        }
        try LAPACK.check(info2, "dorgqr")
        return q
    }
}
