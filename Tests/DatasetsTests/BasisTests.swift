import Foundation
import HMFCore
import RHMF
import Testing

@testable import Datasets

@Suite struct BasisTests {
    @Test func gridIsGeometricFrom4000To6000() throws {
        let basis = try Fixtures.paperBasis.get()
        let lambda = basis.wavelength
        #expect(lambda.count == 1200)
        #expect(lambda.first == 4000 && lambda.last == 6000)
        let ratio = pow(1.5, 1.0 / 1199)
        for j in 1..<lambda.count { #expect(abs(lambda[j] / lambda[j - 1] - ratio) < 1e-12) }
    }

    @Test func legendreColumnsInRescaledLogLambda() throws {
        let basis = try Fixtures.paperBasis.get()
        let g = basis.vectors
        #expect(g.rows == 1200 && g.cols == 5)
        let x = basis.wavelength.map { log($0) }
        for j in 0..<g.rows {
            let z = 2 * (x[j] - x[0]) / (x[x.count - 1] - x[0]) - 1
            #expect(g[j, 0] == 1)
            #expect(abs(g[j, 1] - z) < 1e-9)
            #expect(abs(g[j, 2] - (3 * z * z - 1) / 2) < 1e-9)
        }
        #expect(g[0, 1] == -1 && g[1199, 1] == 1)
    }

    @Test func lineSpreadFunctionHasTheSpecifiedWidth() throws {
        let basis = try Fixtures.paperBasis.get()
        // sigma = (1 / R) / dx with dx the log-lambda step: 1 / (5000 log(1.5) / 1199) = 0.5914 pixels.
        let sigma = 1199 / (5000 * log(1.5))
        #expect(abs(basis.lsfSigmaPixels - sigma) < 1e-12)
        #expect(basis.lsfKernel.count == 2 * Int((6 * sigma).rounded(.up)) + 1)
        #expect(abs(basis.lsfKernel.reduce(0, +) - 1) < 1e-14)
        // The normalised kernel conserves the template's integral (the lines are far from the grid ends).
        let raw = basis.wavelength.map { l in
            ToyConfiguration.paper.lineCentres.reduce(0.0) {
                $0 - 0.45 * exp(-0.5 * pow((l - $1) / 1.4, 2))
            }
        }
        let convolved = basis.vector(3)
        #expect(abs(convolved.reduce(0, +) - raw.reduce(0, +)) < 1e-9)
        #expect(convolved.min()! > raw.min()!, "convolution makes lines shallower")
    }

    @Test(arguments: ToyConfiguration.paper.lineCentres)
    func lineTemplateHasAMinimumAtEachLineCentre(centre: Double) throws {
        let basis = try Fixtures.paperBasis.get()
        let lambda = basis.wavelength
        let template = basis.vector(3)
        let nearest = lambda.indices.min { abs(lambda[$0] - centre) < abs(lambda[$1] - centre) }!
        let window = (nearest - 1)...(nearest + 1)
        let local = window.min { template[$0] < template[$1] }!
        #expect(
            template[local] < template[local - 1] && template[local] < template[local + 1],
            "a local minimum")
        #expect(abs(local - nearest) <= 1)
        // Depth of a Gaussian line of width 1.4 A after a Gaussian LSF of width lambda / R: 0.45 * 1.4 / sqrt(1.4^2 + (c/R)^2),
        // shallower by at most about 10% from sampling the centre off a pixel; blends (Mg b, Na D) are deeper.
        let depth = 0.45 * 1.4 / (1.4 * 1.4 + pow(centre / 5000, 2)).squareRoot()
        #expect(-template[local] > 0.85 * depth)
        #expect(-template[local] < 1.6 * depth)
    }

    @Test func sinusoidHasTwoPeriodsInWavelength() throws {
        let basis = try Fixtures.paperBasis.get()
        let s = basis.vector(4)
        let lambda = basis.wavelength
        #expect(s[0] == 0)
        #expect(abs(s[s.count - 1]) < 1e-12)
        let interior = s[1..<(s.count - 1)]
        let crossings = zip(interior, interior.dropFirst()).filter { ($0 < 0) != ($1 < 0) }.count
        #expect(crossings == 3)
        // Maxima at a quarter of each period: lambda = 4000 + 2000 / 8 and 4000 + 2000 * 5 / 8.
        let peak = s.indices.max { s[$0] < s[$1] }!
        #expect(s[peak] > 0.999)
        #expect(abs(lambda[peak] - 4250) < 3 || abs(lambda[peak] - 5250) < 3)
    }
}

@Suite struct RankTests {
    /// The clean part of the data, Y - noise - outliers, is A G^T: rank exactly 5.
    @Test func cleanPartHasRankFive() throws {
        let toy = try ToySpectra(
            configuration: ToyConfiguration(nSpectra: 200, nPixels: 300), seed: 3,
            keepComponents: true)
        let p = try #require(toy.components)
        let rows = (0..<toy.nSpectra).filter {
            !toy.truth.isOutlierSpectrum[$0] && toy.truth.missingSegments[$0] == nil
        }
        #expect(rows.count > 80)
        let clean = Matrix(rows: rows.count, cols: toy.nPixels) { r, j in
            toy.Y[rows[r], j] - p.noise[rows[r], j] - p.outliers[rows[r], j]
        }
        let s = try SVD(clean).s
        #expect(s[4] / s[0] > 1e-4, "five independent directions")
        #expect(s[5] / s[0] < 1e-12, "and no sixth")

        let all = try SVD(toy.trueModel()).s
        #expect(all[4] / all[0] > 1e-4 && all[5] / all[0] < 1e-12)
        // trueModel() is the model component.
        #expect((toy.trueModel() - p.model).maxAbs == 0)
    }
}
