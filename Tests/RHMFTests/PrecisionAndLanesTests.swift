import HMFCore
import Testing

@testable import RHMF

/// What makes the engine fast must not change its numbers: single-precision storage (accumulation is in
/// double), the lanes, the block size and the row source all give the same fit.
@Suite(.serialized) struct PrecisionAndLanesTests {
    let planted = Planted(
        N: 203, M: 57, K: 3, noise: 0.02, outlierFraction: 0.02, seed: 19, precision: .single)

    func settings(blockRows: Int = 16) -> FitSettings {
        FitSettings(
            rank: 3, likelihood: .cauchy(q: 3), initialization: .randomizedSVD(seed: 2),
            convergence: Convergence(criterion: .none, tolerance: 0, maxCycles: 12),
            blockRows: blockRows)
    }

    @Test func singlePrecisionStorageGivesTheDoubleFitOfTheSameValues() throws {
        let single = planted.data
        let widened = try single.converted(to: .double)
        let a = try RobustHMF(settings()).fit(single)
        let b = try RobustHMF(settings()).fit(widened)
        #expect(a.state == b.state)
        #expect(a.trace.loss == b.trace.loss)
        let ia = try a.infer(single)
        let ib = try b.infer(widened)
        #expect(ia.coefficients == ib.coefficients && ia.crossValidation == ib.crossValidation)
    }

    @Test func resultsDoNotDependOnTheNumberOfLanes() throws {
        let one = try Lanes.withCount(1) { try RobustHMF(settings()).fit(planted.data) }
        let three = try Lanes.withCount(3) { try RobustHMF(settings()).fit(planted.data) }
        #expect(one.state == three.state)
        #expect(one.trace.loss == three.trace.loss)
    }

    @Test func blockSizeChangesOnlyRounding() throws {
        let small = try RobustHMF(settings(blockRows: 5)).fit(planted.data)
        let large = try RobustHMF(settings(blockRows: 203)).fit(planted.data)
        let a = small.reconstruction()
        let b = large.reconstruction()
        #expect((a - b).maxAbs <= 1e-9 * a.maxAbs)
    }

    @Test func aSelectionOfRowsFitsLikeACopyOfThem() throws {
        let rows = Array(stride(from: 200, to: 0, by: -3))
        let selected = try RobustHMF(settings()).fit(try RowSelection(planted.data, rows: rows))
        let copied = try RobustHMF(settings()).fit(planted.data.rows(at: rows))
        #expect(selected.state == copied.state)
    }
}
