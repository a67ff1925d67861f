import DataIO
import Foundation
import Testing

@testable import Datasets

/// The population model and its calibration against the paper's bin counts (spec section 5).
@Suite struct GaiaPopulationTests {
    /// The analytic expectation reproduces the paper's table (the NNLS system is solved exactly at scale 1).
    @Test func expectedCountsAtScaleOneMatchThePaper() throws {
        let expected = try GaiaSurveyGenerator.expectedBinCounts(configuration: .paper)
        for (e, paper) in zip(expected, GaiaPaper.binCounts) {
            #expect(abs(e / Double(paper) - 1) < 0.005, "\(e) vs \(paper)")
        }
        // Segment counts close to the spec's NNLS solution divided by the kept fraction 0.96 (the spec subtracts
        // the giants before the loss; here they are lost like every other star).
        let cal = try GaiaCalibration(configuration: .paper)
        let spec = [
            8232, 22058, 8534, 97545, 183789, 38107, 14761, 6959, 4296, 2820, 2596, 3773, 1748, 560,
        ]
        for (mine, theirs) in zip(cal.segmentCounts, spec) {
            #expect(abs(Double(mine) * 0.96 / Double(theirs) - 1) < 0.03)
        }
        #expect(cal.giantCounts == [35_000, 45_000, 20_000])
    }

    /// Drawing the paper-size population (photometry only, no spectra) and binning what the loader would keep
    /// gives every bin within 5 % of the paper.
    @Test func drawnCountsAtScaleOneAreWithinFivePercentOfThePaper() throws {
        let drawn = try GaiaSurveyGenerator.drawnBinCounts(configuration: .paper)
        for (b, (d, paper)) in zip(drawn, GaiaPaper.binCounts).enumerated() {
            #expect(
                abs(Double(d) / Double(paper) - 1) < 0.05,
                "bin \(b): \(d) drawn, \(paper) in the paper")
        }
    }

    /// The subgiants' contributions quoted by the spec (about 1.3k stars in bin 3 and 4.5k in bin 4).
    @Test func subgiantsFeedBinsThreeAndFour() {
        let sub = GaiaCalibration.giantMembership[GaiaPopulationModel.Giant.subgiant.rawValue].map {
            $0 * 20_000
        }
        #expect(abs(sub[3] - 1300) < 100 && abs(sub[4] - 4500) < 200)
        #expect(sub.enumerated().allSatisfy { $0.offset == 3 || $0.offset == 4 || $0.element < 1 })
    }

    /// The closed-form bin probabilities agree with sampling the same model.
    @Test func membershipProbabilitiesAgreeWithMonteCarlo() {
        var random = RandomStream(seed: 99)
        let model = GaiaPopulationModel.self
        for s in [0, 4, 9, 13] {
            let n = 40_000
            let range = model.segment(s)
            var hits = [Int](repeating: 0, count: HRBins.count)
            for _ in 0..<n {
                let c = random.uniform(range)
                let shift =
                    random.uniform() < model.binaryFraction
                    ? random.uniform(0...model.binaryBrightening) : 0
                let m = model.ridge(c) + random.normal(0, model.scatter(c)) - shift
                for b in HRBins.bins(bpRp: c, absMagG: m) { hits[b] += 1 }
            }
            for b in 0..<HRBins.count {
                let p = GaiaCalibration.membership[b][s]
                let sampled = Double(hits[b]) / Double(n)
                #expect(
                    abs(p - sampled) < 4 * (p * (1 - p) / Double(n)).squareRoot() + 1e-3,
                    "segment \(s), bin \(b)")
            }
        }
    }

    /// Small scales keep the floor: every bin expects at least 150 members at the CI scale.
    @Test func theFloorHoldsAtSmallScales() throws {
        let cal = try GaiaCalibration(configuration: .ci)
        #expect(cal.expectedMembers.allSatisfy { $0 >= 149.5 })
        for (e, t) in zip(cal.expectedMembers, cal.targets) { #expect(abs(e - t) / t < 0.02) }
        #expect((9_000...12_000).contains(cal.starCount))
    }

    @Test func invalidConfigurationsAreRejected() {
        #expect(throws: DatasetError.self) {
            try GaiaCalibration(configuration: GaiaSurveyConfiguration(scale: 0))
        }
        #expect(throws: DatasetError.self) {
            try GaiaCalibration(configuration: GaiaSurveyConfiguration(scale: .nan))
        }
        var c = GaiaSurveyConfiguration(scale: 0.1)
        c.anomalyRateFactor = -1
        #expect(throws: DatasetError.self) { try GaiaCalibration(configuration: c) }
    }

    /// Lawson-Hanson NNLS against brute force over every active set of a small problem.
    @Test func nonNegativeLeastSquaresFindsTheConstrainedMinimum() {
        var random = RandomStream(seed: 3)
        for _ in 0..<30 {
            let m = 6
            let n = 4
            let a = (0..<m).map { _ in (0..<n).map { _ in random.normal() } }
            let b = (0..<m).map { _ in random.normal() }
            let x = NonNegativeLeastSquares.solve(a, b)
            #expect(x.allSatisfy { $0 >= 0 })
            func loss(_ x: [Double]) -> Double {
                zip(a, b).reduce(0) { t, row in
                    let r = zip(row.0, x).reduce(0) { $0 + $1.0 * $1.1 } - row.1
                    return t + r * r
                }
            }
            // Brute force: the best unconstrained solution on each subset of columns that is non-negative.
            var best = loss([Double](repeating: 0, count: n))
            for mask in 1..<(1 << n) {
                let cols = (0..<n).filter { mask & (1 << $0) != 0 }
                // Normal equations on the subset.
                var g = cols.map { i in cols.map { j in a.reduce(0) { $0 + $1[i] * $1[j] } } }
                var h = cols.map { i in zip(a, b).reduce(0) { $0 + $1.0[i] * $1.1 } }
                let k = cols.count
                for p in 0..<k {
                    for q in (p + 1)..<max(k, p + 1) {
                        let f = g[q][p] / g[p][p]
                        for r in p..<k { g[q][r] -= f * g[p][r] }
                        h[q] -= f * h[p]
                    }
                }
                var sub = [Double](repeating: 0, count: k)
                for p in stride(from: k - 1, through: 0, by: -1) {
                    sub[p] =
                        (h[p] - ((p + 1)..<max(k, p + 1)).reduce(0) { $0 + g[p][$1] * sub[$1] })
                        / g[p][p]
                }
                guard sub.allSatisfy({ $0 >= 0 }) else { continue }
                var full = [Double](repeating: 0, count: n)
                for (p, c) in cols.enumerated() { full[c] = sub[p] }
                best = min(best, loss(full))
            }
            #expect(abs(loss(x) - best) < 1e-9 * max(1, best))
        }
    }
}
