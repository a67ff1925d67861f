import Foundation
import HMFCore
import NumericsVersion
import RHMF
import Testing

@testable import DataIO

@Suite("Model state files")
struct ModelStateFileTests {
    static func model() throws -> SavedModel {
        let a = try Matrix(rows: 6, cols: 3, elements: randomDoubles(18, seed: 21))
        let g = try Matrix(rows: 9, cols: 3, elements: randomDoubles(27, seed: 22))
        let trace = FitTrace(
            loss: [10, 5, 4.5], convergence: [.nan, 0.1, 0.001], seconds: [0.01, 0.02, 0.015])
        return SavedModel(
            state: try RHMFState(coefficients: a, basis: g, cycles: 3), trace: trace,
            settings: settings)
    }

    static let settings = FitSettings(
        rank: 3, likelihood: .studentT(nu: 3, s: 2), initialization: .randomizedSVD(seed: 4),
        convergence: Convergence(criterion: .maxFracG, tolerance: 1e-6, cadence: 5))

    static func sameBits(_ x: [Double], _ y: [Double]) -> Bool {
        x.map(\.bitPattern) == y.map(\.bitPattern)
    }

    @Test(arguments: ["model.h5", "model.npz"])
    func roundTrips(name: String) throws {
        let dir = TempDir()
        let path = dir.path(name)
        let model = try Self.model()
        try ModelStateFile.write(model, to: path)
        let back = try ModelStateFile.read(path: path)
        #expect(back.state == model.state)
        #expect(Self.sameBits(back.trace.loss, model.trace.loss))
        #expect(Self.sameBits(back.trace.convergence, model.trace.convergence))
        #expect(Self.sameBits(back.trace.seconds, model.trace.seconds))
        #expect(back.formatVersion == ModelStateFile.formatVersion)
        #expect(back.settings == Self.settings)
        #expect(back.numericsVersion == numericsVersion)
        // The format follows the contents, not the name.
        let renamed = dir.path("renamed.bin")
        try FileManager.default.copyItem(atPath: path, toPath: renamed)
        #expect(try ModelStateFile.read(path: renamed).state == model.state)
    }

    @Test func readsPlainRobustaStatesAsVersionZero() throws {
        let dir = TempDir()
        let path = dir.path("robusta.npz")
        let model = try Self.model()
        try RobustaStateFile.write(model.state, to: path)
        let back = try ModelStateFile.read(path: path)
        #expect(
            back.formatVersion == 0 && back.state == model.state && back.trace.loss.isEmpty
                && back.settings == nil)
        #expect(throws: DataIOError.self) { try back.requireSettings(path: path) }
    }

    @Test func refusesFutureVersionsAndForeignFiles() throws {
        let dir = TempDir()
        let model = try Self.model()
        let h5 = dir.path("future.h5")
        try ModelStateFile.write(model, to: h5)
        do {
            let file = try HDF5File(path: h5, mode: .readWrite)
            try file.setAttribute("format_version", .integer(99))
        }
        #expect(
            throws: DataIOError.unsupportedVersion(
                path: h5, found: 99, newestSupported: ModelStateFile.formatVersion)
        ) {
            try ModelStateFile.read(path: h5)
        }
        let npz = dir.path("future.npz")
        try ModelStateFile.write(model, to: npz)
        var archive = try NPZArchive.read(path: npz)
        archive["format_version"] = .scalar(Int64(ModelStateFile.formatVersion + 1))
        try archive.write(to: npz)
        #expect(
            throws: DataIOError.unsupportedVersion(
                path: npz, found: ModelStateFile.formatVersion + 1,
                newestSupported: ModelStateFile.formatVersion)
        ) {
            try ModelStateFile.read(path: npz)
        }
        let plain = dir.path("plain.h5")
        try HDF5File.create(path: plain).write([1.0], to: "x")
        #expect { try ModelStateFile.read(path: plain) } throws: { error in
            guard case DataIOError.corrupt(let p, let item, _) = error else { return false }
            return p == plain && item == "@format_version"
        }
        let text = dir.path("notes.txt")
        try "hello".write(toFile: text, atomically: true, encoding: .utf8)
        #expect { try ModelStateFile.read(path: text) } throws: { error in
            guard case DataIOError.corrupt(let p, _, _) = error else { return false }
            return p == text
        }
        let missing = dir.path("none.h5")
        #expect(throws: DataIOError.fileNotFound(path: missing)) {
            try ModelStateFile.read(path: missing)
        }
        // Settings that cannot be read are an error naming the settings item, never a silent default.
        let bad = dir.path("bad.h5")
        try ModelStateFile.write(model, to: bad)
        do {
            let file = try HDF5File(path: bad, mode: .readWrite)
            try file.setAttribute("settings", .string("{\"rank\": \"three\"}"))
        }
        #expect { try ModelStateFile.read(path: bad) } throws: { error in
            guard case DataIOError.corrupt(let p, let item, _) = error else { return false }
            return p == bad && item == "settings"
        }
    }

    @Test(
        .enabled(
            if: Python.hasH5py,
            "python3 with numpy and h5py not available; install with: python3 -m pip install numpy h5py"
        ))
    func pythonReadsModelFiles() throws {
        let dir = TempDir()
        let model = try Self.model()
        try ModelStateFile.write(model, to: dir.path("m.h5"))
        try ModelStateFile.write(model, to: dir.path("m.npz"))
        let script = """
            import numpy as np, h5py, json, sys
            z = np.load(sys.argv[2])
            f = h5py.File(sys.argv[1], 'r')
            s = f.attrs['settings']
            print(json.dumps({
                'npz_A': [repr(float(v)) for v in z['A'].ravel()], 'npz_it': int(z['it']), 'npz_version': int(z['format_version']),
                'npz_settings': json.loads(str(z['settings'])), 'npz_loss': [repr(float(v)) for v in z['trace_loss']],
                'h5_G': [repr(float(v)) for v in f['G'][()].ravel()], 'h5_version': int(f.attrs['format_version']),
                'h5_settings': json.loads(s.decode() if isinstance(s, bytes) else s),
                'h5_seconds': [repr(float(v)) for v in f['trace/seconds'][()]]}))
            """
        let json = try #require(
            try Python.json(script, arguments: [dir.path("m.h5"), dir.path("m.npz")])
                as? [String: Any])
        #expect(exactDoubles(json["npz_A"]) == model.state.coefficients.elements)
        #expect(json["npz_it"] as? Int == 3)
        #expect(json["npz_version"] as? Int == ModelStateFile.formatVersion)
        #expect((json["npz_settings"] as? [String: Any])?["rank"] as? Int == 3)
        #expect(exactDoubles(json["npz_loss"]) == model.trace.loss)
        #expect(exactDoubles(json["h5_G"]) == model.state.basis.elements)
        #expect(json["h5_version"] as? Int == ModelStateFile.formatVersion)
        #expect(
            (json["h5_settings"] as? [String: Any])?["blockRows"] as? Int == Self.settings.blockRows
        )
        #expect(exactDoubles(json["h5_seconds"]) == model.trace.seconds)
    }
}
