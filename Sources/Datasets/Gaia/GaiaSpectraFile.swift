import DataIO
import Dispatch
import Foundation

/// Writes `dr3-rvs-all.hdf5`: `source_id` (int64, N), `flux` and `flux_error` (float32, N x 2401, chunks of
/// 256 rows), rows in the plan's random order, no wavelength dataset.
///
/// Spectra are made in fixed chunks of 256 rows (one HDF5 chunk), a batch of 8 chunks at a time on all cores,
/// while a writer thread writes the previous batch; two batch buffers (about 80 MB) are all the memory the pixels
/// need at any scale. Each spectrum depends only on its star and the seed, so the file is the same on any number
/// of threads.
enum GaiaSpectraFile {
    /// Rows per chunk: the HDF5 chunk and the unit of parallel work.
    static let chunkRows = 256
    /// Chunks per batch.
    static let batchChunks = 8

    /// Writes the file at `path` (which should be a temporary path; the caller moves it into place).
    /// - Parameter progress: called on the calling thread with (spectra written, total).
    static func write(_ plan: GaiaSurveyPlan, to path: String, progress: (Int, Int) -> Void)
        throws(DataIOError)
    {
        let n = plan.spectrumStars.count
        let m = GaiaRVSGrid.pixelCount
        let options = HDF5WriteOptions(chunkRows: chunkRows, trackTimes: false)
        let file = try HDF5File.create(path: path)
        try file.write(
            DenseArray(plan.spectrumStars.map { plan.stars[$0].sourceID }), to: "source_id",
            options: HDF5WriteOptions(trackTimes: false))
        let output = Output(
            flux: try file.createDataset("flux", of: Float.self, shape: [n, m], options: options),
            error: try file.createDataset(
                "flux_error", of: Float.self, shape: [n, m], options: options))
        let batchRows = chunkRows * batchChunks
        let slots = (0..<2).map { _ in Slot(values: batchRows * m) }
        let writer = DispatchQueue(label: "hmfbook.gaia.hdf5-writer")
        progress(0, n)
        var start = 0
        var batch = 0
        while start < n {
            let slot = slots[batch % 2]
            slot.free.wait()  // the writer has finished with this slot's previous batch
            if output.failure != nil {
                slot.free.signal()
                break
            }
            progress(output.written, n)
            let rows = min(batchRows, n - start)
            let first = start
            let chunks = (rows + chunkRows - 1) / chunkRows
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let synthesizer = GaiaSpectrumSynthesizer()
                let low = chunk * chunkRows
                let high = min(low + chunkRows, rows)
                for r in low..<high {
                    let star = plan.spectrumStars[first + r]
                    synthesizer.observe(
                        plan.stars[star], index: star, seed: plan.configuration.seed,
                        flux: slot.flux + r * m, error: slot.error + r * m)
                }
            }
            writer.async {
                output.write(slot, rows: rows, values: rows * m, at: first)
                slot.free.signal()
            }
            start += rows
            batch += 1
        }
        writer.sync {}
        if let failure = output.failure { throw failure }
        progress(output.written, n)
        try file.flush()
        file.close()
    }

    /// One batch buffer of flux and errors; `free` is signalled when the writer is done with it.
    private final class Slot: @unchecked Sendable {
        let flux: UnsafeMutablePointer<Float>
        let error: UnsafeMutablePointer<Float>
        let free = DispatchSemaphore(value: 1)

        init(values: Int) {
            flux = .allocate(capacity: values)
            error = .allocate(capacity: values)
        }

        deinit {
            flux.deallocate()
            error.deallocate()
        }
    }

    /// The two datasets, used only by the writer thread (libhdf5 calls are never concurrent), and what it did.
    private final class Output: @unchecked Sendable {
        private let flux: HDF5Dataset
        private let error: HDF5Dataset
        private let lock = NSLock()
        private var firstFailure: DataIOError?
        private var rowsWritten = 0

        init(flux: HDF5Dataset, error: HDF5Dataset) {
            self.flux = flux
            self.error = error
        }

        var failure: DataIOError? {
            lock.lock()
            defer { lock.unlock() }
            return firstFailure
        }
        var written: Int {
            lock.lock()
            defer { lock.unlock() }
            return rowsWritten
        }

        func write(_ slot: Slot, rows: Int, values: Int, at start: Int) {
            guard failure == nil else { return }
            do throws(DataIOError) {
                try flux.writeRows(
                    UnsafeBufferPointer(start: slot.flux, count: values), startingAt: start)
                try error.writeRows(
                    UnsafeBufferPointer(start: slot.error, count: values), startingAt: start)
                lock.lock()
                rowsWritten += rows
                lock.unlock()
            } catch {
                lock.lock()
                if firstFailure == nil { firstFailure = error }
                lock.unlock()
            }
        }
    }
}
