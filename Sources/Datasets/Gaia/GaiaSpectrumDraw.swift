import DataIO
import Foundation

/// Draws the parameters of one star's spectrum (`spec/gaia-rvs.md` section 5): anomaly class at the spec's rates,
/// rotation, radial-velocity jitter, continuum, noise level, bad and missing pixels, and the class's parameters.
enum GaiaSpectrumDraw {
    /// The anomaly rates that apply to a star (before `rateFactor`), in the order they are drawn.
    static func anomalyRates(for star: GaiaStar) -> [(GaiaAnomalyClass, Double)] {
        let c = star.bpRp
        var rates: [(GaiaAnomalyClass, Double)] = []
        if star.population == .mainSequence && c < 0.5 {
            // By main-sequence segment: 2 % in the bin-0 segment, 0.8 % in bin 1's, 0.3 % up to c = 0.5.
            let rate =
                c < GaiaPopulationModel.segment(0).upperBound
                ? 0.02
                : c < GaiaPopulationModel.segment(1).upperBound ? 0.008 : 0.003
            rates.append((.beShell, rate))
        }
        if c > 2.0 {
            rates.append((.caTEmissionObvious, 0.0015))
            rates.append((.caTEmissionSubtle, 0.0015))
        }
        rates.append((.sb2, 0.001))
        if c > 0.6 { rates.append((.fastRotator, 0.001)) }
        return rates
    }

    /// vsini from the colour: |N(0, 120)| for c < 0.4, |N(0, 30)| for 0.4 <= c < 0.6, U(0, 8) otherwise (km/s).
    static func vsini(colour c: Double, _ random: inout RandomStream) -> Double {
        if c < 0.4 { return abs(random.normal(0, 120)) }
        if c < 0.6 { return abs(random.normal(0, 30)) }
        return random.uniform(0...8)
    }

    /// σ_i = sqrt(0.003^2 + (0.035 10^{0.2 (G_RVS - 12)})^2) with G_RVS = G - 0.6 clip(c, 0, 3).
    static func noiseSigma(g: Double, colour c: Double) -> Double {
        let gRVS = g - 0.6 * min(max(c, 0), 3)
        let photon = 0.035 * pow(10, 0.2 * (gRVS - 12))
        return (0.003 * 0.003 + photon * photon).squareRoot()
    }

    /// Every parameter of the spectrum of `star`.
    static func parameters(for star: GaiaStar, rateFactor: Double, random: inout RandomStream)
        -> GaiaSpectrumParameters
    {
        var p = GaiaSpectrumParameters()
        let c = star.bpRp
        // Class first, so the other draws do not depend on the rates.
        let rates = anomalyRates(for: star).map { ($0.0, $0.1 * rateFactor) }
        let total = rates.reduce(0) { $0 + $1.1 }
        var u = random.uniform() * max(1, total)
        for (kind, rate) in rates {
            if u < rate {
                p.anomaly = kind
                break
            }
            u -= rate
        }
        p.vsini = vsini(colour: c, &random)
        p.radialVelocity = random.normal(0, 2)
        p.continuumA0 = random.normal(0, 0.003)
        p.continuumA1 = random.normal(0, 0.01)
        p.continuumA2 = random.normal(0, 0.005)
        p.dibDepth = 0.03 * min(1, star.distance / 4000)
        p.noiseSigma = noiseSigma(g: star.gMag, colour: c)
        drawDefects(&p, &random)
        switch p.anomaly {
        case .normal:
            break
        case .beShell:
            p.vsini = random.uniform(250...400)
            // Emission amplitude log-uniform in 0.05-0.4, so weak disks like 88 Her's are as common as strong ones.
            p.be = GaiaBeShell(
                diskVelocity: random.uniform(150...300),
                emissionAmplitude: 0.05 * pow(8, random.uniform()),
                shellDepth: random.uniform(0.2...0.4))
        case .caTEmissionObvious, .caTEmissionSubtle:
            let a =
                p.anomaly == .caTEmissionObvious
                ? random.uniform(0.10...0.15) : random.uniform(0.03...0.06)
            p.caTEmission = GaiaCaTEmission(
                amplitudes: [0.85 * a, a, 0.8 * a], fwhm: random.uniform(0.08...0.12))
        case .sb2:
            let companion = c + 0.3
            p.sb2 = GaiaSB2(
                lightRatio: random.uniform(0.2...0.5),
                deltaV: random.sign() * random.uniform(30...150),
                companionBpRp: companion, companionVsini: vsini(colour: companion, &random))
        case .fastRotator:
            p.vsini = random.uniform(80...250)
        }
        return p
    }

    /// NaN edges (40 %: 1-40 pixels at each end), an interior gap (2 %: 5-60 pixels), spikes (0.5 %: 1-3 of
    /// +0.2-1.0) and a flux step (0.2 %: ±0.02-0.05 over 1 nm). Interior defects lie in the clipped pixel range.
    private static func drawDefects(_ p: inout GaiaSpectrumParameters, _ random: inout RandomStream)
    {
        let kept = GaiaRVSGrid.clippedColumns
        if random.uniform() < 0.4 {
            p.nanLeft = random.integer(in: 1...40)
            p.nanRight = random.integer(in: 1...40)
        }
        if random.uniform() < 0.02 {
            let length = random.integer(in: 5...60)
            let start = random.integer(in: kept.lowerBound...(kept.upperBound - length))
            p.gap = start..<(start + length)
        }
        if random.uniform() < 0.005 {
            let n = random.integer(in: 1...3)
            p.spikes = (0..<n).map { _ in
                GaiaSpike(
                    pixel: random.integer(in: kept.lowerBound...(kept.upperBound - 1)),
                    amplitude: random.uniform(0.2...1.0))
            }
        }
        if random.uniform() < 0.002 {
            let start = random.integer(in: kept.lowerBound...(kept.upperBound - 100))
            p.step = GaiaFluxStep(
                pixels: start..<(start + 100), size: random.sign() * random.uniform(0.02...0.05))
        }
    }
}
