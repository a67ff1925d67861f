import Foundation

/// One absorption line: a Voigt-like profile `strength * [η L(x) + (1 - η) G(x)]`, with L a Lorentzian of full
/// width `lorentzFWHM` and G a Gaussian of standard deviation `gaussSigma` (both 1 at the centre).
struct GaiaLine: Sendable {
    /// Vacuum wavelength, nm.
    var centre: Double
    /// Central depth at a colour factor of 1.
    var strength: Double
    /// Lorentzian share η.
    var eta: Double
    /// Lorentzian full width at half maximum, nm.
    var lorentzFWHM: Double
    /// Gaussian standard deviation, nm (instrumental and intrinsic; rotation is applied to the whole spectrum).
    var gaussSigma: Double

    /// The profile (without `strength`) at offset `x` nm from the centre.
    @inline(__always) func profile(_ x: Double) -> Double {
        let l = 2 * x / lorentzFWHM
        let g = x / gaussSigma
        return eta / (1 + l * l) + (1 - eta) * exp(-0.5 * g * g)
    }
}

/// The line lists and colour laws of the synthetic RVS spectra (`spec/gaia-rvs.md` section 5, "Spectrum model").
///
/// Positions are vacuum nm; the Paschen lines are at their true positions (P12-P17), not the plotting list's.
/// The ~250 weak metal lines and ~400 TiO-like lines are drawn once from a fixed seed, so every survey (whatever
/// its seed) has the same line list.
enum GaiaLineList {
    /// Speed of light, km/s.
    static let cLight = 299_792.458
    /// The seed of the fixed weak-line lists (independent of the survey seed).
    static let lineListSeed: UInt64 = 0x6761_6961_5256_5321
    /// Instrumental Gaussian σ at λ: λ / 11500 / 2.355 (≈ 0.032 nm).
    static func instrumentalSigma(_ lambda: Double) -> Double { lambda / 11500 / 2.355 }
    /// FWHM / σ of a Gaussian.
    static let fwhmPerSigma = 2 * (2 * log(2.0)).squareRoot()

    // MARK: Hydrogen

    /// P12-P17: true vacuum positions, depths (P12 extrapolated), Lorentzian FWHM 0.8-1.4 nm, η = 0.7, and a
    /// Gaussian core of FWHM 0.4 x the Lorentzian's (in quadrature with the instrument).
    static let paschen: [GaiaLine] = {
        let lines: [(Double, Double, Double)] = [
            (875.293, 0.37, 1.4), (866.745, 0.35, 1.4), (860.081, 0.32, 1.25),
            (854.778, 0.30, 1.1), (850.487, 0.27, 0.95), (846.963, 0.25, 0.8),
        ]
        return lines.map { centre, depth, width in
            let core = 0.4 * width / fwhmPerSigma
            let inst = instrumentalSigma(centre)
            return GaiaLine(
                centre: centre, strength: depth, eta: 0.7, lorentzFWHM: width,
                gaussSigma: (inst * inst + core * core).squareRoot())
        }
    }()
    /// The Paschen lines inside the RVS range with their strength relative to P13 (for Be emission and shells).
    static var paschenInRange: [(centre: Double, relative: Double)] {
        paschen.filter { $0.centre < 870 }.map { ($0.centre, $0.strength / 0.35) }
    }

    /// Paschen colour law: exp(-½ (c / 0.28)^2).
    static func paschenFactor(_ c: Double) -> Double { exp(-0.5 * (c / 0.28) * (c / 0.28)) }

    // MARK: Ca II triplet

    /// The Ca II triplet (vacuum nm) and its depth ratio 0.45 : 1 : 0.85.
    static let caTCentres = [850.035, 854.444, 866.452]
    static let caTRatios = [0.45, 1.0, 0.85]

    /// Depth of the strongest line (854.444): 0.25 + 0.45 clip((c - 0.1)/0.9, 0, 1), then fading linearly to
    /// 0.40 at c = 3.
    static func caTDepth(_ c: Double) -> Double {
        if c <= 1 { return 0.25 + 0.45 * clip((c - 0.1) / 0.9) }
        return 0.70 - 0.30 * clip((c - 1) / 2)
    }

    /// Width of the damping wings: FWHM 0.15 + 0.5 clip(c - 0.3, 0, 1) nm.
    static func caTWidth(_ c: Double) -> Double { 0.15 + 0.5 * clip(c - 0.3) }

