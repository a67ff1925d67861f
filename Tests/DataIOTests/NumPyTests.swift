import Foundation
import HMFCore
import RHMF
import Testing

@testable import DataIO

/// A `.npy` file built by hand (independently of the encoder) from a header dict and raw data.
func handMadeNPY(_ dict: String, body: [UInt8], version: UInt8 = 1) -> Data {
    var header = Array(dict.utf8)
    let preamble = version == 1 ? 10 : 12
    while (preamble + header.count + 1) % 64 != 0 { header.append(0x20) }
    header.append(0x0A)
    var out: [UInt8] = [0x93] + Array("NUMPY".utf8) + [version, 0]
    let n = header.count
    out +=
        version == 1
        ? [UInt8(n & 0xFF), UInt8(n >> 8)]
        : [UInt8(n & 0xFF), UInt8((n >> 8) & 0xFF), UInt8((n >> 16) & 0xFF), UInt8(n >> 24)]
    return Data(out + header + body)
}

@Suite("NumPy .npy and .npz")
struct NumPyTests {
    static let samples: [NPYArray] = {
        let d = randomDoubles(24, seed: 7)
        return [
            .float64(DenseArray(checkedShape: [2, 3, 4], values: d)),
            .float32(DenseArray(checkedShape: [4, 6], values: d.map { Float($0) })),
            .int64(
                DenseArray(
                    checkedShape: [3, 2],
                    values: [Int64.max, Int64.min, 9_007_199_254_740_993, -1, 0, 42])),
            .int32(DenseArray(checkedShape: [5], values: [Int32.min, -1, 0, 1, Int32.max])),
            .bool(DenseArray(checkedShape: [2, 2], values: [true, false, false, true])),
            .string(DenseArray(checkedShape: [3], values: ["spectrum", "ünïcödé ✓", ""])),
            .scalar(Int64(17)),
            .float64(DenseArray(checkedShape: [0, 3], values: [])),
        ]
    }()

    @Test(arguments: [NPYByteOrder.little, .big], [false, true])
    func roundTripsEveryDtypeAndLayout(byteOrder: NPYByteOrder, fortran: Bool) throws {
        for version in [1, 2, 3] {
            let options = NPYWriteOptions(
                byteOrder: byteOrder, fortranOrder: fortran, version: version)
            for sample in Self.samples {
                let data = try NPYFormat.encode(sample, options: options)
                #expect(try NPYFormat.decode(data, path: "memory") == sample)
            }
        }
    }

