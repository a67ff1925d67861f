import Foundation
import HMFCore
import RHMF
import Testing

@testable import DataIO

/// Cross-checks with real NumPy: it must load what we write, and we must load what it writes.
@Suite(
    "NumPy interoperability",
    .enabled(
        if: Python.hasNumPy,
        "python3 with numpy not available; install with: python3 -m pip install numpy"))
struct NumPyInteropTests {
    /// Python that prints every array of a list of `.npy`/`.npz` paths as JSON (exact values as strings).
    static let dumpScript = """
        import numpy as np, json, sys
        def desc(a):
            a = np.asarray(a)
            if a.dtype.kind == 'f': vals = [repr(float(v)) for v in a.ravel(order='C')]
            elif a.dtype.kind in 'iu': vals = [str(int(v)) for v in a.ravel(order='C')]
            elif a.dtype.kind == 'b': vals = [bool(v) for v in a.ravel(order='C')]
            else: vals = [str(v) for v in a.ravel(order='C')]
            return {'dtype': a.dtype.name, 'order': a.dtype.byteorder, 'shape': list(a.shape),
                    'fortran': bool(a.flags.f_contiguous and not a.flags.c_contiguous), 'values': vals}
        out = {}
        for p in sys.argv[1:]:
            if p.endswith('.npz'):
                with np.load(p) as z: out[p] = {k: desc(z[k]) for k in z.files}
            else:
                out[p] = desc(np.load(p))
        print(json.dumps(out))
        """

    /// Whether `json` (from `dumpScript`) describes the same array as `array`.
    static func matches(_ json: [String: Any]?, _ array: NPYArray) -> Bool {
        guard let json, json["shape"] as? [Int] == array.shape else { return false }
        switch array {
        case .float32(let a):
            return json["dtype"] as? String == "float32"
                && exactDoubles(json["values"])?.map { Float($0) } == a.values
        case .float64(let a):
            return json["dtype"] as? String == "float64" && exactDoubles(json["values"]) == a.values
        case .int32(let a):
            return json["dtype"] as? String == "int32"
                && (json["values"] as? [String])?.map { Int32($0) } == a.values
        case .int64(let a):
            return json["dtype"] as? String == "int64"
                && (json["values"] as? [String])?.map { Int64($0) } == a.values
        case .bool(let a):
            return json["dtype"] as? String == "bool" && json["values"] as? [Bool] == a.values
        case .string(let a):
            return (json["dtype"] as? String)?.hasPrefix("str") == true
                && json["values"] as? [String] == a.values
        }
    }

