import DataIO
import Foundation
import HMFCore
import RHMF

/// The readers of data and model files under fuzz. Seeds are files written by our own writers, in each
/// layout a user's file may have; an accepted input must give arrays whose shapes agree with their values.
extension FuzzTarget {
    /// `NPYFormat.decode`: one `.npy` array.
    package static let npy = FuzzTarget(
        name: "npy", fileName: "input.npy", tokens: npyTokens,
        makeSeeds: { _ in
            try sampleArrays.flatMap { array in
                try npyLayouts.map { [UInt8](try NPYFormat.encode(array, options: $0)) }
            }
        },
        run: { input, _ in
            let array: NPYArray
            do { array = try NPYFormat.decode(Data(input), path: "input.npy") } catch {
                return .rejected(kind: kind(of: error))
            }
            try checkShape(array)
            return .accepted
        })

    /// `NPZArchive.read`: a ZIP archive of `.npy` arrays, stored or deflated.
    package static let npz = FuzzTarget(
        name: "npz", fileName: "input.npz", tokens: npyTokens + [Array("PK\u{3}\u{4}".utf8)],
        makeSeeds: { scratch in
            try [NPZCompression.stored, .deflated].map { compression in
                var archive = NPZArchive()
                for (k, array) in sampleArrays.enumerated() { archive["a\(k)"] = array }
                return try bytes(of: scratch, "seed.npz") {
                    try archive.write(to: $0, compression: compression)
                }
            }
        },
        run: { _, file in
            let archive: NPZArchive
            do { archive = try NPZArchive.read(path: file.path) } catch {
                return .rejected(kind: kind(of: error))
            }
            for name in archive.names { try archive[name].map(checkShape) }
            return .accepted
        })

    /// `WeightedData(contentsOf:)` on HDF5 files: `Y` and `W` (or `ivar`), or `flux` and `flux_error`, stored
    /// contiguous or chunked with gzip, in double or single precision.
    package static let hdf5 = FuzzTarget(
        name: "hdf5", fileName: "input.h5",
        tokens: [Array("\u{89}HDF\r\n\u{1A}\n".utf8), Array("TREE".utf8)],
        makeSeeds: { scratch in
            let y = sampleMatrix(rows: 6, cols: 5)
            let layouts: [(String, String, HDF5WriteOptions)] = [
                ("Y", "W", .contiguous), ("Y", "ivar", .compressed),
                ("flux", "flux_error", .contiguous),
            ]
            return try layouts.map { values, weights, options in
                try bytes(of: scratch, "seed.h5") { path in
                    let file = try HDF5File.create(path: path)
                    try file.write(y, to: values, options: options)
                    try file.write(y.map { 1 + abs($0) }, to: weights, options: options)
                }
            }
        },
        run: { _, file in
            let data: WeightedData
            do { data = try WeightedData(contentsOf: file.path) } catch {
                return .rejected(kind: kind(of: error))
            }
            guard data.Y.rows == data.W.rows, data.Y.cols == data.W.cols,
                data.W.elements.allSatisfy({ $0.isFinite && $0 >= 0 })
            else { throw FuzzFinding("accepted data whose weights are invalid or misshapen") }
            return .accepted
        })

