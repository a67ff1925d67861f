import DataIO
import Foundation

/// Makes the spectrum of one star from its parameters (`spec/gaia-rvs.md` section 5), on the 4x oversampled
/// synthesis grid of `GaiaTemplates`:
///
/// 1. the rest-frame template of its colour, convolved with a Gaussian of σ_rot = λ vsini / (1.7 c) (so every
///    line's Gaussian part has σ^2 = σ_inst^2 + σ_rot^2, and line strengths are conserved);
/// 2. the class's additions in the star's frame: shell cores and double-peaked disk emission (Be), the
///    companion's spectrum shifted by Δv (SB2), Ca II emission cores;
/// 3. the radial-velocity shift, and binning to the 2401 stored pixels (mean of 4 samples);
/// 4. the continuum polynomial and the interstellar band; then noise, errors and bad pixels (`observe`).
///
/// One synthesizer per thread: it owns its scratch buffers.
final class GaiaSpectrumSynthesizer {
    private let templates = GaiaTemplates.shared
    /// The spectrum on the synthesis grid.
    private let work = UnsafeMutablePointer<Double>.allocate(capacity: GaiaTemplates.sampleCount)
    /// An SB2 companion on the synthesis grid.
    private let companion = UnsafeMutablePointer<Double>.allocate(
        capacity: GaiaTemplates.sampleCount)
    private let broadening = GaussianBroadening()
    private var model = [Double](repeating: 0, count: GaiaRVSGrid.pixelCount)

    init() {}

    deinit {
        work.deallocate()
        companion.deallocate()
    }

    /// Rotation σ in samples for `vsini` km/s (at the middle of the range, 858 nm).
    static func rotationSigma(_ vsini: Double) -> Double {
        858 * vsini / (1.7 * GaiaLineList.cLight) / GaiaTemplates.step
    }

    /// The noise-free spectrum of `star` at the 2401 stored pixels.
    func noiseless(_ star: GaiaStar) -> [Double] {
        let p = star.spectrum
        templates.rest(colour: star.bpRp, into: work)
        broadening.apply(work, sigma: Self.rotationSigma(p.vsini))
        if let be = p.be { Self.addDisk(be, to: work) }
        if let sb2 = p.sb2 { addCompanion(sb2, to: work) }
        if let emission = p.caTEmission { Self.addCaTEmission(emission, to: work) }
        bin(radialVelocity: p.radialVelocity)
        let x = Self.continuumX
        let dib = Self.dibProfile
        for j in 0..<GaiaRVSGrid.pixelCount {
            let continuum =
                1 + p.continuumA0 + p.continuumA1 * x[j] + p.continuumA2 * (x[j] * x[j] - 1.0 / 3)
            model[j] *= continuum * (1 - p.dibDepth * dib[j])
        }
        return model
    }

    /// x = (λ - 858)/12 at each stored pixel.
    static let continuumX: [Double] = GaiaRVSGrid.wavelengths.map { ($0 - 858) / 12 }
    /// The interstellar band's Gaussian profile (peak 1) at each stored pixel.
    static let dibProfile: [Double] = GaiaRVSGrid.wavelengths.map {
        let d = ($0 - GaiaLineList.dibCentre) / GaiaLineList.dibSigma
        return exp(-0.5 * d * d)
    }

    /// The observed flux and errors of `star` (its spectrum index `index` seeds the noise): flux = f + N(0, σ_ij)
    /// with σ_ij = σ_i sqrt(f) / sqrt(T(λ)); errors σ_ij (1 + N(0, 0.05)) clipped at 1e-4; then spikes, the flux
    /// step, and NaN (in both arrays) at the edges and in the gap.
    func observe(
        _ star: GaiaStar, index: Int, seed: UInt64,
        flux: UnsafeMutablePointer<Float>, error: UnsafeMutablePointer<Float>
    ) {
        let f = noiseless(star)
        let p = star.spectrum
        var random = RandomStream(seed: seed, stage: GaiaStage.noise.rawValue, index: UInt64(index))
        let n = GaiaRVSGrid.pixelCount
        Self.inverseRootThroughput.withUnsafeBufferPointer { t in
            for j in 0..<n {
                let sigma = p.noiseSigma * max(f[j], 0.01).squareRoot() * t[j]
                flux[j] = Float(f[j] + sigma * random.normal())
                error[j] = Float(max(sigma * (1 + 0.05 * random.normal()), 1e-4))
            }
        }
        for spike in p.spikes { flux[spike.pixel] += Float(spike.amplitude) }
        if let step = p.step { for j in step.pixels { flux[j] += Float(step.size) } }
        var missing = Array(0..<p.nanLeft) + Array((n - p.nanRight)..<n)
        if let gap = p.gap { missing += Array(gap) }
        for j in missing {
            flux[j] = .nan
            error[j] = .nan
        }
    }