    /// The three lines for a wing width: a Gaussian core of FWHM 0.3 x `width` (in quadrature with the
    /// instrument) on damping wings, a Lorentzian of FWHM `width` with η = 0.3; this gives the V-shaped cores
    /// of the cool stars of the paper's figures.
    static func caTLines(width: Double) -> [GaiaLine] {
        zip(caTCentres, caTRatios).map { centre, ratio in
            let core = 0.3 * width / fwhmPerSigma
            let inst = instrumentalSigma(centre)
            return GaiaLine(
                centre: centre, strength: ratio, eta: 0.3, lorentzFWHM: width,
                gaussSigma: (inst * inst + core * core).squareRoot())
        }
    }

    // MARK: Metals, nitrogen, molecules

    /// Mg I 848.416 and the Fe I lines of the strong list (base depths 0.18-0.3), then 250 weak lines over the
    /// whole synthesis range, one per 0.132 nm cell at a random place in it (so chance pile-ups of several strong
    /// lines do not happen), with base depths 0.02 x 15^(u^2) (0.02-0.3, median 0.04); mostly Gaussian
    /// (η = 0.15, Lorentzian FWHM 0.08 nm). Weak lines within 0.3 nm of a Ca II core are left out (the saturated
    /// cores hide blends), so Ca II emission cores stand out as they do in real M dwarfs.
    static let metals: [GaiaLine] = {
        var random = RandomStream(seed: lineListSeed, stage: 1)
        let strong = [848.416, 850.201, 851.80, 858.741, 860.12, 867.715, 869.098]
        var lines = strong.map { metal($0, random.uniform(0.18...0.30)) }
        let low = 841.5
        let cell = 33.0 / 250
        for k in 0..<250 {
            let centre = low + (Double(k) + random.uniform()) * cell
            let u = random.uniform()
            if caTCentres.contains(where: { abs($0 - centre) < 0.3 }) { continue }
            lines.append(metal(centre, 0.02 * pow(15, u * u)))
        }
        return lines
    }()

    /// Metal colour law: clip((c - 0.2)/1.0, 0, 1)^1.3.
    static func metalFactor(_ c: Double) -> Double { pow(clip((c - 0.2) / 1.0), 1.3) }

    /// The five N I lines of the strong list (strength 1; the colour law carries the depth).
    static let nitrogen: [GaiaLine] = [863.161, 863.524, 868.184, 868.266, 868.58].map {
        metal($0, 1)
    }

    /// N I colour law: 0.05 exp(-½ ((c - 0.2)/0.2)^2).
    static func nitrogenFactor(_ c: Double) -> Double {
        0.05 * exp(-0.5 * ((c - 0.2) / 0.2) * ((c - 0.2) / 0.2))
    }

    /// 400 weak TiO-like lines, 30 % clustered redward of 12 band heads (exponential tails of mean 1.5 nm), the
    /// rest spread uniformly; Gaussian with intrinsic σ 0.01-0.04 nm and base depths 0.2-1.
    static let molecules: [GaiaLine] = {
        var random = RandomStream(seed: lineListSeed, stage: 2)
        let heads = (0..<12).map { _ in random.uniform(841.5...872) }
        return (0..<400).map { k in
            let centre =
                k < 120
                ? min(874.5, heads[k % 12] + random.exponential(mean: 1.5))
                : random.uniform(841.5...874.5)
            let intrinsic = random.uniform(0.01...0.04)
            let inst = instrumentalSigma(centre)
            return GaiaLine(
                centre: centre, strength: random.uniform(0.2...1.0), eta: 0, lorentzFWHM: 1,
                gaussSigma: (inst * inst + intrinsic * intrinsic).squareRoot())
        }
    }()

    /// TiO colour law: 0.15 clip((c - 1.7)/1.3, 0, 1).
    static func moleculeFactor(_ c: Double) -> Double { 0.15 * clip((c - 1.7) / 1.3) }

    // MARK: Interstellar

    /// The diffuse interstellar band: 862.28 nm, Gaussian FWHM 0.4 nm.
    static let dibCentre = 862.28
    static let dibSigma = 0.4 / fwhmPerSigma

    // MARK: Helpers

    private static func metal(_ centre: Double, _ strength: Double) -> GaiaLine {
        let inst = instrumentalSigma(centre)
        return GaiaLine(
            centre: centre, strength: strength, eta: 0.15, lorentzFWHM: 0.08,
            gaussSigma: (inst * inst + 0.012 * 0.012).squareRoot())
    }

    @inline(__always) static func clip(_ x: Double) -> Double { min(max(x, 0), 1) }
}
