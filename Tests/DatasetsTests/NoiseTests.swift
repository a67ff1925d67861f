import Foundation
import RHMF
import Testing

@testable import Datasets

@Suite struct NoiseTests {
    @Test func weightsAreInverseVariances() throws {
        let toy = try Fixtures.medium.get()
        let sigma = try #require(toy.components).sigma
        var worst = 0.0
        for k in sigma.elements.indices where !toy.truth.missing.elements[k] {
            let expected = 1 / (sigma.elements[k] * sigma.elements[k])
            worst = max(worst, abs(toy.W.elements[k] - expected) / expected)
        }
        #expect(worst < 1e-14)
    }

    @Test func dataAreModelPlusOutliersPlusNoise() throws {
        let toy = try Fixtures.medium.get()
        let p = try #require(toy.components)
        var worst = 0.0
        for k in toy.Y.elements.indices where !toy.truth.missing.elements[k] {
            worst = max(
                worst,
                abs(
                    toy.Y.elements[k]
                        - (p.model.elements[k] + p.outliers.elements[k] + p.noise.elements[k])))
        }
        #expect(worst < 1e-12)
        // The noise is Gaussian with the stated sigma: z = noise / sigma ~ Normal(0, 1).
        let z = zip(p.noise.elements, p.sigma.elements).map { $0 / $1 }
        let (mean, sd) = meanAndSD(z)
        #expect(abs(mean) < 0.01)
        #expect(abs(sd - 1) < 0.01)
        let fourth = z.reduce(0) { $0 + $1 * $1 * $1 * $1 } / Double(z.count)
        #expect(abs(fourth - 3) < 0.1, "normal kurtosis")
    }

    @Test func sigmaFactorsFollowTheSpec() throws {
        let toy = try Fixtures.medium.get()
        let c = toy.configuration
        let sigma = try #require(toy.components).sigma
        let s = toy.truth.spectrumNoiseScale
        let v = toy.pixelNoiseScale
        let n = toy.nSpectra
        let m = toy.nPixels

        // s_i: mean 1 after normalisation; log s has the LogNormal's spread 2.0 (standard error 0.035 here).
        #expect(abs(s.reduce(0, +) / Double(n) - 1) < 1e-12)
        #expect(abs(meanAndSD(s.map { log($0) }).sd - 2.0) < 0.15)

        // v_j from the spec's formula, normalised to maximum 1.
        let lambda = toy.wavelength
        let mean = lambda.reduce(0, +) / Double(m)
        let raw = lambda.map { exp(-0.5 * pow(($0 - mean) / 1000, 2)) }
        let top = raw.max() ?? 1
        for j in 0..<m { #expect(abs(v[j] - raw[j] / top) < 1e-12) }
        #expect(v.max() == 1)

        // u_ij = sigma_ij / (0.2 s_i v_j): mean 1 over all entries, log u with sd 0.06.
        var u = [Double](repeating: 0, count: n * m)
        for i in 0..<n {
            for j in 0..<m { u[i * m + j] = sigma[i, j] / (c.noiseLevel * s[i] * v[j]) }
        }
        #expect(abs(u.reduce(0, +) / Double(u.count) - 1) < 1e-10)
        #expect(abs(meanAndSD(u.map { log($0) }).sd - 0.06) < 0.002)
    }

    @Test func medianSigmaIsNearItsExpectedValue() throws {
        let toy = try Fixtures.medium.get()
        let sigma = try #require(toy.components).sigma
        let s = toy.truth.spectrumNoiseScale
        let v = toy.pixelNoiseScale
        // Given s and v, the median of sigma is the median of 0.2 s_i v_j up to the small factor u (sd 6%).
        var product: [Double] = []
        product.reserveCapacity(s.count * v.count)
        for si in s { for vj in v { product.append(0.2 * si * vj) } }
        let observed = median(sigma.elements)
        #expect(abs(observed / median(product) - 1) < 0.02)
        // Without the sample: median(s) = e^1 / mean(LogNormal(1, 2)) = e^(1 - 3) = e^-2 for the population;
        // the sample mean of a LogNormal with sd 2 scatters by about sqrt(e^4 - 1)/sqrt(N) = 18% at N = 1600.
        let expected = 0.2 * exp(-2.0) * median(v)
        #expect(observed > 0.5 * expected && observed < 2 * expected)
    }
}
