import Foundation
import Testing

@testable import DataIO

/// Cross-checks with h5py: files we write must read back in h5py, and files h5py writes must read here.
@Suite(
    "HDF5 interoperability with h5py",
    .enabled(
        if: Python.hasH5py,
        "python3 with numpy and h5py not available; install with: python3 -m pip install numpy h5py"
    ))
struct H5pyInteropTests {
    @Test func h5pyReadsWhatWeWrite() throws {
        let dir = TempDir()
        let path = dir.path("ours.h5")
        let flux = randomDoubles(40 * 6, seed: 11).map { Float($0) }
        let weights = randomDoubles(12, seed: 12)
        let ids: [Int64] = [9_007_199_254_740_993, 4_295_806_720_000_000_001, -7, 0]
        do {
            let file = try HDF5File.create(path: path)
            try file.write(
                DenseArray(shape: [40, 6], values: flux), to: "flux",
                options: HDF5WriteOptions(chunkRows: 16, gzipLevel: 5, shuffle: true))
            try file.write(DenseArray(shape: [3, 4], values: weights), to: "meta/weights")
            try file.write(ids, to: "source_id")
            try file.write(strings: ["G", "ünï", ""], to: "labels")
            try file.setAttribute("title", .string("Gaia RVS ✓"))
            try file.setAttribute("n", .integer(40), on: "flux")
            try file.setAttribute("lambda", .doubles([846.0, 870.0]), on: "flux")
        }
        let script = """
            import h5py, json, sys
            f = h5py.File(sys.argv[1], 'r')
            out = {}
            for name in ['flux', 'meta/weights', 'source_id', 'labels']:
                d = f[name]
                vals = d[()].ravel().tolist()
                if d.dtype.kind == 'i': vals = [str(v) for v in vals]
                if d.dtype.kind == 'f': vals = [repr(float(v)) for v in vals]
                if d.dtype.kind == 'O': vals = [v.decode('utf-8') if isinstance(v, bytes) else v for v in vals]
                out[name] = {'dtype': str(d.dtype), 'shape': list(d.shape), 'chunks': d.chunks, 'compression': d.compression,
                             'shuffle': d.shuffle, 'values': vals}
            t = f.attrs['title']
            out['title'] = t.decode() if isinstance(t, bytes) else t
            out['n'] = int(f['flux'].attrs['n'])
            out['lambda'] = [repr(float(v)) for v in f['flux'].attrs['lambda']]
            print(json.dumps(out))
            """
        let json = try #require(try Python.json(script, arguments: [path]) as? [String: Any])
        let fluxInfo = try #require(json["flux"] as? [String: Any])
        #expect(fluxInfo["dtype"] as? String == "float32")
        #expect(fluxInfo["shape"] as? [Int] == [40, 6])
        #expect(fluxInfo["chunks"] as? [Int] == [16, 6])
        #expect(fluxInfo["compression"] as? String == "gzip")
        #expect(fluxInfo["shuffle"] as? Bool == true)
        #expect(exactDoubles(fluxInfo["values"])?.map { Float($0) } == flux)
        let weightInfo = try #require(json["meta/weights"] as? [String: Any])
        #expect(weightInfo["dtype"] as? String == "float64")
        #expect(exactDoubles(weightInfo["values"]) == weights)
        let idInfo = try #require(json["source_id"] as? [String: Any])
        #expect(idInfo["dtype"] as? String == "int64")
        #expect((idInfo["values"] as? [String])?.compactMap { Int64($0) } == ids)
        #expect((json["labels"] as? [String: Any])?["values"] as? [String] == ["G", "ünï", ""])
        #expect(json["title"] as? String == "Gaia RVS ✓")
        #expect(json["n"] as? Int == 40)
        #expect(exactDoubles(json["lambda"]) == [846.0, 870.0])
    }

    @Test func weReadWhatH5pyWrites() throws {
        let dir = TempDir()
        let path = dir.path("theirs.h5")
        let script = """
            import h5py, json, sys, numpy as np
            rng = np.random.default_rng(5)
            flux = rng.normal(size=(300, 17)).astype(np.float32)
            ids = np.array([2**62 + 12345, 2**53 + 1, -3], dtype=np.int64)
            small = np.arange(10, dtype=np.int32) - 4
            with h5py.File(sys.argv[1], 'w') as f:
                f.create_dataset('flux', data=flux, chunks=(32, 17), compression='gzip', shuffle=True)
                f.create_dataset('grp/source_id', data=ids)
                f.create_dataset('small', data=small)
                f.create_dataset('names', data=['alpha', 'βeta'], dtype=h5py.string_dtype())
                f.create_dataset('fixed', data=np.array([b'ab', b'cde'], dtype='S5'))
                f.attrs['note'] = 'written by h5py'
                f.attrs['count'] = np.int64(42)
                f.attrs['scale'] = 0.5
                f.attrs['fixedattr'] = np.bytes_(b'fixed')
                f['flux'].attrs['bounds'] = np.array([1.5, 2.5])
            print(json.dumps({'flux': [repr(float(v)) for v in flux.ravel()], 'ids': [str(v) for v in ids],
                              'small': small.tolist()}))
            """
        let json = try #require(try Python.json(script, arguments: [path]) as? [String: Any])
        let expectedFlux = try #require(exactDoubles(json["flux"])).map { Float($0) }
        let expectedIDs = try #require(json["ids"] as? [String]).compactMap { Int64($0) }
        let file = try HDF5File(path: path)
        let flux = try file.dataset("flux")
        #expect(flux.shape == [300, 17] && flux.type == .float(bits: 32))
        #expect(try flux.read(as: Float.self).values == expectedFlux)
        let picks = [299, 0, 150, 31, 32, 31]
        #expect(
            try flux.readRows(at: picks, as: Float.self).values
                == picks.flatMap { expectedFlux[($0 * 17)..<(($0 + 1) * 17)] })
        #expect(
            try flux.readRows(30..<70, as: Float.self).values
                == Array(expectedFlux[(30 * 17)..<(70 * 17)]))
        #expect(try file.dataset("grp/source_id").read(as: Int64.self).values == expectedIDs)
        #expect(
            try file.dataset("small").read(as: Int64.self).values
                == (json["small"] as? [Int])?.map { Int64($0) })
        #expect(
            try file.dataset("small").read(as: Int32.self).values
                == (json["small"] as? [Int])?.map { Int32($0) })
        #expect(try file.dataset("names").readStrings().values == ["alpha", "βeta"])
        #expect(try file.dataset("fixed").readStrings().values == ["ab", "cde"])
        #expect(try file.attribute("note") == .string("written by h5py"))
        #expect(try file.attribute("count") == .integer(42))
        #expect(try file.attribute("scale") == .double(0.5))
        #expect(try file.attribute("fixedattr") == .string("fixed"))
        #expect(try flux.attribute("bounds") == .doubles([1.5, 2.5]))
        #expect(
            try file.datasets().map(\.name) == ["fixed", "flux", "grp/source_id", "names", "small"])
    }
}