    @Test func numpyLoadsWhatWeWrite() throws {
        let dir = TempDir()
        var paths: [String: NPYArray] = [:]
        var k = 0
        for sample in NumPyTests.samples {
            for order in [NPYByteOrder.little, .big] {
                for fortran in [false, true] {
                    for version in [1, 2] {
                        let path = dir.path("a\(k).npy")
                        k += 1
                        try NPYFormat.write(
                            sample, to: path,
                            options: NPYWriteOptions(
                                byteOrder: order, fortranOrder: fortran, version: version))
                        paths[path] = sample
                    }
                }
            }
        }
        var archive = NPZArchive()
        for (i, sample) in NumPyTests.samples.enumerated() { archive["s\(i)"] = sample }
        try archive.write(to: dir.path("stored.npz"), compression: .stored)
        try archive.write(to: dir.path("deflated.npz"), compression: .deflated)
        let all = paths.keys.sorted() + [dir.path("stored.npz"), dir.path("deflated.npz")]
        let json = try #require(try Python.json(Self.dumpScript, arguments: all) as? [String: Any])
        for (path, sample) in paths {
            #expect(
                Self.matches(json[path] as? [String: Any], sample),
                "numpy reads \(path) differently")
        }
        for name in ["stored.npz", "deflated.npz"] {
            let entries = try #require(json[dir.path(name)] as? [String: Any])
            for (i, sample) in NumPyTests.samples.enumerated() {
                #expect(
                    Self.matches(entries["s\(i)"] as? [String: Any], sample),
                    "numpy reads \(name)/s\(i) differently")
            }
        }
    }

    @Test func weLoadWhatNumpyWrites() throws {
        let dir = TempDir()
        let script = """
            import numpy as np, sys, os
            d = sys.argv[1]
            rng = np.random.default_rng(3)
            m = rng.normal(size=(4, 5))
            np.save(os.path.join(d, 'c_f8.npy'), m)
            np.save(os.path.join(d, 'f_f4.npy'), np.asfortranarray(m.astype(np.float32)))
            np.save(os.path.join(d, 'be_f8.npy'), m.astype('>f8'))
            np.save(os.path.join(d, 'be_i8_f.npy'), np.asfortranarray(np.arange(24, dtype='>i8').reshape(2, 3, 4) * 10**15))
            np.save(os.path.join(d, 'i4.npy'), np.arange(-3, 4, dtype=np.int32))
            np.save(os.path.join(d, 'b1.npy'), m > 0)
            np.save(os.path.join(d, 'u.npy'), np.array(['a', 'βγ', 'longer text']))
            np.save(os.path.join(d, 'scalar.npy'), np.int64(2**62 + 7))
            with open(os.path.join(d, 'v2.npy'), 'wb') as f:
                np.lib.format.write_array(f, m, version=(2, 0))
            with open(os.path.join(d, 'v3.npy'), 'wb') as f:
                np.lib.format.write_array(f, m.T, version=(3, 0))
            np.savez(os.path.join(d, 'plain.npz'), m=m, ids=np.array([2**53 + 1, -5]), flag=np.array(True))
            np.savez_compressed(os.path.join(d, 'packed.npz'), m=m.astype(np.float32), note=np.array('hello'))
            """
        let result = try Python.run(script, arguments: [dir.url.path])
        try #require(result.status == 0)
        let files = [
            "c_f8.npy", "f_f4.npy", "be_f8.npy", "be_i8_f.npy", "i4.npy", "b1.npy", "u.npy",
            "scalar.npy", "v2.npy", "v3.npy",
            "plain.npz", "packed.npz",
        ].map { dir.path($0) }
        let json = try #require(
            try Python.json(Self.dumpScript, arguments: files) as? [String: Any])
        for path in files where path.hasSuffix(".npy") {
            let array = try NPYFormat.read(path: path)
            #expect(
                Self.matches(json[path] as? [String: Any], array),
                "we read \(path) differently from numpy")
        }
        for path in files where path.hasSuffix(".npz") {
            let archive = try NPZArchive.read(path: path)
            let entries = try #require(json[path] as? [String: Any])
            #expect(Set(archive.names) == Set(entries.keys))
            for name in archive.names {
                #expect(
                    Self.matches(entries[name] as? [String: Any], try archive.array(name)),
                    "we read \(path)/\(name) differently")
            }
        }
    }

    @Test func robustaStatesInterchangeWithPython() throws {
        let dir = TempDir()
        // A state saved exactly as robusta_hmf.state.save_state_to_npz does (np.savez with A, G, it),
        // with float32 factors and a Python int, as JAX without x64 produces.
        let theirs = dir.path("theirs.npz")
        let script = """
            import numpy as np, sys, json
            rng = np.random.default_rng(9)
            A = rng.normal(size=(6, 3)).astype(np.float32)
            G = rng.normal(size=(8, 3)).astype(np.float32)
            np.savez(sys.argv[1], A=A, G=G, it=41)
            print(json.dumps({'A': [repr(float(v)) for v in A.ravel()], 'G': [repr(float(v)) for v in G.ravel()]}))
            """
        let json = try #require(try Python.json(script, arguments: [theirs]) as? [String: Any])
        let state = try RobustaStateFile.read(path: theirs)
        #expect(state.cycles == 41)
        #expect(
            state.coefficients.rows == 6 && state.coefficients.cols == 3
                && state.coefficients.elements == exactDoubles(json["A"]))
        #expect(
            state.basis.rows == 8 && state.basis.cols == 3
                && state.basis.elements == exactDoubles(json["G"]))

        // Ours, loaded the way robusta_hmf.state.load_state_from_npz does.
        let ours = dir.path("ours.npz")
        let a = try Matrix(rows: 5, cols: 2, elements: randomDoubles(10, seed: 4))
        let g = try Matrix(rows: 7, cols: 2, elements: randomDoubles(14, seed: 5))
        try RobustaStateFile.write(try RHMFState(coefficients: a, basis: g, cycles: 9), to: ours)
        let load = """
            import numpy as np, sys, json
            data = np.load(sys.argv[1])
            A, G, it = data['A'], data['G'], int(data['it'])
            print(json.dumps({'A': [repr(float(v)) for v in A.ravel()], 'As': list(A.shape), 'G': [repr(float(v)) for v in G.ravel()],
                              'Gs': list(G.shape), 'it': it}))
            """
        let back = try #require(try Python.json(load, arguments: [ours]) as? [String: Any])
        #expect(back["it"] as? Int == 9)
        #expect(back["As"] as? [Int] == [5, 2] && exactDoubles(back["A"]) == a.elements)
        #expect(back["Gs"] as? [Int] == [7, 2] && exactDoubles(back["G"]) == g.elements)
    }
}