    /// `ModelStateFile.read`: model files in HDF5 and `.npz`, and plain robusta-hmf state archives.
    package static let model = FuzzTarget(
        name: "model", fileName: "input.model", tokens: npyTokens + [Array("\u{89}HDF".utf8)],
        makeSeeds: { scratch in
            let state = try RHMFState(
                coefficients: sampleMatrix(rows: 6, cols: 2), basis: sampleMatrix(rows: 5, cols: 2),
                cycles: 7)
            let model = SavedModel(state: state, settings: FitSettings(rank: 2))
            return [
                try bytes(of: scratch, "seed.h5") {
                    try ModelStateFile.write(model, to: $0, format: .hdf5)
                },
                try bytes(of: scratch, "seed.npz") {
                    try ModelStateFile.write(model, to: $0, format: .npz)
                },
                try bytes(of: scratch, "seed.npz") { try RobustaStateFile.write(state, to: $0) },
            ]
        },
        run: { _, file in
            let state: RHMFState
            do { state = try ModelStateFile.read(path: file.path).state } catch {
                return .rejected(kind: kind(of: error))
            }
            let values = state.coefficients.elements + state.basis.elements
            guard state.coefficients.cols == state.basis.cols, values.allSatisfy(\.isFinite) else {
                throw FuzzFinding("accepted a model whose A and G disagree on K or hold NaN/Inf")
            }
            return .accepted
        })

    /// `CSVTable`: quoted fields, escaped quotes, CRLF, empty fields, typed columns.
    package static let csv = FuzzTarget(
        name: "csv", fileName: "input.csv",
        tokens: [[0x22], [0x2C], [0x0D, 0x0A], [0x0A], Array("\"\"".utf8)],
        makeSeeds: { _ in
            [
                "source_id,ra,dec,name\n1,10.5,-3.25,\"a, b\"\n2,11,4e-3,\"say \"\"hi\"\"\"\n3,,,\n",
                "id;value\r\n7;1.5\r\n8;nan\r\n",
                "a,b,c\n1,2,3\n4,5,6\n7,8,9\n",
            ].map { Array($0.utf8) }
        },
        run: { input, _ in
            let table: CSVTable
            do { table = try CSVTable(text: String(decoding: input, as: UTF8.self)) } catch {
                return .rejected(kind: kind(of: error))
            }
            guard table.columns.allSatisfy({ $0.count == table.rowCount }) else {
                throw FuzzFinding("accepted a table whose columns have different lengths")
            }
            return .accepted
        })

    // MARK: seeds

    private static let npyTokens: [[UInt8]] = [
        Array("\u{93}NUMPY".utf8), Array("'descr': '<f8'".utf8), Array("'shape': (".utf8),
        Array("'fortran_order': True".utf8), Array("99999999999999999999,".utf8), Array("-1,".utf8),
    ]

    private static let npyLayouts = [
        NPYWriteOptions(), NPYWriteOptions(byteOrder: .big, fortranOrder: true),
        NPYWriteOptions(version: 2),
    ]

    private static var sampleArrays: [NPYArray] {
        let m = sampleMatrix(rows: 3, cols: 4)
        return [
            NPYArray(m), .float32(DenseArray(m.elements.map { Float($0) })),
            .int32(DenseArray([1, -2, 3])), .int64(DenseArray([Int64.max, 0])),
            .bool(DenseArray([true, false])), .string(DenseArray(["a", "βγ", ""])),
            .scalar(Int64(42)),
        ]
    }

    private static func sampleMatrix(rows: Int, cols: Int) -> Matrix {
        Matrix(rows: rows, cols: cols) { i, j in Double(i * cols + j) / 7 - 1 }
    }

    /// An accepted array's values must fill its shape exactly.
    private static func checkShape(_ array: NPYArray) throws {
        let count: Int
        switch array {
        case .float32(let a): count = a.values.count
        case .float64(let a): count = a.values.count
        case .int32(let a): count = a.values.count
        case .int64(let a): count = a.values.count
        case .bool(let a): count = a.values.count
        case .string(let a): count = a.values.count
        }
        guard array.shape.allSatisfy({ $0 >= 0 }), array.shape.reduce(1, *) == count else {
            throw FuzzFinding("accepted an array of shape \(array.shape) holding \(count) values")
        }
    }

    /// The bytes of a file written by `write` at a scratch path.
    private static func bytes(of scratch: URL, _ name: String, _ write: (String) throws -> Void)
        throws -> [UInt8]
    {
        let path = scratch.appendingPathComponent(name).path
        try write(path)
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
