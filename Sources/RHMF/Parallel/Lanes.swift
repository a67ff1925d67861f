internal import CBLAS
import Dispatch
import Foundation
import HMFCore

/// The engine's own parallelism: work is cut into chunks of rows of a fixed size, the chunks of a round run on
/// separate threads ("lanes", one per core), each with single-threaded BLAS, and their partial sums are added
/// in chunk order. The result therefore does not depend on how many lanes there are: one lane on a laptop and
/// eight on a server give the same bits (for the same BLAS kernels).
enum Lanes {
    /// Lanes used: the active cores, at most 8 (`HMFBOOK_THREADS` overrides).
    static var count: Int { override.value ?? standard }

    private static let standard: Int = {
        if let text = ProcessInfo.processInfo.environment["HMFBOOK_THREADS"], let n = Int(text),
            n >= 1
        {
            return min(n, 64)
        }
        return max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
    }()

    private static let override = LaneOverride()

    /// Runs `body` with `n` lanes (for tests that show results do not depend on the lane count).
    static func withCount<R>(_ n: Int, _ body: () throws -> R) rethrows -> R {
        override.set(n)
        defer { override.set(nil) }
        return try body()
    }

    /// Runs `body(lane, item)` for every item, `count` at a time on separate threads, then calls `combine` for
    /// the items of each round in order. BLAS runs single-threaded meanwhile (the lanes are the parallelism).
    /// The first error thrown by any lane is rethrown after the round.
    static func forEach<Item>(
        _ items: [Item], body: @Sendable (Int, Item) throws(RHMFError) -> Void,
        combine: (Int) throws(RHMFError) -> Void
    ) throws(RHMFError) where Item: Sendable {
        let lanes = min(count, max(items.count, 1))
        let errors = LaneErrors(lanes)
        try BLASThreads.single { () throws(RHMFError) in
            for start in stride(from: 0, to: items.count, by: lanes) {
                let round = Array(items[start..<min(start + lanes, items.count)])
                if round.count == 1 {
                    try body(0, round[0])
                } else {
                    DispatchQueue.concurrentPerform(iterations: round.count) { lane in
                        do throws(RHMFError) { try body(lane, round[lane]) } catch {
                            errors.set(lane, error)
                        }
                    }
                    if let e = errors.first() { throw e }
                }
                for lane in 0..<round.count { try combine(lane) }
            }
        }
    }

    /// Runs `body(part)` for `parts` disjoint parts of some work in parallel (BLAS single-threaded).
    static func split(_ parts: Int, _ body: @Sendable (Int) -> Void) {
        BLASThreads.single {
            if parts <= 1 {
                body(0)
            } else {
                DispatchQueue.concurrentPerform(iterations: parts, execute: body)
            }
        }
    }
}

/// OpenBLAS's thread count is one process-wide setting. The engine holds it fixed for the whole of a fit or an
/// inference (one thread: the lanes are the parallelism) and the baselines for the whole of theirs (all cores),
/// so that no concurrent computation in the process changes how a result is rounded.
enum BLASThreads {
    private static let lock = NSRecursiveLock()

    /// Runs `body` with OpenBLAS single-threaded.
    static func single<R, E: Error>(_ body: () throws(E) -> R) throws(E) -> R {
        try with(1, body)
    }

    /// Runs `body` with OpenBLAS on `n` threads, holding the setting for its duration.
    static func with<R, E: Error>(_ n: Int, _ body: () throws(E) -> R) throws(E) -> R {
        lock.lock()
        let before = Int(openblas_get_num_threads())
        if before != n { openblas_set_num_threads(Int32(n)) }
        defer {
            if before != n { openblas_set_num_threads(Int32(before)) }
            lock.unlock()
        }
        return try body()
    }
}

/// The first error of each lane of a round.
private final class LaneErrors: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [RHMFError?]
    init(_ n: Int) { errors = [RHMFError?](repeating: nil, count: n) }
    func set(_ lane: Int, _ e: RHMFError) {
        lock.lock()
        errors[lane] = e
        lock.unlock()
    }
    func first() -> RHMFError? {
        lock.lock()
        defer { lock.unlock() }
        let e = errors.compactMap { $0 }.first
        errors = errors.map { _ in nil }
        return e
    }
}

/// The lane count set by `Lanes.withCount`.
private final class LaneOverride: @unchecked Sendable {
    private let lock = NSLock()
    private var n: Int?
    var value: Int? {
        lock.lock()
        defer { lock.unlock() }
        return n
    }
    func set(_ v: Int?) {
        lock.lock()
        n = v
        lock.unlock()
    }
}

/// A raw pointer shared by lanes that touch disjoint ranges of it.
struct SharedPointer<T>: @unchecked Sendable {
    let base: UnsafeMutablePointer<T>
}

/// A read-only pointer shared by lanes.
struct SharedReadPointer<T>: @unchecked Sendable {
    let base: UnsafePointer<T>
}
