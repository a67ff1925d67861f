import Foundation
import RHMF
import Testing

@testable import DataIO

@Suite("HDF5 files")
struct HDF5Tests {
    @Test func roundTripsNumericAndTextDatasets() throws {
        let dir = TempDir()
        let path = dir.path("round.h5")
        let doubles = randomDoubles(30, seed: 1)
        let floats = doubles.map { Float($0) }
        let ids: [Int64] = [
            Int64.max, Int64.min, 5_000_000_000_000_000_123, 0, -1, 9_007_199_254_740_993,
        ]
        do {
            let file = try HDF5File.create(path: path)
            try file.write(DenseArray(shape: [5, 6], values: doubles), to: "matrix64")
            try file.write(
                DenseArray(shape: [10, 3], values: floats), to: "group/inner/matrix32",
                options: HDF5WriteOptions(chunkRows: 4, gzipLevel: 6, shuffle: true))
            try file.write(ids, to: "source_id")
            try file.write(strings: ["alpha", "βeta ✓", ""], to: "names")
        }
        let file = try HDF5File(path: path)
        #expect(
            try file.dataset("matrix64").read(as: Double.self)
                == DenseArray(shape: [5, 6], values: doubles))
        #expect(
            try file.dataset("group/inner/matrix32").read(as: Float.self)
                == DenseArray(shape: [10, 3], values: floats))
        #expect(try file.dataset("source_id").read(as: Int64.self).values == ids)
        #expect(try file.dataset("names").readStrings().values == ["alpha", "βeta ✓", ""])
        // float32 widened to float64 by HDF5's conversion equals the Swift widening.
        #expect(
            try file.dataset("group/inner/matrix32").read(as: Double.self).values
                == floats.map { Double($0) })
        let matrix = try file.dataset("matrix64").readMatrix()
        #expect(matrix.rows == 5 && matrix.cols == 6 && matrix.elements == doubles)

        let listing = try file.datasets()
        #expect(listing.map(\.name) == ["group/inner/matrix32", "matrix64", "names", "source_id"])
        #expect(listing[0].shape == [10, 3] && listing[0].type == .float(bits: 32))
        #expect(listing[2].type == .string(variableLength: true))
        #expect(listing[3].type == .integer(bits: 64, signed: true))
    }

    @Test func readsRowRangesAndRowLists() throws {
        let dir = TempDir()
        let path = dir.path("rows.h5")
        let rows = 97
        let cols = 7
        let values = randomDoubles(rows * cols, seed: 2).map { Float($0) }
        let file = try HDF5File.create(path: path)
        try file.write(
            DenseArray(shape: [rows, cols], values: values), to: "flux",
            options: HDF5WriteOptions(chunkRows: 10, gzipLevel: 1))
        let flux = try file.dataset("flux")
        func expected(_ indices: [Int]) -> [Float] {
            indices.flatMap { values[($0 * cols)..<(($0 + 1) * cols)] }
        }
        for range in [0..<1, 0..<97, 13..<41, 90..<97, 5..<5] {
            let block = try flux.readRows(range, as: Float.self)
            #expect(block.shape == [range.count, cols])
            #expect(block.values == expected(Array(range)))
        }
        let picks = [96, 3, 3, 50, 0, 51, 52, 10, 96]
        let gathered = try flux.readRows(at: picks, as: Float.self)
        #expect(gathered.shape == [picks.count, cols])
        #expect(gathered.values == expected(picks))
        #expect(try flux.readRows(at: [4, 5, 6], as: Float.self).values == expected([4, 5, 6]))

        var buffer = [Float](repeating: 0, count: 3 * cols)
        try buffer.withUnsafeMutableBufferPointer { try flux.readRows(20..<23, into: $0) }
        #expect(buffer == expected([20, 21, 22]))

        // Writing rows in blocks gives the same dataset as writing it whole.
        let blocked = try file.createDataset(
            "blocked", of: Float.self, shape: [rows, cols], options: HDF5WriteOptions(chunkRows: 8))
        for start in stride(from: 0, to: rows, by: 30) {
            let end = min(start + 30, rows)
            try blocked.writeRows(Array(values[(start * cols)..<(end * cols)]), startingAt: start)
        }
        #expect(try file.dataset("blocked").read(as: Float.self).values == values)
    }

    @Test func roundTripsAttributes() throws {
        let dir = TempDir()
        let path = dir.path("attrs.h5")
        do {
            let file = try HDF5File.create(path: path)
            try file.write([1.0, 2.0], to: "x")
            try file.setAttribute("version", .integer(3))
            try file.setAttribute("note", .string("Gaia RVS — ünïcode"))
            try file.setAttribute("scale", .double(0.25), on: "x")
            try file.setAttribute("ids", .integers([1, -2, 3]), on: "x")
            try file.setAttribute("bands", .strings(["G", "BP", "RP"]), on: "x")
            try file.setAttribute("weights", .doubles([0.5, 1.5]), on: "x")
            try file.setAttribute("version", .integer(4))  // replaces
        }
        let file = try HDF5File(path: path)
        #expect(try file.attribute("version") == .integer(4))
        #expect(try file.attribute("note").stringValue == "Gaia RVS — ünïcode")
        let x = try file.dataset("x")
        #expect(try x.attribute("scale") == .double(0.25))
        #expect(try x.attribute("ids") == .integers([1, -2, 3]))
        #expect(try x.attribute("bands") == .strings(["G", "BP", "RP"]))
        #expect(try x.attribute("weights") == .doubles([0.5, 1.5]))
        #expect(try file.attributeNames(on: "x") == ["bands", "ids", "scale", "weights"])
        #expect(throws: DataIOError.missingItem(path: path, item: "x@absent")) {
            try x.attribute("absent")
        }
    }

    @Test func rejectsBadInput() throws {
        let dir = TempDir()
        let missing = dir.path("missing.h5")
        #expect(throws: DataIOError.fileNotFound(path: missing)) { try HDF5File(path: missing) }

        let garbage = dir.path("garbage.h5")
        try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31) }).write(
            to: URL(fileURLWithPath: garbage))
        #expect { try HDF5File(path: garbage) } throws: { error in
            guard case DataIOError.corrupt(let p, _, let reason) = error else { return false }
            return p == garbage && reason.contains("not an HDF5 file")
        }

        let good = dir.path("good.h5")
        do {
            let file = try HDF5File.create(path: good)
            try file.write(
                DenseArray(shape: [200, 50], values: randomDoubles(10_000, seed: 3)), to: "flux")
            try file.write(strings: ["a"], to: "label")
            try file.write(
                DenseArray(shape: [2, 2, 2], values: [Double](repeating: 1, count: 8)), to: "cube")
        }
        let truncated = dir.path("truncated.h5")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: good))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: truncated))
        #expect { try HDF5File(path: truncated).dataset("flux").read(as: Double.self) } throws: {
            error in
            guard case DataIOError.corrupt(let p, _, _) = error else { return false }
            return p == truncated
        }

        // Damaged compressed chunks: the read fails with a typed error naming file and dataset.
        let packed = dir.path("packed.h5")
        do {
            let file = try HDF5File.create(path: packed)
            try file.write(
                DenseArray(shape: [400, 50], values: randomDoubles(20_000, seed: 4)), to: "flux",
                options: HDF5WriteOptions(chunkRows: 20, gzipLevel: 6))
        }
        var packedBytes = try Data(contentsOf: URL(fileURLWithPath: packed))
        let middle = packedBytes.count / 2
        for k in middle..<(middle + 512) { packedBytes[k] ^= 0x5A }
        let damaged = dir.path("damaged.h5")
        try packedBytes.write(to: URL(fileURLWithPath: damaged))
        #expect { try HDF5File(path: damaged).dataset("flux").read(as: Double.self) } throws: {
            error in
            guard case DataIOError.hdf5(let p, let item, _, _) = error else { return false }
            return p == damaged && item == "flux"
        }

        let file = try HDF5File(path: good)
        #expect(throws: DataIOError.missingItem(path: good, item: "nope")) {
            try file.dataset("nope")
        }
        #expect(
            throws: DataIOError.wrongType(
                path: good, item: "label", expected: "float64", found: "string (variable length)")
        ) {
            try file.dataset("label").read(as: Double.self)
        }
        #expect(
            throws: DataIOError.wrongType(
                path: good, item: "flux", expected: "int64", found: "float64")
        ) {
            try file.dataset("flux").read(as: Int64.self)
        }
        #expect(
            throws: DataIOError.wrongType(
                path: good, item: "flux", expected: "string", found: "float64")
        ) {
            try file.dataset("flux").readStrings()
        }
        #expect { try file.dataset("cube").readMatrix() } throws: { error in
            guard case DataIOError.wrongShape(let p, let item, _, _) = error else { return false }
            return p == good && item == "cube"
        }
        #expect { try file.dataset("flux").readRows(190..<210, as: Double.self) } throws: { error in
            guard case DataIOError.outOfRange(let p, let item, _) = error else { return false }
            return p == good && item == "flux"
        }
        #expect { try file.dataset("flux").readRows(at: [3, -1], as: Double.self) } throws: {
            error in
            guard case DataIOError.outOfRange = error else { return false }
            return true
        }
        #expect { try file.write([1.0], to: "new") } throws: { error in
            guard case DataIOError.cannotAccess(let p, _) = error else { return false }
            return p == good
        }
    }
}
