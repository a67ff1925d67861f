import HMFCore
import Testing

@Suite struct MatrixTests {
    @Test func shapeIsSealed() throws {
        #expect(throws: MatrixShapeError.self) {
            try Matrix(rows: 2, cols: 3, elements: [1, 2, 3])
        }
        #expect(throws: MatrixShapeError.self) { try Matrix([[1, 2], [3]]) }
        let m = try Matrix(rows: 2, cols: 2, elements: [1, 2, 3, 4])
        #expect(m.elementCount == 4 && m.rows == 2 && m.cols == 2)
    }
}