    /// 1 / sqrt(T(λ)) with the edge throughput T = 0.5 + 0.5 smoothstep over 846-848.5 nm and 868.5-870 nm.
    static let inverseRootThroughput: [Double] = GaiaRVSGrid.wavelengths.map { lambda in
        func smooth(_ x: Double) -> Double {
            let t = min(max(x, 0), 1)
            return t * t * (3 - 2 * t)
        }
        let edge =
            lambda < 848.5
            ? smooth((lambda - 846) / 2.5) : lambda > 868.5 ? smooth((870 - lambda) / 1.5) : 1
        return 1 / (0.5 + 0.5 * edge).squareRoot()
    }

    // MARK: Steps

    /// Shifts `work` by the radial velocity and averages each pixel's 4 samples into `model`.
    private func bin(radialVelocity v: Double) {
        let factor = 1 / (1 + v / GaiaLineList.cLight)
        let h = GaiaTemplates.step
        let start = GaiaTemplates.firstWavelength
        let grid = GaiaRVSGrid.wavelengths
        let last = GaiaTemplates.sampleCount - 2
        let w = work
        model.withUnsafeMutableBufferPointer { model in
            for j in 0..<GaiaRVSGrid.pixelCount {
                var total = 0.0
                for q in 0..<GaiaTemplates.oversampling {
                    let lambda = grid[j] + (Double(q) - 1.5) * h
                    let position = (lambda * factor - start) / h
                    let k = min(max(Int(position), 0), last)
                    let t = position - Double(k)
                    total += (1 - t) * w[k] + t * w[k + 1]
                }
                model[j] = total / Double(GaiaTemplates.oversampling)
            }
        }
    }

    /// Be / shell disk in the star's frame: narrow shell cores (FWHM 0.1 nm) multiply the rotating photosphere,
    /// then Gaussian emission peaks at λ0 (1 ± v_disk/c) are added (each with FWHM 0.45 x the peak separation),
    /// at P13-P17 and the Ca II triplet, scaled by each line's relative strength.
    private static func addDisk(_ be: GaiaBeShell, to x: UnsafeMutablePointer<Double>) {
        let lines =
            GaiaLineList.paschenInRange
            + zip(GaiaLineList.caTCentres, GaiaLineList.caTRatios).map { ($0, $1) }
        let shellSigma = 0.1 / GaiaLineList.fwhmPerSigma
        for (centre, relative) in lines {
            let offset = centre * be.diskVelocity / GaiaLineList.cLight
            let peakSigma = 0.45 * 2 * offset / GaiaLineList.fwhmPerSigma
            let reach = offset + 6 * peakSigma
            for s in samples(around: centre, within: reach) {
                let d = GaiaTemplates.wavelength(s) - centre
                let shell = d / shellSigma
                let red = (d - offset) / peakSigma
                let blue = (d + offset) / peakSigma
                x[s] *= 1 - be.shellDepth * relative * exp(-0.5 * shell * shell)
                x[s] +=
                    be.emissionAmplitude * relative
                    * (exp(-0.5 * red * red) + exp(-0.5 * blue * blue))
            }
        }
    }

    /// (1 - L) S(c) + L S(c + 0.3) with the companion rotating at its own vsini and shifted by Δv.
    private func addCompanion(_ sb2: GaiaSB2, to x: UnsafeMutablePointer<Double>) {
        let factor = 1 / (1 + sb2.deltaV / GaiaLineList.cLight)
        let h = GaiaTemplates.step
        let start = GaiaTemplates.firstWavelength
        let n = GaiaTemplates.sampleCount
        let light = sb2.lightRatio
        let y = companion
        templates.rest(colour: sb2.companionBpRp, into: y)
        broadening.apply(y, sigma: Self.rotationSigma(sb2.companionVsini))
        for s in 0..<n {
            let position = (GaiaTemplates.wavelength(s) * factor - start) / h
            let k = min(max(Int(position), 0), n - 2)
            let t = min(max(position - Double(k), 0), 1)
            x[s] = (1 - light) * x[s] + light * ((1 - t) * y[k] + t * y[k + 1])
        }
    }

    /// Gaussian emission cores at the three Ca II lines.
    private static func addCaTEmission(
        _ emission: GaiaCaTEmission, to x: UnsafeMutablePointer<Double>
    ) {
        let sigma = emission.fwhm / GaiaLineList.fwhmPerSigma
        for (centre, amplitude) in zip(GaiaLineList.caTCentres, emission.amplitudes) {
            for s in samples(around: centre, within: 8 * sigma) {
                let d = (GaiaTemplates.wavelength(s) - centre) / sigma
                x[s] += amplitude * exp(-0.5 * d * d)
            }
        }
    }

    /// The synthesis samples within `reach` nm of `centre`.
    private static func samples(around centre: Double, within reach: Double) -> Range<Int> {
        let low = Int(
            ((centre - reach - GaiaTemplates.firstWavelength) / GaiaTemplates.step).rounded(.down))
        let high = Int(
            ((centre + reach - GaiaTemplates.firstWavelength) / GaiaTemplates.step).rounded(.up))
        let lo = max(0, low)
        let hi = min(GaiaTemplates.sampleCount, high)
        return lo < hi ? lo..<hi : 0..<0
    }
}
