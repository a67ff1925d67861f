import Foundation

/// SHA-256 digests of whole files, remembered by (device, inode, size, modification time in ns) within the
/// process, so that a notebook that fits a 9 GB survey file many times reads it for hashing once. A file that
/// is rewritten or replaced has a different identity and is hashed again.
final class FileDigests: @unchecked Sendable {
    static let shared = FileDigests()
    private let lock = NSLock()
    private var known: [String: (identity: String, digest: String)] = [:]

    /// The hex digest of the file at `path`.
    func digest(of path: String) throws(SessionError) -> String {
        let id = try identity(path)
        lock.lock()
        if let k = known[path], k.identity == id { lock.unlock(); return k.digest }
        lock.unlock()
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .io(path: path, reason: "cannot open the file to hash it") }
        defer { try? handle.close() }
        var hasher = ContentHasher()
        while true {
            let chunk: Data
            do { chunk = try handle.read(upToCount: 8 << 20) ?? Data() } catch { throw .io(path: path, reason: "\(error)") }
            if chunk.isEmpty { break }
            hasher.update(chunk)
        }
        let digest = hasher.finalize().hex
        guard try identity(path) == id else { throw .io(path: path, reason: "the file changed while it was being hashed") }
        lock.lock()
        known[path] = (id, digest)
        lock.unlock()
        return digest
    }

    private func identity(_ path: String) throws(SessionError) -> String {
        var st = stat()
        guard stat(path, &st) == 0 else { throw .io(path: path, reason: String(cString: strerror(errno))) }
        return "\(st.st_dev):\(st.st_ino):\(st.st_size):\(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec)"
    }
}
