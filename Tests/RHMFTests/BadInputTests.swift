import HMFCore
import Testing

@testable import RHMF

/// Bad input gets a typed error naming the problem, or a documented handling; never a trap or a silent NaN.
@Suite struct BadInputTests {
    let y = Matrix(rows: 6, cols: 5) { i, j in Double(i + 1) * Double(j + 2).squareRoot() }
    var w: Matrix { Matrix(rows: 6, cols: 5, repeating: 1) }

    func message(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch { return "\(error)" }
    }

    @Test func nanInDataWithWeightIsRejected() {
        var bad = y
        bad[2, 3] = .nan
        #expect(throws: RHMFError.self) { try WeightedData(Y: bad, W: w) }
        #expect(message { _ = try WeightedData(Y: bad, W: w) }?.contains("Y[2, 3]") == true)
        bad[2, 3] = .infinity
        #expect(message { _ = try WeightedData(Y: bad, W: w) }?.contains("non-finite") == true)
    }

    @Test func nanInDataWithZeroWeightIsMissing() throws {
        var bad = y
        var weights = w
        bad[2, 3] = .nan
        weights[2, 3] = 0
        let data = try WeightedData(Y: bad, W: weights)
        #expect(data.Y[2, 3] == 0)
    }

    @Test func negativeAndNaNWeightsAreRejected() {
        var weights = w
        weights[1, 1] = -1
        #expect(message { _ = try WeightedData(Y: y, W: weights) }?.contains("W[1, 1]") == true)
        weights[1, 1] = .nan
        #expect(
            message { _ = try WeightedData(Y: y, W: weights) }?.contains("invalid weight") == true)
        weights[1, 1] = .infinity
        #expect(throws: RHMFError.self) { try WeightedData(Y: y, W: weights) }
    }

    @Test func shapeMismatchIsRejected() throws {
        #expect(
            message { _ = try WeightedData(Y: y, W: Matrix(rows: 6, cols: 4, repeating: 1)) }?
                .contains("6 x 5") == true)
        #expect(throws: RHMFError.self) { try Matrix(rows: 2, cols: 3, checked: [1, 2]) }
        #expect(throws: MatrixShapeError.self) { try Matrix([[1, 2], [3]]) }
        let data = try WeightedData(Y: y, W: w)
        let state = try RHMFState(
            coefficients: Matrix(rows: 5, cols: 2), basis: Matrix(rows: 5, cols: 2))
        #expect(throws: RHMFError.self) { try state.residuals(data) }
        #expect(throws: RHMFError.self) {
            try RHMFState(coefficients: Matrix(rows: 6, cols: 2), basis: Matrix(rows: 5, cols: 3))
        }
    }

    @Test func emptyDataIsRejected() {
        #expect(
            message {
                _ = try WeightedData(Y: Matrix(rows: 0, cols: 5), W: Matrix(rows: 0, cols: 5))
            }?.contains("empty") == true)
        #expect(
            message { _ = try WeightedData(Y: y, W: Matrix(rows: 6, cols: 5)) }?.contains(
                "every weight is zero") == true)
    }

    @Test(arguments: [0, -1, 5, 6])
    func rankOutOfRangeIsRejected(rank: Int) throws {
        let data = try WeightedData(Y: y, W: w)
        #expect(throws: RHMFError.self) { try RobustHMF(FitSettings(rank: rank)).fit(data) }
        #expect(
            message { _ = try RobustHMF(FitSettings(rank: rank)).fit(data) }?.contains(
                "min(N, M) = 5") == true)
    }

    @Test func invalidSettingsAreRejected() throws {
        let data = try WeightedData(Y: y, W: w)
        for settings in [
            FitSettings(rank: 2, likelihood: .cauchy(q: 0)),
            FitSettings(rank: 2, likelihood: .studentT(nu: -1, s: 1)),
            FitSettings(rank: 2, convergence: Convergence(cadence: 0)),
            FitSettings(rank: 2, ridge: -1),
            FitSettings(rank: 2, convergence: Convergence(maxCycles: 0)),
            FitSettings(rank: 2, blockRows: 0),
        ] {
            #expect(throws: RHMFError.self) { try RobustHMF(settings).fit(data) }
        }
    }

    @Test(arguments: [Initialization.svd, .random(seed: 4)])
    func rowsAndColumnsWithoutWeightGetZeroFactors(initialization: Initialization) throws {
        let planted = Planted(N: 40, M: 30, K: 2, noise: 0.01, outlierFraction: 0, seed: 5)
        var weights = planted.W
        for j in 0..<30 { weights[7, j] = 0 }  // an object with no data
        for i in 0..<40 { weights[i, 11] = 0 }  // a pixel with no data
        let data = try WeightedData(Y: planted.Y, W: weights)
        let settings = FitSettings(
            rank: 2, likelihood: .cauchy(q: 3), initialization: initialization, rotation: .slow,
            convergence: Convergence(maxCycles: 30))
        let fit = try RobustHMF(settings).fit(data)
        #expect(fit.state.coefficients.isFinite && fit.state.basis.isFinite)
        #expect(fit.state.coefficients.row(7).allSatisfy { $0 == 0 })
        #expect(fit.state.basis.row(11).allSatisfy { abs($0) < 1e-12 })
        #expect(data.emptyRows == [7])
    }

    @Test func ridgeKeepsEmptyRowsFiniteToo() throws {
        let planted = Planted(N: 30, M: 20, K: 2, noise: 0.01, outlierFraction: 0, seed: 6)
        var weights = planted.W
        for j in 0..<20 { weights[3, j] = 0 }
        let fit = try RobustHMF(
            FitSettings(rank: 2, convergence: Convergence(maxCycles: 10), ridge: 1e-3)
        )
        .fit(try WeightedData(Y: planted.Y, W: weights))
        #expect(fit.state.coefficients.row(3).allSatisfy { $0 == 0 })
    }

    @Test func badStartStateIsRejected() throws {
        let data = try WeightedData(Y: y, W: w)
        let wrong = try RHMFState(
            coefficients: Matrix(rows: 6, cols: 3), basis: Matrix(rows: 5, cols: 3))
        #expect(throws: RHMFError.self) {
            try RobustHMF(FitSettings(rank: 2)).fit(data, start: wrong)
        }
        var nan = Matrix(rows: 6, cols: 2, repeating: 1)
        nan[0, 0] = .nan
        // A state that holds NaN cannot be built, so no fit can start from one.
        #expect(throws: RHMFError.self) {
            try RHMFState(coefficients: nan, basis: Matrix(rows: 5, cols: 2, repeating: 1))
        }
    }

    @Test func inferenceRejectsMismatchedBasis() throws {
        let data = try WeightedData(Y: y, W: w)
        #expect(throws: RHMFError.self) {
            try RobustHMF.infer(data, basis: Matrix(rows: 4, cols: 2), likelihood: .gaussian)
        }
        #expect(throws: RHMFError.self) {
            try RobustHMF.infer(
                data, basis: Matrix(rows: 5, cols: 2), likelihood: .gaussian,
                settings: InferenceSettings(objectQuantiles: [2]))
        }
    }

    @Test func lapackErrorsAreTyped() {
        #expect(throws: RHMFError.self) { try SVD(Matrix(rows: 2, cols: 2, repeating: .nan)) }
        #expect(throws: RHMFError.self) { try SymmetricEigen(Matrix(rows: 2, cols: 3)) }
        #expect(throws: RHMFError.self) { try PCA(Matrix(rows: 3, cols: 3), rank: 3) }
        #expect(throws: RHMFError.self) {
            try RobustPCA(Matrix(rows: 3, cols: 3, repeating: .infinity), rank: 1)
        }
        #expect(throws: RHMFError.self) {
            try principalAngles(between: Matrix(rows: 4, cols: 2), and: Matrix(rows: 5, cols: 2))
        }
    }

    @Test func singlePrecisionDataAreValidatedToo() throws {
        var y = FloatMatrix(rows: 3, cols: 4, repeating: 1)
        var w = y
        y[1, 2] = .nan
        #expect(message { _ = try WeightedData(Y: y, W: w) }?.contains("Y[1, 2]") == true)
        w[1, 2] = 0
        let data = try WeightedData(Y: y, W: w)
        #expect(data.precision == .single && data.y(1, 2) == 0)
        // Rounding double data to single precision that overflows is an error, not an infinite weight.
        #expect(throws: RHMFError.self) {
            try WeightedData(
                Y: Matrix(rows: 2, cols: 2, repeating: 1),
                W: Matrix(rows: 2, cols: 2, repeating: 1e300)
            ).converted(to: .single)
        }
    }
}
