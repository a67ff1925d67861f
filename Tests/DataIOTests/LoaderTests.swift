import Foundation
import HMFCore
import RHMF
import Testing

@testable import DataIO

/// Data files become `WeightedData` and row sources by one set of rules, in the file's precision.
@Suite struct LoaderTests {
    /// A float32 survey-like file: `flux` and `flux_error` with NaN, zero and negative errors.
    func surveyFile(_ dir: TempDir, rows: Int = 37, cols: Int = 50) throws -> (
        path: String, flux: [Float], error: [Float]
    ) {
        var rng = SeededGenerator(seed: 5)
        var flux = (0..<(rows * cols)).map { _ in Float(1 + 0.1 * rng.normal()) }
        var error = (0..<(rows * cols)).map { _ in Float(0.01 + 0.01 * rng.uniform()) }
        flux[3] = .nan
        error[7] = .nan
        error[11] = 0
        error[12] = -1
        let path = dir.path("survey.h5")
        let file = try HDF5File.create(path: path)
        try file.write(try DenseArray(shape: [rows, cols], values: flux), to: "flux")
        try file.write(try DenseArray(shape: [rows, cols], values: error), to: "flux_error")
        file.close()
        return (path, flux, error)
    }

    @Test func fluxAndErrorsFollowTheReferenceRules() throws {
        let dir = TempDir()
        let (path, flux, error) = try surveyFile(dir)
        let data = try WeightedData(contentsOf: path)
        #expect(data.precision == .single)
        for k in 0..<(37 * 50) {
            let (i, j) = (k / 50, k % 50)
            if flux[k].isNaN || error[k].isNaN || !(error[k] > 0) {
                #expect(data.y(i, j) == 0 && data.w(i, j) == 0)
            } else {
                #expect(data.y(i, j) == Double(flux[k]))
                #expect(data.w(i, j) == Double(Float(1 / (Double(error[k]) * Double(error[k])))))
            }
        }
        let double = try WeightedData(contentsOf: path, precision: .double)
        #expect(
            double.precision == .double
                && double.w(0, 0) == 1 / (Double(error[0]) * Double(error[0])))
    }

    @Test func rowSourcesReadOnlyWhatIsAskedInTheCallersOrder() throws {
        let dir = TempDir()
        let (path, _, _) = try surveyFile(dir)
        let all = try WeightedData(contentsOf: path)
        let rows = [30, 2, 17, 18, 19, 2, 5]
        let source = try HDF5RowSource(path: path, rows: rows, columns: 10..<40)
        #expect(
            source.rowCount == rows.count && source.columnCount == 30 && source.precision == .single
        )
        let picked = try source.loadAll()
        for (r, i) in rows.enumerated() {
            for j in 0..<30 {
                #expect(picked.y(r, j) == all.y(i, j + 10) && picked.w(r, j) == all.w(i, j + 10))
            }
        }
        let again = try source.selecting([1, 3])
        #expect(try again.loadAll().y(1, 0) == all.y(18, 10))
    }

    @Test func aFitStreamedFromTheFileEqualsTheFitInMemory() throws {
        let dir = TempDir()
        let (path, _, _) = try surveyFile(dir, rows: 130, cols: 45)
        let source = try HDF5RowSource(path: path)
        let memory = try WeightedData(contentsOf: path)
        let settings = FitSettings(
            rank: 2, likelihood: .cauchy(q: 3), initialization: .randomizedSVD(seed: 1),
            convergence: Convergence(tolerance: 1e-6, maxCycles: 40), blockRows: 16)
        let streamed = try RobustHMF(settings).fit(source)
        let inMemory = try RobustHMF(settings).fit(memory)
        #expect(streamed.state == inMemory.state)
        #expect(streamed.trace.loss == inMemory.trace.loss)
        let selected = try RobustHMF(settings).fit(try RowSelection(memory, rows: Array(20..<110)))
        let fromFile = try RobustHMF(settings).fit(try source.selecting(Array(20..<110)))
        #expect(selected.state == fromFile.state)
    }

    @Test func badValuesNameTheRowAndColumn() throws {
        let dir = TempDir()
        let path = dir.path("yw.h5")
        let file = try HDF5File.create(path: path)
        var y = [Float](repeating: 1, count: 12)
        let w = [Float](repeating: 4, count: 12)
        y[7] = .infinity
        try file.write(try DenseArray(shape: [3, 4], values: y), to: "Y")
        try file.write(try DenseArray(shape: [3, 4], values: w), to: "W")
        file.close()
        #expect { try WeightedData(contentsOf: path) } throws: {
            "\($0)".contains("row 1, column 3")
        }
        // An error so small that 1 / error^2 overflows single precision.
        let tiny = dir.path("tiny.h5")
        let f2 = try HDF5File.create(path: tiny)
        try f2.write(
            try DenseArray(shape: [2, 2], values: [Float](repeating: 1, count: 4)), to: "flux")
        try f2.write(
            try DenseArray(shape: [2, 2], values: [1, 1, 1e-25, 1] as [Float]), to: "flux_error")
        f2.close()
        #expect { try WeightedData(contentsOf: tiny) } throws: {
            "\($0)".contains("row 1, column 0") && "\($0)".contains("overflows")
        }
        #expect { try HDF5RowSource(path: tiny, rows: [5]) } throws: { "\($0)".contains("row 5") }
        #expect { try HDF5RowSource(path: dir.path("none.h5")) } throws: { _ in true }
    }

    @Test func aFileThatChangesDuringAFitIsATypedError() throws {
        let dir = TempDir()
        let (path, _, _) = try surveyFile(dir, rows: 64, cols: 30)
        let source = try HDF5RowSource(path: path)
        var scratch = RowScratch()
        _ = try source.withRows(0..<8, scratch: &scratch) { $0.rows }
        // Replace the file: the open source refuses to read a different file under the same name.
        let other = TempDir()
        let (replacement, _, _) = try surveyFile(other, rows: 70, cols: 30)
        _ = rename(replacement, path)
        #expect { _ = try source.withRows(0..<8, scratch: &scratch) { $0.rows } } throws: { error in
            guard case RHMFError.unreadable(let message) = error else { return false }
            return message.contains(path) && message.contains("changed")
                && message.contains("file rows 0 ..< 8")
        }
        try FileManager.default.removeItem(atPath: path)
        #expect(throws: RHMFError.self) { try RobustHMF(FitSettings(rank: 2)).fit(source) }
    }

    @Test func npzLoadsInItsOwnPrecision() throws {
        let dir = TempDir()
        var archive = NPZArchive()
        archive["Y"] = .float32(
            try DenseArray(shape: [3, 4], values: [Float](repeating: 2, count: 12)))
        archive["ivar"] = .float32(
            try DenseArray(shape: [3, 4], values: [Float](repeating: 9, count: 12)))
        try archive.write(to: dir.path("d.npz"))
        let data = try WeightedData(contentsOf: dir.path("d.npz"))
        #expect(data.precision == .single && data.w(2, 3) == 9)
        #expect(
            try WeightedData(contentsOf: dir.path("d.npz"), precision: .double).precision == .double
        )
        var bad = NPZArchive()
        bad["Y"] = .float64(try DenseArray(shape: [2, 2], values: [1, 2, 3, 4]))
        try bad.write(to: dir.path("bad.npz"))
        #expect { try WeightedData(contentsOf: dir.path("bad.npz")) } throws: {
            "\($0)".contains("W (or ivar)")
        }
    }
}
