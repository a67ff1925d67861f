import Foundation
import HMFCore

/// A content-addressed file store: `root/ab/abcdef....entry`, each entry framed as
/// magic, payload length, SHA-256 of the payload, payload. Writes go to a temporary file in the same folder,
/// are flushed to disk and renamed into place, so a killed writer never leaves a half-written entry.
package struct SessionStore: Sendable {
    /// The store folder.
    package let root: String
    private static let magic: [UInt8] = Array("HMFBOOK-ENTRY-1\n".utf8)

    /// A store rooted at `root` (created on first write; default: the project's `.hmfbook/store`).
    package init(root: String = ProjectLayout.storeDirectory) { self.root = root }

    /// Path of the entry for `key` (a hex digest).
    package func path(for key: String) -> String {
        let shard = String(key.prefix(2))
        return "\(root)/\(shard)/\(key).entry"
    }

    /// The payload stored under `key`, nil when absent.
    /// - Throws: `SessionError.corrupted` when the entry is damaged (the entry is deleted first).
    package func read(_ key: String) throws(SessionError) -> Data? {
        let p = path(for: key)
        guard FileManager.default.fileExists(atPath: p) else { return nil }
        guard let data = FileManager.default.contents(atPath: p) else {
            throw .io(path: p, reason: "unreadable")
        }
        let header = Self.magic.count + 8 + 32
        func corrupt(_ why: String) -> SessionError {
            try? FileManager.default.removeItem(atPath: p)
            return .corrupted(path: p, reason: why)
        }
        guard data.count >= header, Array(data.prefix(Self.magic.count)) == Self.magic else {
            throw corrupt("bad header")
        }
        var length: UInt64 = 0
        for (i, b) in data[Self.magic.count..<(Self.magic.count + 8)].enumerated() {
            length |= UInt64(b) << (8 * UInt64(i))
        }
        guard UInt64(data.count - header) == length else {
            throw corrupt("truncated: \(data.count - header) of \(length) payload bytes")
        }
        let payload = data.subdata(in: header..<data.count)
        var h = ContentHasher()
        h.update(payload)
        guard h.finalize().bytes == Array(data[(Self.magic.count + 8)..<header]) else {
            throw corrupt("checksum mismatch")
        }
        return payload
    }

    /// Stores `payload` under `key` atomically (temporary file, fsync, rename).
    package func write(_ key: String, _ payload: Data) throws(SessionError) {
        var framed = Data(Self.magic)
        var n = UInt64(payload.count)
        for _ in 0..<8 {
            framed.append(UInt8(truncatingIfNeeded: n))
            n >>= 8
        }
        var h = ContentHasher()
        h.update(payload)
        framed.append(contentsOf: h.finalize().bytes)
        framed.append(payload)
        do { try AtomicFile.write(framed, to: path(for: key)) } catch {
            throw .io(path: error.path, reason: error.reason)
        }
    }
}
