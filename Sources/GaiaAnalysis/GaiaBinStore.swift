import DataIO
import Foundation
import HMFCore

/// A folder of per-bin results (`bin_00.json` ...) for one survey and one pipeline, so that bins can run as
/// separate jobs (`-p 'bins=[4]'`) and the cross-bin analysis reads whatever bins have been run.
///
/// The folder is named by a digest of the survey's identity (the spectra file's content digest and the
/// metadata file's) and the pipeline's settings and version: results of another survey or other settings are
/// never mixed in. Writes are atomic; an unreadable file is skipped with a warning.
///
///     let store = try GaiaBinStore(catalog: catalog, pipeline: pipeline)   // in a notebook
///     try store.save(result)
///     let all = store.load()            // every bin run so far, in bin order
public struct GaiaBinStore: Sendable {
    /// The folder holding the bin files.
    public let folder: String

    /// The store for the survey whose spectra and metadata files have the content digests given, and for
    /// `pipeline`, under `root`.
    public init(
        spectraDigest: String, metadataDigest: String, pipeline: GaiaBinPipeline, root: String
    ) {
        var h = ContentHasher()
        h.update(field: "gaia-bin-store-\(GaiaBinPipeline.version)")
        h.update(field: spectraDigest)
        h.update(field: metadataDigest)
        h.update(field: pipeline.identity)
        folder = (root as NSString).appendingPathComponent(String(h.finalize().hex.prefix(20)))
    }

    /// The file of bin `bin`.
    public func path(ofBin bin: Int) -> String {
        (folder as NSString).appendingPathComponent(String(format: "bin_%02d.json", bin))
    }

    /// Writes (or replaces) a bin's result.
    public func save(_ result: GaiaBinResult) throws {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity",
            negativeInfinity: "-Infinity", nan: "NaN")
        try AtomicFile.write(try encoder.encode(result), to: path(ofBin: result.bin))
    }

    /// Every stored bin result, in bin order.
    public func load() -> [GaiaBinResult] {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity",
            negativeInfinity: "-Infinity", nan: "NaN")
        return (0..<HRBins.count).compactMap { bin in
            guard let data = FileManager.default.contents(atPath: path(ofBin: bin)) else {
                return nil
            }
            do { return try decoder.decode(GaiaBinResult.self, from: data) } catch {
                FileHandle.standardError.write(
                    Data("warning: skipping \(path(ofBin: bin)): \(error)\n".utf8))
                return nil
            }
        }
    }
}
