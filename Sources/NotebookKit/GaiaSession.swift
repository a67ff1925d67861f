import Foundation
import NotebookProtocol

/// A session computes a bin's fits and inferences through its store.
extension Session: GaiaBinComputation {}

extension GaiaBinPipeline {
    /// Bin `bin` fitted, inferred and scored, or read back from `session`'s store. The key is the bin's rows
    /// of the file (the file's content digest and the member rows), this pipeline and its version; progress
    /// goes to the host's live line.
    public func run(_ bin: HRBin, catalog: GaiaCatalog, session: Session) throws -> GaiaBinResult {
        let source = try catalog.spectra(of: bin)
        return try session.cached("gaia-bin", source, EncodedKey(self), Self.version) {
            try compute(bin, source: source, computation: session, progress: reportProgress)
        }
    }
}

extension GaiaBinStore {
    /// The store for `catalog` and `pipeline` under `root` (default: `gaia-bins` beside the session store).
    /// - Throws: `SessionError` when a file cannot be hashed.
    public init(catalog: GaiaCatalog, pipeline: GaiaBinPipeline, root: String? = nil) throws {
        try self.init(
            spectraPath: catalog.spectraPath, metadataPath: catalog.metadataPath,
            pipeline: pipeline,
            root: root)
    }

    /// The store for the survey files at the two paths (see `init(catalog:pipeline:root:)`).
    public init(
        spectraPath: String, metadataPath: String, pipeline: GaiaBinPipeline, root: String? = nil
    ) throws {
        let base =
            root
            ?? ((NotebookRuntime.storeDirectory as NSString).deletingLastPathComponent as NSString)
            .appendingPathComponent("gaia-bins")
        self.init(
            spectraDigest: try FileDigests.shared.digest(of: spectraPath),
            metadataDigest: try FileDigests.shared.digest(of: metadataPath), pipeline: pipeline,
            root: base)
    }
}

extension GaiaBinResult {
    /// The spectrum of member `position` read from the catalogue's file, with its model and its robust
    /// weights under the fit's Cauchy likelihood (w = Q^2 / (Q^2 + W r^2); 1 where missing), on the clipped
    /// wavelength grid. Missing flux is NaN.
    public func spectrumFit(position: Int, catalog: GaiaCatalog) throws -> SpectrumFit {
        let data = try catalog.spectra([members[position]], precision: .double).loadAll()
        let model = model(position: position)
        let q2 = q * q
        var flux: [Double] = []
        var weights: [Double] = []
        for j in 0..<data.M {
            let w = data.w(0, j)
            let y = data.y(0, j)
            let r = y - model[j]
            flux.append(w > 0 ? y : .nan)
            weights.append(w > 0 ? q2 / (q2 + w * r * r) : 1)
        }
        return SpectrumFit(
            wavelength: GaiaRVSGrid.clippedWavelengths, flux: flux, model: model, weights: weights)
    }
}
