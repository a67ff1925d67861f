import Foundation
import HMFCore

/// The noise model that turns weighted squared residuals x = W r^2 into a loss and a robust weight.
///
/// - Gaussian: loss x, robust weight 1 (plain heteroskedastic matrix factorisation).
/// - Cauchy with scale Q: loss Q^2 log(1 + x / Q^2), weight Q^2 / (Q^2 + x).
/// - Student-t with degrees of freedom nu and scale s: the same with Q^2 replaced by nu s^2
///   (Cauchy is Student-t with nu = 1, s = Q).
///
/// The robust weight is the derivative of the loss with respect to x, which makes the
/// iteratively reweighted least-squares cycle a majorise-minimise scheme: the loss never increases.
public enum Likelihood: Sendable, Equatable, Hashable, Codable {
    case gaussian
    case cauchy(q: Double)
    case studentT(nu: Double, s: Double)

    /// The squared scale c in c log(1 + x / c): Q^2 for Cauchy, nu s^2 for Student-t; nil for the Gaussian.
    @inlinable
    public var squaredScale: Double? {
        switch self {
        case .gaussian: return nil
        case .cauchy(let q): return q * q
        case .studentT(let nu, let s): return nu * s * s
        }
    }

    /// Loss contribution of one entry with weighted squared residual x.
    @inlinable
    public func loss(_ x: Double) -> Double {
        guard let c = squaredScale else { return x }
        return c * log1p(x / c)
    }

    /// Robust weight of one entry with weighted squared residual x, in (0, 1].
    @inlinable
    public func robustWeight(_ x: Double) -> Double {
        guard let c = squaredScale else { return 1 }
        return c / (c + x)
    }

    /// Checks the parameters are positive and finite.
    public func validate() throws(RHMFError) {
        switch self {
        case .gaussian: return
        case .cauchy(let q):
            guard q.isFinite, q > 0 else {
                throw .invalidSetting("Cauchy scale Q must be positive and finite, got \(q)")
            }
        case .studentT(let nu, let s):
            guard nu.isFinite, nu > 0 else {
                throw .invalidSetting("Student-t nu must be positive and finite, got \(nu)")
            }
            guard s.isFinite, s > 0 else {
                throw .invalidSetting("Student-t scale s must be positive and finite, got \(s)")
            }
        }
    }
}

extension Likelihood: CustomStringConvertible {
    public var description: String {
        switch self {
        case .gaussian: return "gaussian"
        case .cauchy(let q): return "cauchy(Q=\(q))"
        case .studentT(let nu, let s): return "student-t(nu=\(nu), s=\(s))"
        }
    }
}
