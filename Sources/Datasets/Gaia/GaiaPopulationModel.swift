import DataIO
import Foundation

/// The HR-diagram population of the synthetic survey (`spec/gaia-rvs.md` section 5), and the probability that
/// a star of each part of it falls in each of the 14 bins.
///
/// Main sequence: colour uniform within 14 segments centred on the bin colours (width 3.1/13; the two end
/// segments extended outwards by 0.2, so edges -0.419 ... 3.319), `M_G = ridge(c) + N(0, σ)` with σ = 0.45 for
/// c < 0.9 and 0.25 otherwise, and 25 % unresolved binaries brighter by U(0, 0.75) mag. Giants: 35 % red clump,
/// 45 % red-giant branch, 20 % subgiants.
///
/// Bin probabilities are computed, not sampled: for a given colour the magnitude distribution is a normal (or
/// a normal minus a uniform, for binaries) whose mass inside the ellipse's magnitude interval has a closed form;
/// colour is integrated by the midpoint rule.
enum GaiaPopulationModel {
    /// Colour segments of the main sequence (one per bin).
    static let segmentCount = HRBins.count
    /// Width of a colour segment: the spacing of the bin centres.
    static let segmentWidth = 3.1 / 13
    /// How far the two end segments extend outwards.
    static let endExtension = 0.2
    /// Fraction of unresolved binaries.
    static let binaryFraction = 0.25
    /// Binaries are brighter by U(0, binaryBrightening) mag.
    static let binaryBrightening = 0.75

    /// The colour range of main-sequence segment `s`.
    static func segment(_ s: Int) -> ClosedRange<Double> {
        let c = HRBins.shapes[s].colourCentre
        let low = c - segmentWidth / 2 - (s == 0 ? endExtension : 0)
        let high = c + segmentWidth / 2 + (s == segmentCount - 1 ? endExtension : 0)
        return low...high
    }

    /// The main-sequence ridge: linear interpolation through the spec's points (extrapolated linearly).
    static let ridgePoints: [(c: Double, m: Double)] = [
        (-0.4, -1.0), (-0.1, 0.3), (0.14, 1.3), (0.38, 2.2), (0.62, 3.2), (0.85, 4.3), (1.09, 5.5),
        (1.33, 6.5),
        (1.57, 7.3), (1.81, 8.0), (2.05, 8.6), (2.28, 9.1), (2.52, 9.7), (2.76, 10.4), (3.0, 11.1),
        (3.4, 12.4),
    ]

    /// Absolute magnitude of the ridge at colour `c`.
    static func ridge(_ c: Double) -> Double {
        let p = ridgePoints
        var k = 0
        while k < p.count - 2 && c > p[k + 1].c { k += 1 }
        let t = (c - p[k].c) / (p[k + 1].c - p[k].c)
        return p[k].m + t * (p[k + 1].m - p[k].m)
    }

    /// Scatter of single main-sequence stars about the ridge.
    static func scatter(_ c: Double) -> Double { c < 0.9 ? 0.45 : 0.25 }

    /// The kinds of giants and their shares of the giant population.
    enum Giant: Int, CaseIterable {
        case redClump, redGiantBranch, subgiant

        var share: Double {
            switch self {
            case .redClump: return 0.35
            case .redGiantBranch: return 0.45
            case .subgiant: return 0.20
            }
        }
    }

    // MARK: Bin probabilities

    /// Probability that a main-sequence star of segment `s` is inside bin `b` (before the loader's cuts).
    static func mainSequenceProbability(segment s: Int, bin b: Int) -> Double {
        let range = segment(s)
        let uniform: (Double) -> Double = { _ in 1 / (range.upperBound - range.lowerBound) }
        return integrateColour(over: range, bin: b, density: uniform) { c, low, high in
            let r = ridge(c)
            let sigma = scatter(c)
            let single = Phi((high - r) / sigma) - Phi((low - r) / sigma)
            let binary = binaryCDF(high, r, sigma) - binaryCDF(low, r, sigma)
            return (1 - binaryFraction) * single + binaryFraction * binary
        }
    }

    /// Probability that a giant of kind `kind` is inside bin `b`.
    static func giantProbability(_ kind: Giant, bin b: Int) -> Double {
        switch kind {
        case .redClump:
            let clump: (Double) -> Double = { c in phi((c - 1.2) / 0.1) / 0.1 }
            return integrateColour(over: 0.4...2.0, bin: b, density: clump) { _, low, high in
                Phi((high - 0.5) / 0.25) - Phi((low - 0.5) / 0.25)
            }
        case .redGiantBranch:
            let uniform: (Double) -> Double = { _ in 1 / 1.4 }
            return integrateColour(over: 1.0...2.4, bin: b, density: uniform) { c, low, high in
                let mean = 3 - 3.2 * (c - 1)
                return Phi((high - mean) / 0.35) - Phi((low - mean) / 0.35)
            }
        case .subgiant:
            let uniform: (Double) -> Double = { _ in 1 / 0.4 }
            return integrateColour(over: 0.75...1.15, bin: b, density: uniform) { _, low, high in
                max(0, min(high, 3.8) - max(low, 2.0)) / 1.8
            }
        }
    }

    /// ∫ density(c) P(M in the bin's magnitude interval at c | c) dc over `range`, by the midpoint rule on the part
    /// of `range` that the bin covers. `mass(c, low, high)` is the probability of M in (low, high) at colour c.
    private static func integrateColour(
        over range: ClosedRange<Double>, bin b: Int, density: (Double) -> Double,
        mass: (Double, Double, Double) -> Double
    ) -> Double {
        let shape = HRBins.shapes[b]
        let halfC = shape.colourWidth / 2
        let halfM = shape.magnitudeWidth / 2
        let low = max(range.lowerBound, shape.colourCentre - halfC)
        let high = min(range.upperBound, shape.colourCentre + halfC)
        guard high > low else { return 0 }
        let steps = 4000
        let h = (high - low) / Double(steps)
        var total = 0.0
        for k in 0..<steps {
            let c = low + (Double(k) + 0.5) * h
            let u = (c - shape.colourCentre) / halfC
            let half = halfM * max(0, 1 - u * u).squareRoot()
            total +=
                density(c) * mass(c, shape.magnitudeCentre - half, shape.magnitudeCentre + half)
        }
        return total * h
    }

    /// P(Z - U <= x) for Z ~ N(r, σ) and U ~ U(0, w): (σ/w)[Ψ((x + w - r)/σ) - Ψ((x - r)/σ)], Ψ(t) = tΦ(t) + φ(t).
    private static func binaryCDF(_ x: Double, _ r: Double, _ sigma: Double) -> Double {
        let w = binaryBrightening
        func psi(_ t: Double) -> Double { t * Phi(t) + phi(t) }
        return sigma / w * (psi((x + w - r) / sigma) - psi((x - r) / sigma))
    }

    /// The standard normal density.
    static func phi(_ t: Double) -> Double { exp(-0.5 * t * t) / (2 * Double.pi).squareRoot() }

    /// The standard normal distribution function.
    static func Phi(_ t: Double) -> Double { 0.5 * erfc(-t / 2.0.squareRoot()) }
}
