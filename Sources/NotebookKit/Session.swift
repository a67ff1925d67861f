import Foundation
internal import KitVersion
import NotebookProtocol
import Synchronization

/// Keeps expensive results between notebook runs in a content-addressed store (`.hmfbook/store` by default).
///
/// A key hashes the operation, the exact bytes of every input, `kitVersion` (the code of the library the cell
/// calls: engine, files, figures, data sets) and the toolchain; for `cached` and `publishFigure`, whose closures
/// are notebook code, also the code that computes it (the calling cell and the cells it depends on, normalised).
/// The library's own operations (`fit`, `infer`, `pca`, `robustPCA`) are determined by their inputs and the
/// kit, so any cell that asks for the same fit reads the same entry. Changing any part recomputes.
/// A damaged entry is reported as a warning, removed and recomputed.
///
///     let session = Session()
///     let fit = try session.fit(train, FitSettings(rank: 5))          // computed once, then read back
///     let test = try session.infer(testData, with: fit)
///     let grid = try session.cached("loss-grid", ranks, data) { try ranks.map { ... } }
public final class Session: SharedAcrossCells, @unchecked Sendable {
    /// The store.
    package let store: SessionStore
    /// Lookups of the running cell answered from the store.
    public var hits: Int {
        counts.withLock { $0.cell == NotebookRuntime.currentCell ? $0.hits : 0 }
    }
    /// Lookups of the running cell that had to compute.
    public var misses: Int {
        counts.withLock { $0.cell == NotebookRuntime.currentCell ? $0.misses : 0 }
    }
    /// Hits and misses, counted per cell so that what a cell reports does not depend on which cells ran before.
    private let counts = Mutex((cell: -1, hits: 0, misses: 0))
    private let lock = NSLock()
    /// SVDs of data sets fitted with an exact SVD start in this run, keyed by the data's digest, so a grid of
    /// fits over the same data decomposes it once (the starts are identical to per-fit SVD initialisation).
    private var svds: [String: SVD] = [:]

    /// Where computed entries go: a background writer in a notebook kernel (`StoreWrites`), else nil
    /// (written before the lookup returns).
    package let writes: StoreWrites?

    /// A session over the store at `root` (default: the notebook run's store, `.hmfbook/store` otherwise).
    public convenience init(root: String? = nil) {
        self.init(root: root, writes: StoreWrites.kernel)
    }

    /// A session whose computed entries go through `writes` (nil: written synchronously).
    package init(root: String?, writes: StoreWrites?) {
        store = SessionStore(root: root ?? NotebookRuntime.storeDirectory)
        self.writes = writes
    }

    /// The store key for `operation` over `inputs` in the current cell (`byCode`: including the cell's code).
    public func key(_ operation: String, _ inputs: [any CacheKeyInput], byCode: Bool = true)
        throws(SessionError) -> String
    {
        var h = ContentHasher()
        h.update(field: "hmfbook-session-4")
        h.update(field: kitVersion)
        h.update(field: NotebookRuntime.toolchain)
        h.update(field: byCode ? NotebookRuntime.codeDigest : "library operation")
        h.update(field: operation)
        for input in inputs { try input.feed(into: &h) }
        return h.finalize().hex
    }

    /// The Codable value computed by `compute`, read from the store when `operation` and `inputs` match a
    /// previous run.
    public func cached<T: Codable>(
        _ operation: String, _ inputs: any CacheKeyInput...,
        compute: () throws -> T
    ) throws -> T {
        try lookup(
            operation, inputs, byCode: true,
            encode: { v throws(SessionError) in
                do { return try Self.encoder.encode(v) } catch {
                    throw .decoding(key: operation, reason: "\(error)")
                }
            },
            decode: { d throws(SessionError) in
                do { return try Self.decoder.decode(T.self, from: d) } catch {
                    throw .decoding(key: operation, reason: "\(error)")
                }
            }, compute: compute)
    }

    /// A matrix or result value computed by `compute`, read from the store when possible.
    public func cached<T: SessionStorable>(
        _ operation: String, _ inputs: any CacheKeyInput...,
        compute: () throws -> T
    ) throws -> T {
        try stored(operation, inputs, byCode: true, compute: compute)
    }

    /// A library operation's result: keyed by its inputs and the kit alone.
    private func stored<T: SessionStorable>(
        _ operation: String, _ inputs: [any CacheKeyInput], byCode: Bool,
        compute: () throws -> T
    ) throws -> T {
        try lookup(
            operation, inputs, byCode: byCode,
            encode: { v throws(SessionError) in try v.storedBytes() },
            decode: { d throws(SessionError) in try T(storedBytes: d) }, compute: compute)
    }

    /// Fits `data` with `settings` (`RobustHMF.fit`), or reads the fit back from the store. Progress is reported
    /// to the host's live line while fitting.
    /// The fit's warnings (`FitResult.warnings`) are printed to the cell's output, restored fits included.
    public func fit(_ data: WeightedData, _ settings: FitSettings) throws -> FitResult {
        let fit = try stored("fit", [data, settings], byCode: false) {
            let start = try svdStart(data, settings)
            let result = try RobustHMF(settings).fit(
                data, start: start, progress: Self.progress(settings))
            return start == nil ? result : result.started(from: .svd)
        }
        Self.printWarnings(fit, rows: data.N, columns: data.M)
        return fit
    }

    /// Fits the rows of a file source (a Gaia bin read straight from the survey file), or reads the fit back.
    public func fit(_ source: HDF5RowSource, _ settings: FitSettings) throws -> FitResult {
        let fit = try stored("fit", [source, settings], byCode: false) {
            try RobustHMF(settings).fit(source, progress: Self.progress(settings))
        }
        Self.printWarnings(fit, rows: source.rowCount, columns: source.columnCount)
        return fit
    }

