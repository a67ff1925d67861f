import HMFCore
import Testing

@testable import RHMF

@Suite struct RotationTests {
    func factors() -> (Matrix, Matrix) {
        var rng = SeededGenerator(seed: 3)
        return (
            rng.normalMatrix(rows: 40, cols: 4),
            rng.normalMatrix(rows: 30, cols: 4).map { 3 * $0 + 1 }
        )
    }

    @Test(arguments: Rotation.allCases)
    func rotationPreservesTheModel(rotation: Rotation) throws {
        var (A, G) = factors()
        let before = try Matrix.product(A, G, transposeB: true)
        try rotation.apply(A: &A, G: &G)
        let after = try Matrix.product(A, G, transposeB: true)
        #expect((after - before).maxAbs <= 1e-12 * before.maxAbs)
    }

    @Test func fastRotationWhitensG() throws {
        var (A, G) = factors()
        try Rotation.fast.apply(A: &A, G: &G)
        #expect((G.gram - Matrix.identity(4)).maxAbs < 1e-6)
    }

    @Test func fastARotationWhitensA() throws {
        var (A, G) = factors()
        try Rotation.fastA.apply(A: &A, G: &G)
        #expect((A.gram - Matrix.identity(4)).maxAbs < 1e-6)
    }

    @Test func slowRotationGivesOrthonormalBasisAndOrderedOrthogonalCoefficients() throws {
        var (A, G) = factors()
        try Rotation.slow.apply(A: &A, G: &G)
        #expect((G.gram - Matrix.identity(4)).maxAbs < 1e-12)
        let ga = A.gram
        for i in 0..<4 {
            for j in 0..<4 where i != j { #expect(abs(ga[i, j]) < 1e-9 * ga[0, 0]) }
            if i > 0 { #expect(ga[i, i] <= ga[i - 1, i - 1]) }
        }
    }
}
