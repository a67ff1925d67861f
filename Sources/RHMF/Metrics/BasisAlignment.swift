import Foundation
public import HMFCore

/// The columns of `target` (M x K') as the basis `basis` (M x K) can express them: the least-squares
/// projection basis (B^T B)^-1 B^T target. A basis is only defined up to an invertible K x K map, so
/// comparing a delivered basis with the truth vector by vector needs this: a perfect basis reproduces every
/// true vector exactly, and what it cannot express is the damage (for instance spikes at outlier columns).
/// - Throws: `RHMFError.shapeMismatch` when the row counts differ.
public func projection(of target: Matrix, onto basis: Matrix) throws(RHMFError) -> Matrix {
    guard target.rows == basis.rows else {
        throw .shapeMismatch(
            "cannot project vectors of \(target.rows) pixels onto a basis of \(basis.rows)")
    }
    let k = basis.cols
    let gram = try Matrix.product(basis, basis, transposeA: true)
    let cross = try Matrix.product(basis, target, transposeA: true)
    var lower = [Double](repeating: 0, count: k * k)
    var trace = 0.0
    for p in 0..<k { trace += gram[p, p] }
    for p in 0..<k {
        for q in 0...p { lower[p * k + q] = gram[p, q] + (p == q ? 1e-12 * trace : 0) }
    }
    var coefficients = Matrix(rows: k, cols: target.cols)
    for c in 0..<target.cols {
        let x = ScaledSVDStart.choleskySolve(lower: lower, (0..<k).map { cross[$0, c] }, k)
        for p in 0..<k { coefficients[p, c] = x[p] }
    }
    return try Matrix.product(basis, coefficients)
}
