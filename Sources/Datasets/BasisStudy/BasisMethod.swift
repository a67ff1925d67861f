import Foundation
public import HMFCore
import RHMF

/// A method that delivers a rank-K basis from a training set, as compared by the basis-robustness study.
public enum BasisMethod: Sendable, Hashable, Codable, CustomStringConvertible {
    /// PCA: truncated SVD of Y with missing entries as 0, no weights.
    case pca
    /// HMF: the weighted fit with the Gaussian likelihood (no robustness).
    case hmf
    /// Robust PCA by principal component pursuit of Y (missing entries as 0, no weights), converged.
    case pcp
    /// RHMF: the weighted fit with the Cauchy likelihood of scale Q.
    case rhmf(q: Double)

    /// Short name for tables and legends ("PCA", "HMF", "PCP", "RHMF Q = 5").
    public var description: String {
        switch self {
        case .pca: "PCA"
        case .hmf: "HMF"
        case .pcp: "PCP"
        case .rhmf(let q): "RHMF Q = \(q == q.rounded() ? String(Int(q)) : String(q))"
        }
    }

    /// A basis delivered for `train` at rank `rank`, with the seconds it took and the cycles (iterations for
    /// PCP, 0 for PCA). HMF and RHMF use `convergence` and `initialization` with the fast rotation; PCP stops
    /// at ||D - L - S|| < 1e-7 ||D|| or 500 iterations.
    public func basis(
        for train: WeightedData, rank: Int, convergence: Convergence = Convergence(),
        initialization: Initialization = .automatic
    ) throws(RHMFError) -> (basis: Matrix, seconds: Double, cycles: Int) {
        let clock = ContinuousClock()
        let t0 = clock.now
        func seconds() -> Double { Double((clock.now - t0) / .seconds(1)) }
        switch self {
        case .pca:
            let pca = try PCA(train, rank: rank)
            return (pca.basis, seconds(), 0)
        case .pcp:
            let pcp = try RobustPCA(train.Y, rank: rank)
            return (pcp.basis, seconds(), pcp.cycles)
        case .hmf, .rhmf:
            let likelihood: Likelihood =
                if case .rhmf(let q) = self { .cauchy(q: q) } else { .gaussian }
            let settings = FitSettings(
                rank: rank, likelihood: likelihood, initialization: initialization,
                convergence: convergence)
            let fit = try RobustHMF(settings).fit(train)
            return (fit.basis, seconds(), fit.cycles)
        }
    }
}
