import DataIO
import Foundation
import Testing

@testable import Datasets

/// The spectrum model on its own: lines where they belong, rotation that conserves line strength, Doppler
/// shifts of the right size, and the broadening kernels agreeing with each other.
@Suite struct GaiaSpectrumTests {
    /// A plain main-sequence star of colour `c` with no rotation, shift, continuum or interstellar band.
    func star(_ c: Double, vsini: Double = 0, rv: Double = 0) -> GaiaStar {
        var p = GaiaSpectrumParameters()
        p.vsini = vsini
        p.radialVelocity = rv
        p.noiseSigma = 0.01
        return GaiaStar(
            sourceID: 1, population: .mainSequence, isUnresolvedBinary: false, binaryBrightening: 0,
            bpRp: c,
            absMagG: 5, gMag: 10, distance: 100, parallaxTrue: 10, parallaxObserved: 10, ra: 0,
            dec: 0,
            status: .complete, spectrumRow: 0, spectrum: p)
    }

    let grid = GaiaRVSGrid.wavelengths

    /// The wavelength of the lowest flux within `window` nm of `centre`.
    func minimum(_ f: [Double], near centre: Double, window: Double = 0.3) -> Double {
        let js = grid.indices.filter { abs(grid[$0] - centre) < window }
        return grid[js.min { f[$0] < f[$1] }!]  // invariant: the window holds pixels
    }

    @Test func theCalciumTripletSitsAtItsVacuumWavelengths() {
        let f = GaiaSurveyGenerator.noiselessSpectrum(of: star(1.0))
        for (centre, ratio) in zip(GaiaLineList.caTCentres, GaiaLineList.caTRatios) {
            #expect(abs(minimum(f, near: centre) - centre) <= 0.011)
            // Central depth about ratio x 0.70 (the metals add a little optical depth on top).
            let depth = 1 - f[Int(((centre - 846) / 0.01).rounded())]
            #expect(
                depth > ratio * 0.70 * 0.9 && depth < ratio * 0.70 + 0.12,
                "\(centre): depth \(depth)")
        }
    }

    @Test func paschenLinesAreStrongInHotStarsOnly() {
        let hot = GaiaSurveyGenerator.noiselessSpectrum(of: star(0.0))
        let cool = GaiaSurveyGenerator.noiselessSpectrum(of: star(1.5))
        let p14 = Int(((860.081 - 846) / 0.01).rounded())
        #expect(1 - hot[p14] > 0.25 && abs(minimum(hot, near: 860.081) - 860.081) <= 0.011)
        #expect(hot[p14] < cool[p14] - 0.1)
    }

    @Test func rotationBroadensLinesAndConservesTheirStrength() {
        let slow = GaiaSurveyGenerator.noiselessSpectrum(of: star(0.1))
        let fast = GaiaSurveyGenerator.noiselessSpectrum(of: star(0.1, vsini: 250))
        // Equivalent width over the middle of the range (away from the edges the kernel reaches past).
        let middle = 300..<2100
        let wSlow = middle.reduce(0) { $0 + 1 - slow[$1] }
        let wFast = middle.reduce(0) { $0 + 1 - fast[$1] }
        #expect(abs(wFast / wSlow - 1) < 0.02)
        let core = Int(((854.444 - 846) / 0.01).rounded())
        #expect(fast[core] > slow[core] + 0.05)
    }

    @Test func radialVelocityShiftsByTheDopplerFactor() {
        let v = 60.0
        let f = GaiaSurveyGenerator.noiselessSpectrum(of: star(1.0, rv: v))
        let expected = 866.452 * (1 + v / GaiaLineList.cLight)
        #expect(abs(minimum(f, near: expected) - expected) <= 0.011)
    }

    @Test func aDoubleLinedBinaryShowsTheCompanionsLines() {
        var binary = star(1.0)
        binary.spectrum.anomaly = .sb2
        binary.spectrum.sb2 = GaiaSB2(
            lightRatio: 0.5, deltaV: 120, companionBpRp: 1.3, companionVsini: 0)
        let f = GaiaSurveyGenerator.noiselessSpectrum(of: binary)
        let single = GaiaSurveyGenerator.noiselessSpectrum(of: star(1.0))
        let shifted = 866.452 * (1 + 120 / GaiaLineList.cLight)
        let j = Int(((shifted - 846) / 0.01).rounded())
        #expect(f[j] < single[j] - 0.1)
    }

    @Test func theTwoBroadeningPathsAgree() {
        let n = GaiaTemplates.sampleCount
        let a = UnsafeMutablePointer<Double>.allocate(capacity: n)
        let b = UnsafeMutablePointer<Double>.allocate(capacity: n)
        defer {
            a.deallocate()
            b.deallocate()
        }
        GaiaTemplates.shared.rest(colour: 1.5, into: a)
        b.update(from: a, count: n)
        let broadening = GaussianBroadening()
        broadening.direct(a, sigma: 10, half: 60)
        broadening.viaFFT(b, sigma: 10)
        let worst = (1000..<(n - 1000)).map { abs(a[$0] - b[$0]) }.max() ?? 1
        #expect(worst < 1e-8)
    }

    @Test func theFFTInvertsAndMatchesTheDefinition() {
        let n = 64
        let fft = FFT(count: n)
        var random = RandomStream(seed: 1)
        let x = (0..<n).map { _ in random.normal() }
        let re = UnsafeMutablePointer<Double>.allocate(capacity: n)
        let im = UnsafeMutablePointer<Double>.allocate(capacity: n)
        defer {
            re.deallocate()
            im.deallocate()
        }
        re.update(from: x, count: n)
        im.update(repeating: 0, count: n)
        fft.transform(re: re, im: im, inverse: false)
        for k in [0, 1, 7, 32, 63] {
            let dr = (0..<n).reduce(0.0) {
                $0 + x[$1] * cos(2 * Double.pi * Double(k * $1) / Double(n))
            }
            let di = (0..<n).reduce(0.0) {
                $0 - x[$1] * sin(2 * Double.pi * Double(k * $1) / Double(n))
            }
            #expect(abs(re[k] - dr) < 1e-9 && abs(im[k] - di) < 1e-9)
        }
        fft.transform(re: re, im: im, inverse: true)
        #expect((0..<n).allSatisfy { abs(re[$0] - x[$0]) < 1e-12 && abs(im[$0]) < 1e-12 })
    }

    @Test func fluxErrorsAreNeverZero() {
        var bright = star(0.5)
        bright.gMag = 6
        bright.spectrum.noiseSigma = GaiaSpectrumDraw.noiseSigma(g: 6, colour: 0.5)
        #expect(abs(bright.spectrum.noiseSigma - 0.0032) < 0.0005)
        let m = GaiaRVSGrid.pixelCount
        var flux = [Float](repeating: 0, count: m)
        var error = flux
        flux.withUnsafeMutableBufferPointer { f in
            error.withUnsafeMutableBufferPointer { e in
                GaiaSpectrumSynthesizer().observe(
                    bright, index: 0, seed: 1, flux: f.baseAddress!, error: e.baseAddress!)
            }
        }
        #expect(error.allSatisfy { $0 >= 1e-4 } && flux.allSatisfy { $0.isFinite })
    }
}
