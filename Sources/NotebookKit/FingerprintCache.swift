import Foundation

/// Memoises the SHA-256 of large `[Double]` buffers within a process, keyed by storage identity.
///
/// A notebook that calls `session.fit(train, ...)` for many settings hands the same 4000 x 1200 arrays to
/// every call; hashing 77 MB each time would dominate a warm run. Arrays are copy-on-write, so while the
/// cache holds a reference to an array's buffer nobody can change that buffer in place (a mutation copies
/// first) and its address cannot be reused: (address, count) then identifies the content exactly.
/// The cache keeps the most recently used buffers alive, at most `maxEntries` and `maxBytes` of them.
package final class FingerprintCache: @unchecked Sendable {
    /// The process-wide cache used by `Matrix`'s cache-key input.
    package static let shared = FingerprintCache()

    /// Arrays smaller than this many bytes are hashed directly and not remembered.
    package let minimumBytes: Int
    /// Most buffers remembered.
    package let maxEntries: Int
    /// Most bytes kept alive by the cache.
    package let maxBytes: Int

    private struct Entry {
        /// Keeps the buffer alive (and therefore unmodified and at the same address).
        let storage: Any
        let address: UInt
        let bytes: Int
        let digest: ContentHasher.Digest
    }
    private let lock = NSLock()
    private var entries: [Entry] = []  // most recently used last
    /// Digests answered from memory and digests computed (for tests and measurements).
    package private(set) var hits = 0, misses = 0

    /// A cache with the given limits.
    package init(minimumBytes: Int = 1 << 20, maxEntries: Int = 8, maxBytes: Int = 1 << 30) {
        self.minimumBytes = minimumBytes
        self.maxEntries = maxEntries
        self.maxBytes = maxBytes
    }

    /// SHA-256 of the bytes of `storage`, from memory when this buffer was hashed before.
    package func digest<T: BitwiseCopyable>(of storage: [T]) -> ContentHasher.Digest {
        let bytes = storage.count * MemoryLayout<T>.stride
        guard bytes >= minimumBytes else { return Self.hash(storage) }
        let address = storage.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
        lock.lock()
        if let i = entries.firstIndex(where: { $0.address == address && $0.bytes == bytes }) {
            let e = entries.remove(at: i)
            entries.append(e)
            hits += 1
            lock.unlock()
            return e.digest
        }
        misses += 1
        lock.unlock()
        let digest = Self.hash(storage)
        lock.lock()
        entries.append(Entry(storage: storage, address: address, bytes: bytes, digest: digest))
        var total = entries.reduce(0) { $0 + $1.bytes }
        while entries.count > 1, entries.count > maxEntries || total > maxBytes {
            total -= entries.removeFirst().bytes
        }
        lock.unlock()
        return digest
    }

    /// Forgets every remembered buffer.
    package func removeAll() {
        lock.lock()
        entries.removeAll()
        lock.unlock()
    }

    private static func hash<T: BitwiseCopyable>(_ storage: [T]) -> ContentHasher.Digest {
        var h = ContentHasher()
        storage.withUnsafeBytes { h.update(raw: $0) }
        return h.finalize()
    }
}
