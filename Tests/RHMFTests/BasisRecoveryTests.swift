import Foundation
import HMFCore
import Testing

@testable import RHMF

/// Basis-recovery metrics against identities: a basis is only defined up to an invertible K x K map, so any
/// such map of the truth must score as a perfect recovery; a basis missing a direction must not.
@Suite struct BasisRecoveryTests {
    let truth = Matrix(rows: 50, cols: 3) { j, k in
        let t = Double(j) / 49
        return k == 0 ? 1 : sin(Double(k) * 3 * t) + 0.2 * t
    }
    let mix = try! Matrix(rows: 3, cols: 3, elements: [2, 0.5, -1, 0, 1, 0.3, 0.7, -0.2, 1.5])
    let coefficients = Matrix(rows: 40, cols: 3) { i, k in
        cos(Double(i * (k + 2))) + (k == 0 ? 2 : 0)
    }

    var model: Matrix { try! Matrix.product(coefficients, truth, transposeB: true) }
    var noiseless: WeightedData {
        try! WeightedData(Y: model, W: Matrix(rows: 40, cols: 50, repeating: 1))
    }

    @Test func anInvertibleMapOfTheTruthIsAPerfectRecovery() throws {
        let mixed = try Matrix.product(truth, mix)
        let r = try BasisRecovery(
            basis: mixed, trueBasis: truth, heldOut: noiseless, model: model,
            coefficients: coefficients)
        #expect(r.largestAngle < 1e-6)
        #expect(r.heldOutError < 1e-10)
        #expect(r.coefficientError < 1e-10)
        #expect((try projection(of: truth, onto: mixed) - truth).maxAbs < 1e-10)
    }

    @Test func aMissingDirectionShows() throws {
        // Replace the third vector by one orthogonal to the truth's span.
        let q = try truth.orthonormalColumns()
        var other = Matrix(rows: 50, cols: 1) { j, _ in Double(j % 2 == 0 ? 1 : -1) }
        for c in 0..<3 {
            let dot = (0..<50).reduce(0.0) { $0 + q[$1, c] * other[$1, 0] }
            for j in 0..<50 { other[j, 0] -= dot * q[j, c] }
        }
        let broken = Matrix(rows: 50, cols: 3) { j, k in k < 2 ? q[j, k] : other[j, 0] }
        let r = try BasisRecovery(
            basis: broken, trueBasis: truth, heldOut: noiseless, model: model,
            coefficients: coefficients)
        // asin resolves angles near 90 degrees to about 1e-6 rad
        #expect(abs(r.largestAngle - 90) < 1e-4)
        #expect(r.heldOutError > 1e-3)
        #expect(r.coefficientError > 1e-3)
    }

    @Test func projectionResidualIsOrthogonalToTheBasis() throws {
        let basis = Matrix(rows: 50, cols: 2) { j, k in cos(Double(j * (k + 1)) / 7) }
        let p = try projection(of: truth, onto: basis)
        let residual = truth - p
        let inner = try Matrix.product(basis, residual, transposeA: true)
        #expect(inner.maxAbs < 1e-9)
    }
}
