import DataIO
import Dispatch
import Foundation

/// Writes `dr3-rvs-all.hdf5`: `source_id` (int64, N), `flux` and `flux_error` (float32, N x 2401, chunks of
/// 256 rows), rows in the plan's random order, no wavelength dataset.
///
/// Spectra are made in fixed chunks of 256 rows (one HDF5 chunk), a batch of chunks at a time on all cores, and
/// each batch is written before the next is made, so memory is a few batches (about 40 MB) at any scale. Each
/// spectrum depends only on its star and the seed, so the file is the same on any number of threads.
enum GaiaSpectraFile {
    /// Rows per chunk: the HDF5 chunk and the unit of parallel work.
    static let chunkRows = 256
    /// Chunks per batch.
    static let batchChunks = 8

    /// Writes the file at `path` (which should be a temporary path; the caller moves it into place).
    static func write(_ plan: GaiaSurveyPlan, to path: String, progress: (Int, Int) -> Void) throws(DataIOError) {
        let n = plan.spectrumStars.count, m = GaiaRVSGrid.pixelCount
        let options = HDF5WriteOptions(chunkRows: chunkRows, trackTimes: false)
        let file = try HDF5File.create(path: path)
        try file.write(DenseArray(plan.spectrumStars.map { plan.stars[$0].sourceID }), to: "source_id",
                       options: HDF5WriteOptions(trackTimes: false))
        let flux = try file.createDataset("flux", of: Float.self, shape: [n, m], options: options)
        let error = try file.createDataset("flux_error", of: Float.self, shape: [n, m], options: options)
        let batchRows = chunkRows * batchChunks
        var fluxBatch = [Float](repeating: 0, count: batchRows * m), errorBatch = fluxBatch
        var start = 0
        progress(0, n)
        while start < n {
            let rows = min(batchRows, n - start)
            let chunks = (rows + chunkRows - 1) / chunkRows
            fluxBatch.withUnsafeMutableBufferPointer { f in
                errorBatch.withUnsafeMutableBufferPointer { e in
                    let out = BatchPointers(flux: f.baseAddress!, error: e.baseAddress!) // invariant: allocated above
                    let first = start
                    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                        let synthesizer = GaiaSpectrumSynthesizer()
                        let low = chunk * chunkRows, high = min(low + chunkRows, rows)
                        for r in low..<high {
                            let row = first + r, star = plan.spectrumStars[row]
                            synthesizer.observe(plan.stars[star], index: star, seed: plan.configuration.seed,
                                                flux: out.flux + r * m, error: out.error + r * m)
                        }
                    }
                }
            }
            if rows == batchRows {
                try flux.writeRows(fluxBatch, startingAt: start)
                try error.writeRows(errorBatch, startingAt: start)
            } else {
                try flux.writeRows(Array(fluxBatch[0..<(rows * m)]), startingAt: start)
                try error.writeRows(Array(errorBatch[0..<(rows * m)]), startingAt: start)
            }
            start += rows
            progress(start, n)
        }
        try file.flush()
        file.close()
    }

    /// The batch buffers, shared by the workers, which write disjoint rows.
    private struct BatchPointers: @unchecked Sendable {
        let flux: UnsafeMutablePointer<Float>
        let error: UnsafeMutablePointer<Float>
    }
}
