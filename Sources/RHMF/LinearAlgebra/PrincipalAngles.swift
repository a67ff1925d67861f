import Foundation
public import HMFCore

/// The principal angles between the column spans of two matrices (two bases over the same pixels):
/// 0 for identical subspaces, pi/2 for orthogonal directions. Invariant to any rotation of either basis.
public struct PrincipalAngles: Sendable, Equatable, Codable {
    /// The angles in radians, ascending; min(rank of a, rank of b) of them.
    public let radians: [Double]

    /// The angles in degrees, ascending.
    public var degrees: [Double] { radians.map { $0 * 180 / .pi } }
    /// The largest angle in radians (0 when there are none).
    public var largest: Double { radians.last ?? 0 }
    /// The largest angle in degrees.
    public var largestDegrees: Double { largest * 180 / .pi }
}

/// The principal angles between the spans of the columns of `a` and `b` (both with the same number of rows).
///
/// With orthonormal bases Qa and Qb, the sines of the angles are the singular values of Qb - Qa (Qa^T Qb),
/// which resolve angles far below the 1e-8 rad that the arccosine of the cosines can.
public func principalAngles(between a: Matrix, and b: Matrix) throws(RHMFError) -> PrincipalAngles {
    guard a.rows == b.rows else {
        throw .shapeMismatch(
            "bases have \(a.rows) and \(b.rows) rows; they must span the same space")
    }
    guard a.cols >= 1, b.cols >= 1, a.cols <= a.rows, b.cols <= b.rows else {
        throw .shapeMismatch(
            "principal angles need tall bases, got \(a.rows) x \(a.cols) and \(b.rows) x \(b.cols)")
    }
    guard a.isFinite, b.isFinite else { throw .nonFinite("a basis contains NaN or infinity") }
    // The smaller subspace goes second, so the residual has one column per angle.
    let (wide, narrow) = a.cols >= b.cols ? (a, b) : (b, a)
    let qa = try wide.orthonormalColumns()
    let qb = try narrow.orthonormalColumns()
    let projection = try Matrix.product(qa, try Matrix.product(qa, qb, transposeA: true))
    let sines = try SVD(qb - projection).s
    return PrincipalAngles(radians: sines.map { asin(min(1, max(0, $0))) }.sorted())
}
