import DataIO
import Foundation
import Fuzzing
import HMFCore
import Notebook
import RHMF
import Testing

/// A small fixed-seed share of `make fuzz` (which runs 10,000 inputs per parser): every parser gets 300
/// generated inputs, and each must end in a typed error or a result that passes its target's checks.
@Suite struct FuzzingTests {
    static let targets: [FuzzTarget] = [.notebook, .parameter, .npy, .npz, .hdf5, .model, .csv]

    func scratch(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent(
            "fuzz-\(name)-\(UUID().uuidString)")
    }

    @Test(arguments: targets.map(\.name))
    func generatedInputsGetATypedErrorOrACorrectResult(_ name: String) throws {
        let target = try #require(Self.targets.first { $0.name == name })
        let folder = scratch(name)
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = try FuzzCampaign(target: target, seed: 2026, scratch: folder).run(count: 300)
        #expect(report.findings.isEmpty, "\(report.findings)")
        // Both kinds of outcome occur, so the checks above had results to check.
        #expect(report.accepted > 0, "no input was accepted: \(report.rejected)")
        #expect(!report.rejected.isEmpty, "no input was rejected")
    }

    @Test(arguments: targets.map(\.name))
    func everySeedIsAccepted(_ name: String) throws {
        let target = try #require(Self.targets.first { $0.name == name })
        let folder = scratch(name)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let seeds = try target.makeSeeds(folder)
        let file = folder.appendingPathComponent(target.fileName)
        for (k, seed) in seeds.enumerated() {
            FileManager.default.createFile(atPath: file.path, contents: Data(seed))
            #expect(try target.run(seed, file) == .accepted, "seed \(k)")
        }
    }

    /// Found by the fuzzer: `-p scales=[]` on a `[Double]` parameter declared the constant as `[Int]`.
    @Test func anEmptyListOverrideKeepsItsDeclaredType() throws {
        let declared = ParameterValue.list([.double(0.5), .double(1)])
        let empty = try declared.parseOverride("[]", name: "scales")
        #expect(empty.swiftType == "[Double]")
        #expect(
            try ParameterValue.list([], element: "String").parseOverride("[a]", name: "s")
                == .list([.string("a")]))
    }

    /// Found by the fuzzer: a dataspace whose extent exceeds its maximum (a flipped bit in the header)
    /// opened under libhdf5 1.10 and then made the read spin.
    @Test func aDamagedExtentIsCorrupt() throws {
        let folder = scratch("extent")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("y.h5").path
        let file = try HDF5File.create(path: path)
        try file.write(Matrix(rows: 6, cols: 2, repeating: 1), to: "Y")
        try file.write(Matrix(rows: 6, cols: 2, repeating: 1), to: "W")
        file.close()
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        // The dataspace message stores the extents as 8-byte little-endian values; set the first extent's
        // top byte, which no real file of this size has.
        let dims = try #require(Self.dataspaceExtentOffset(bytes, rows: 6, cols: 2))
        bytes[dims + 7] = 0x20
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try WeightedData(contentsOf: path)
        } throws: { error in
            switch error as? DataIOError {
            case .corrupt?, .outOfRange?: return true
            default: return false
            }
        }
    }

    /// Where the first 8-byte extents (rows, cols) are in the file.
    static func dataspaceExtentOffset(_ bytes: [UInt8], rows: UInt64, cols: UInt64) -> Int? {
        let pattern = [rows, cols].flatMap { v in
            (0..<8).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) }
        }
        guard bytes.count >= pattern.count else { return nil }
        return (0...(bytes.count - pattern.count)).first {
            Array(bytes[$0..<($0 + pattern.count)]) == pattern
        }
    }
}