    /// One line per warning, naming the fit so that a cell with many fits says which one.
    static func printWarnings(_ fit: FitResult, rows: Int, columns: Int) {
        for warning in fit.warnings {
            print(
                "warning: the fit (K = \(fit.rank), \(fit.likelihood), \(rows) x \(columns)) \(warning)"
            )
        }
    }

    /// Infers the rows of `data` with `fit`'s basis and likelihood (`FitResult.infer`), or reads the result back.
    public func infer(
        _ data: WeightedData, with fit: FitResult,
        settings: InferenceSettings = InferenceSettings()
    ) throws -> InferenceResult {
        try stored("infer", [data, fit, settings], byCode: false) {
            try fit.infer(data, settings: settings)
        }
    }

    /// Infers the rows of a file source with `fit`'s basis and likelihood, or reads the result back.
    public func infer(
        _ source: HDF5RowSource, with fit: FitResult,
        settings: InferenceSettings = InferenceSettings()
    ) throws -> InferenceResult {
        try stored("infer", [source, fit, settings], byCode: false) {
            try fit.infer(source, settings: settings)
        }
    }

    /// PCA of the values of `data` (missing entries as 0, no weights), or read back.
    public func pca(_ data: WeightedData, rank: Int) throws -> PCA {
        try stored("pca", [data, rank], byCode: false) { try PCA(data, rank: rank) }
    }

    /// Robust PCA by principal component pursuit of the values of `data`, or read back.
    public func robustPCA(
        _ data: WeightedData, rank: Int, tolerance: Double = 1e-7, maxCycles: Int = 500
    ) throws -> RobustPCA {
        try stored("robust-pca", [data, rank, tolerance, maxCycles], byCode: false) {
            try RobustPCA(data.Y, rank: rank, tolerance: tolerance, maxCycles: maxCycles)
        }
    }

    private static func progress(_ settings: FitSettings) -> (FitProgress) -> Void {
        let tracker = ProgressThrottle(label: "fit rank \(settings.rank)")
        return { p in
            let check =
                p.convergence.isNaN
                ? ""
                : ", \(p.criterion) \(NumberFormat.scientific(p.convergence, 2)) (stop below \(NumberFormat.scientific(p.tolerance, 0)))"
            tracker.report(
                Double(p.cycle) / Double(max(p.maxCycles, 1)),
                "cycle \(p.cycle)/\(p.maxCycles)\(check)")
        }
    }

    /// The exact-SVD start for `settings` when it asks for one at a valid rank on in-memory double data (nil
    /// otherwise, so the fit itself starts or reports invalid settings), computing each data set's SVD once.
    private func svdStart(_ data: WeightedData, _ settings: FitSettings) throws -> RHMFState? {
        guard settings.initialization.resolved(entries: data.entryCount) == .svd,
            data.precision == .double,
            settings.rank >= 1, settings.rank < min(data.N, data.M)
        else { return nil }
        var h = ContentHasher()
        try data.feed(into: &h)
        let k = h.finalize().hex
        lock.lock()
        let known = svds[k]
        lock.unlock()
        let svd = try known ?? SVD(data.Y)
        if known == nil {
            lock.lock()
            svds[k] = svd
            lock.unlock()
        }
        return try RHMFState(svd: svd, rank: settings.rank)
    }

    private static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return e
    }()

    private static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return d
    }()

    private func lookup<T>(
        _ operation: String, _ inputs: [any CacheKeyInput], byCode: Bool,
        encode: (T) throws(SessionError) -> Data, decode: (Data) throws(SessionError) -> T,
        compute: () throws -> T
    ) throws -> T {
        guard NotebookRuntime.cacheEnabled else {
            // `cache: false`: neither read nor write the store.
            count(hit: false, operation)
            return try compute()
        }
        let k = try key(operation, inputs, byCode: byCode)
        do {
            if let data = try writes?.payloadInFlight(k, in: store) ?? store.read(k) {
                let value = try decode(data)
                count(hit: true, operation)
                return value
            }
        } catch {
            var e = NotebookEvent(
                kind: .warning, cell: NotebookRuntime.currentCell, text: "\(error)")
            e.key = operation
            NotebookRuntime.emit(e)
            FileHandle.standardError.write(Data("warning: \(error)\n".utf8))
        }
        count(hit: false, operation)
        let value = try compute()
        let payload = try encode(value)
        if let writes {
            try writes.write(payload, key: k, to: store)
        } else {
            try store.write(k, payload)
        }
        return value
    }

    private func count(hit: Bool, _ operation: String) {
        let cell = NotebookRuntime.currentCell
        counts.withLock { c in
            if c.cell != cell { c = (cell, 0, 0) }
            if hit { c.hits += 1 } else { c.misses += 1 }
        }
        var e = NotebookEvent(
            kind: .cache, cell: NotebookRuntime.currentCell, text: hit ? "hit" : "miss")
        e.key = operation
        NotebookRuntime.emit(e)
    }
}

/// Forwards progress at most every 0.2 s so that a fast loop does not flood the events file.
final class ProgressThrottle: @unchecked Sendable {
    private let label: String
    private var last = Date.distantPast
    init(label: String) { self.label = label }
    func report(_ fraction: Double, _ detail: String) {
        let now = Date()
        guard now.timeIntervalSince(last) >= 0.2 || fraction >= 1 else { return }
        last = now
        reportProgress(fraction, "\(label): \(detail)")
    }
}