    @Test func decodesHandMadeFortranBigEndianFile() throws {
        // 2 x 3 matrix [[1, 2, 3], [4, 5, 6]] stored column-major as big-endian int64: 1 4 2 5 3 6.
        let body = [Int64(1), 4, 2, 5, 3, 6].flatMap {
            withUnsafeBytes(of: $0.bigEndian) { Array($0) }
        }
        let data = handMadeNPY(
            "{'descr': '>i8', 'fortran_order': True, 'shape': (2, 3), }", body: body, version: 2)
        #expect(
            try NPYFormat.decode(data, path: "m")
                == .int64(try DenseArray(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])))
    }

    @Test func roundTripsArchivesAndRobustaStates() throws {
        let dir = TempDir()
        let a = try Matrix(rows: 4, cols: 2, elements: randomDoubles(8, seed: 8))
        let g = try Matrix(rows: 5, cols: 2, elements: randomDoubles(10, seed: 9))
        let state = try RHMFState(coefficients: a, basis: g, cycles: 12)
        for compression in [NPZCompression.stored, .deflated] {
            let path = dir.path("state-\(compression).npz")
            try RobustaStateFile.write(state, to: path, compression: compression)
            #expect(try RobustaStateFile.read(path: path) == state)
            var archive = NPZArchive()
            for (k, sample) in Self.samples.enumerated() { archive["x\(k)"] = sample }
            try archive.write(to: path, compression: compression)
            let back = try NPZArchive.read(path: path)
            #expect(back.names == archive.names)
            for name in archive.names { #expect(back[name] == archive[name]) }
        }
    }

    @Test func rejectsBadFiles() throws {
        let dir = TempDir()
        func file(_ name: String, _ data: Data) throws -> String {
            let path = dir.path(name)
            try data.write(to: URL(fileURLWithPath: path))
            return path
        }
        func expectCorrupt(
            _ path: String, _ item: String = "", containing text: String, _ body: () throws -> Void
        ) {
            #expect { try body() } throws: { error in
                guard case DataIOError.corrupt(let p, let i, let reason) = error else {
                    return false
                }
                return p == path && i == item && reason.contains(text)
            }
        }
        let missing = dir.path("missing.npy")
        #expect(throws: DataIOError.fileNotFound(path: missing)) {
            try NPYFormat.read(path: missing)
        }
        #expect(throws: DataIOError.fileNotFound(path: missing)) {
            try NPZArchive.read(path: missing)
        }

        let notNPY = try file("text.npy", Data("hello, world".utf8))
        expectCorrupt(notNPY, containing: "magic") { _ = try NPYFormat.read(path: notNPY) }

        let full = try NPYFormat.encode(
            .float64(try DenseArray(shape: [10, 10], values: randomDoubles(100, seed: 1))))
        let truncated = try file("truncated.npy", full.prefix(full.count - 9))
        expectCorrupt(truncated, containing: "truncated") {
            _ = try NPYFormat.read(path: truncated)
        }
        let cutHeader = try file("cut-header.npy", full.prefix(40))
        expectCorrupt(cutHeader, containing: "header") { _ = try NPYFormat.read(path: cutHeader) }

        let malformed = try file(
            "malformed.npy",
            handMadeNPY("{'descr': '<f8', 'fortran_order': Maybe, 'shape': (2,), }", body: []))
        expectCorrupt(malformed, containing: "malformed") {
            _ = try NPYFormat.read(path: malformed)
        }

        let complex = try file(
            "complex.npy",
            handMadeNPY(
                "{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }",
                body: [UInt8](repeating: 0, count: 16)))
        #expect { try NPYFormat.read(path: complex) } throws: { error in
            guard case DataIOError.unsupported(let p, _, let reason) = error else { return false }
            return p == complex && reason.contains("<c16")
        }
        let structured = try file(
            "rec.npy",
            handMadeNPY(
                "{'descr': [('x', '<f8')], 'fortran_order': False, 'shape': (1,), }",
                body: [UInt8](repeating: 0, count: 8)))
        #expect { try NPYFormat.read(path: structured) } throws: { error in
            guard case DataIOError.unsupported(_, _, let reason) = error else { return false }
            return reason.contains("structured")
        }

        let notZip = try file("bad.npz", Data(repeating: 7, count: 300))
        expectCorrupt(notZip, containing: "ZIP") { _ = try NPZArchive.read(path: notZip) }

        // An archive whose entry is damaged, and one that is cut short.
        let good = dir.path("good.npz")
        var archive = NPZArchive()
        archive["A"] = .float64(try DenseArray(shape: [3], values: [1, 2, 3]))
        archive["label"] = .scalar("x")
        try archive.write(to: good)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: good))
        let npyStart = try #require(bytes.firstRange(of: Data([0x93] + Array("NUMPY".utf8))))
        bytes[npyStart.lowerBound + 20] ^= 0xFF
        let damaged = try file("damaged.npz", bytes)
        expectCorrupt(damaged, "A", containing: "CRC-32") { _ = try NPZArchive.read(path: damaged) }
        let cut = try file("cut.npz", try Data(contentsOf: URL(fileURLWithPath: good)).prefix(70))
        expectCorrupt(cut, containing: "ZIP") { _ = try NPZArchive.read(path: cut) }

        let loaded = try NPZArchive.read(path: good)
        #expect(throws: DataIOError.missingItem(path: good, item: "G")) { try loaded.array("G") }
        #expect(
            throws: DataIOError.wrongType(
                path: good, item: "label", expected: "a numeric array", found: "str")
        ) {
            try loaded.matrix("label")
        }
        #expect(
            throws: DataIOError.wrongShape(
                path: good, item: "A", expected: "2 dimensions", found: "[3]")
        ) {
            try RobustaStateFile.read(path: good)
        }

        // Wrong ranks and mismatched K in a state archive.
        var state = NPZArchive()
        state["A"] = .float64(try DenseArray(shape: [3], values: [1, 2, 3]))
        state["G"] = .float64(try DenseArray(shape: [2, 2], values: [1, 2, 3, 4]))
        let badRank = dir.path("rank.npz")
        try state.write(to: badRank)
        #expect(
            throws: DataIOError.wrongShape(
                path: badRank, item: "A", expected: "2 dimensions", found: "[3]")
        ) {
            try RobustaStateFile.read(path: badRank)
        }
        state["A"] = .float64(try DenseArray(shape: [1, 3], values: [1, 2, 3]))
        try state.write(to: badRank)
        #expect { try RobustaStateFile.read(path: badRank) } throws: { error in
            guard case DataIOError.wrongShape(let p, let item, _, _) = error else { return false }
            return p == badRank && item == "A, G"
        }
    }
}
