import Foundation

/// Keeps expensive results between notebook runs in a content-addressed store (`.hmfbook/store` by default).
///
/// Keys hash the operation name, the exact bytes of every input, the settings and `Session.engineVersion`;
/// changing any of them recomputes. A damaged entry is reported as a warning, removed and recomputed.
///
///     let session = Session()
///     let fit = try session.fit(data, FitSettings(rank: 5))          // computed once, then read back
///     let grid = try session.cached("loss-grid", ranks, data) { try ranks.map { ... } }
public final class Session: @unchecked Sendable {
    /// Version of the engine's numerical results, part of every session key, every freeze stamp and the
    /// HTML header.
    ///
    /// RHMF publishes no version of its own, so this is maintained here by hand: bump it (rhmf-2, ...) in the
    /// same commit as any change to RHMF that changes fitted or inferred numbers, and every stored result is
    /// recomputed on the next run. Rebuilding the library alone does not invalidate the store (a rebuild
    /// does re-run frozen notebooks, whose stamps include the library file).
    public static let engineVersion = "rhmf-1"

    /// The store.
    public let store: SessionStore
    /// Lookups answered from the store during this run.
    public private(set) var hits = 0
    /// Lookups that had to compute.
    public private(set) var misses = 0
    private let lock = NSLock()
    /// SVDs of data sets fitted with `.svd` initialisation in this run, keyed by the data's digest, so a grid of
    /// fits over the same data decomposes it once (the starts are identical to per-fit SVD initialisation).
    private var svds: [String: SVD] = [:]

    /// A session over the store at `root` (default: the notebook run's store, `.hmfbook/store` otherwise).
    public init(root: String? = nil) {
        store = SessionStore(root: root ?? NotebookRuntime.storeDirectory)
    }

    /// The store key for `operation` over `inputs`.
    public func key(_ operation: String, _ inputs: [any CacheKeyInput]) -> String {
        var h = ContentHasher()
        h.update(field: "hmfbook-session-1")
        h.update(field: Session.engineVersion)
        h.update(field: operation)
        for input in inputs { input.feed(into: &h) }
        return h.finalize().hex
    }

    /// The Codable value computed by `compute`, read from the store when `operation` and `inputs` match a
    /// previous run.
    public func cached<T: Codable>(_ operation: String, _ inputs: any CacheKeyInput...,
                                   compute: () throws -> T) throws -> T {
        try lookup(operation, inputs, encode: { v throws(SessionError) in
            do { return try JSONEncoder().encode(v) } catch { throw .decoding(key: operation, reason: "\(error)") }
        }, decode: { d throws(SessionError) in
            do { return try JSONDecoder().decode(T.self, from: d) } catch { throw .decoding(key: operation, reason: "\(error)") }
        }, compute: compute)
    }

    /// A matrix or fit-like value computed by `compute`, read from the store when possible.
    public func cached<T: SessionStorable>(_ operation: String, _ inputs: any CacheKeyInput...,
                                           compute: () throws -> T) throws -> T {
        try lookup(operation, inputs, encode: { v throws(SessionError) in try v.storedBytes() },
                   decode: { d throws(SessionError) in try T(storedBytes: d) }, compute: compute)
    }

    /// Fits `data` with `settings` (RHMF's `RobustHMF.fit`), or reads the fit back from the store.
    /// Progress is reported to the host's live line while fitting.
    public func fit(_ data: WeightedData, _ settings: FitSettings) throws -> FitResult {
        try cached("fit", data, settings) {
            let tracker = ProgressThrottle(label: "fit rank \(settings.rank)")
            let start = try svdStart(data, settings)
            let result = try RobustHMF(settings).fit(data, start: start) { p in
                tracker.report(Double(p.cycle) / Double(max(p.maxCycles, 1)), "cycle \(p.cycle)/\(p.maxCycles)")
            }
            return result
        }
    }

    /// The SVD start for `settings` when it asks for `.svd` initialisation at a valid rank (nil otherwise, so the
    /// fit itself reports invalid settings), computing the SVD of `data` at most once per run.
    private func svdStart(_ data: WeightedData, _ settings: FitSettings) throws -> RHMFState? {
        guard settings.initialization == .svd, settings.rank >= 1, settings.rank < min(data.N, data.M) else { return nil }
        let k = key("svd", [data])
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

    /// Infers coefficients of `data` against `basis` (RHMF's `RobustHMF.infer`), or reads them back.
    public func infer(_ data: WeightedData, basis: Matrix, settings: InferenceSettings) throws -> InferenceResult {
        try cached("infer", data, basis, settings) {
            try RobustHMF.infer(data, basis: basis, settings: settings)
        }
    }

    private func lookup<T>(_ operation: String, _ inputs: [any CacheKeyInput],
                           encode: (T) throws(SessionError) -> Data, decode: (Data) throws(SessionError) -> T,
                           compute: () throws -> T) throws -> T {
        guard NotebookRuntime.cacheEnabled else {
            // `cache: false`: neither read nor write the store.
            count(hit: false, operation)
            return try compute()
        }
        let k = key(operation, inputs)
        do {
            if let data = try store.read(k) {
                let value = try decode(data)
                count(hit: true, operation)
                return value
            }
        } catch {
            var e = NotebookEvent(kind: .warning, cell: NotebookRuntime.currentCell, text: "\(error)")
            e.key = operation
            NotebookRuntime.emit(e)
            FileHandle.standardError.write(Data("warning: \(error)\n".utf8))
        }
        count(hit: false, operation)
        let value = try compute()
        try store.write(k, try encode(value))
        return value
    }

    private func count(hit: Bool, _ operation: String) {
        lock.lock()
        if hit { hits += 1 } else { misses += 1 }
        lock.unlock()
        var e = NotebookEvent(kind: .cache, cell: NotebookRuntime.currentCell, text: hit ? "hit" : "miss")
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
