import DataIO
import Foundation
import RHMF
import Spawn
import Testing

@testable import Datasets

/// The real-data path: a file of the same layout written by h5py loads exactly as ours does, and h5py sees our
/// file with the layout of the spec (dtypes, shapes, chunks, root datasets only).
@Suite(
    .enabled(
        if: GaiaPython.hasH5py,
        "python3 with numpy and h5py not available; install with: python3 -m pip install numpy h5py"
    ))
struct GaiaH5pyTests {
    @Test func h5pySeesTheSpecsLayout() throws {
        let survey = try GaiaFixtures.small.get()
        let script = """
            import h5py, json, sys
            f = h5py.File(sys.argv[1], 'r')
            print(json.dumps({k: [str(f[k].dtype), list(f[k].shape), list(f[k].chunks or [])] for k in f}))
            """
        let out = try GaiaPython.run(script, [survey.path(GaiaCatalog.spectraFileName)])
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: [Any]])
        let n = survey.plan.spectrumStars.count
        #expect(Set(json.keys) == ["source_id", "flux", "flux_error"])
        #expect(
            json["source_id"]?[0] as? String == "int64" && json["source_id"]?[1] as? [Int] == [n])
        for name in ["flux", "flux_error"] {
            #expect(json[name]?[0] as? String == "float32")
            #expect(
                json[name]?[1] as? [Int] == [n, 2401]
                    && json[name]?[2] as? [Int] == [min(256, n), 2401])
        }
    }

    @Test func aFileWrittenByH5pyLoadsIdentically() throws {
        let survey = try GaiaFixtures.small.get()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gaia-h5py-\(UUID().uuidString)"
        ).path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let copy = (folder as NSString).appendingPathComponent(GaiaCatalog.spectraFileName)
        try FileManager.default.copyItem(
            atPath: survey.path(GaiaCatalog.metadataFileName),
            toPath: (folder as NSString).appendingPathComponent(GaiaCatalog.metadataFileName))
        // h5py's own writer, with the pipeline's layout and gzip (which our writer does not use).
        let script = """
            import h5py, numpy as np, sys
            src = h5py.File(sys.argv[1], 'r')
            with h5py.File(sys.argv[2], 'w') as dst:
                dst.create_dataset('source_id', data=np.asarray(src['source_id'][()], dtype=np.int64))
                for name in ['flux', 'flux_error']:
                    dst.create_dataset(name, data=src[name][()].astype(np.float32), chunks=(256, 2401), compression='gzip')
            print('ok')
            """
        #expect(
            try GaiaPython.run(script, [survey.path(GaiaCatalog.spectraFileName), copy]).hasPrefix(
                "ok"))
        let ours = try GaiaCatalog(folder: survey.folder)
        let theirs = try GaiaCatalog(folder: folder)
        #expect(theirs.sourceIDs == ours.sourceIDs && theirs.spectrumRows == ours.spectrumRows)
        #expect(theirs.absMagG == ours.absMagG && theirs.counts == ours.counts)
        let bin = HRBins(catalog: ours)[3].members
        let a = try ours.spectra(bin).loadAll()
        let b = try theirs.spectra(bin).loadAll()
        #expect(a.N == b.N && a.M == b.M)
        for i in 0..<a.N {
            for j in 0..<a.M { #expect(a.y(i, j) == b.y(i, j) && a.w(i, j) == b.w(i, j)) }
        }
    }
}

/// python3 with h5py, for the interoperability tests.
enum GaiaPython {
    static let hasH5py: Bool =
        (try? run("import numpy, h5py; print('ok')", []))?.hasPrefix("ok") ?? false

    /// Runs `script` with `python3 -c` and returns its standard output.
    static func run(_ script: String, _ arguments: [String]) throws -> String {
        try ChildProcess.run("/usr/bin/env", ["python3", "-c", script] + arguments, error: .null)
            .output
    }
}
