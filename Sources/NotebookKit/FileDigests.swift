import Foundation
import NotebookProtocol

/// SHA-256 digests of whole files, remembered by (device, inode, size, modification time in ns) within the
/// process, so that a notebook that fits a 9 GB survey file many times reads it for hashing once. A file that
/// is rewritten or replaced has a different identity and is hashed again. Digests of files of at least
/// `persistentMinimumSize` bytes are also kept beside the session store (`file-digests/`, one small file per
/// identity), so a re-run of a notebook does not read a 1 GB survey again just to hash it.
final class FileDigests: @unchecked Sendable {
    static let shared = FileDigests()
    private let lock = NSLock()
    private var known: [String: (identity: String, digest: String)] = [:]
    /// The folder remembering large files' digests (nil: `file-digests` beside the session store).
    private let memoFolder: String?
    /// Files smaller than this are hashed again in every process.
    private let minimumSize: Int

    init(memoFolder: String? = nil, minimumSize: Int = FileDigests.persistentMinimumSize) {
        self.memoFolder = memoFolder
        self.minimumSize = minimumSize
    }

    /// The hex digest of the file at `path`.
    func digest(of path: String) throws(SessionError) -> String {
        let id = try identity(path)
        lock.lock()
        if let k = known[path], k.identity == id {
            lock.unlock()
            return k.digest
        }
        lock.unlock()
        let remembered = rememberedPath(identity: id)
        if let remembered, let data = FileManager.default.contents(atPath: remembered) {
            let digest = String(decoding: data, as: UTF8.self)
            if digest.count == 64, digest.allSatisfy(\.isHexDigit) {
                lock.lock()
                known[path] = (id, digest)
                lock.unlock()
                return digest
            }
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .io(path: path, reason: "cannot open the file to hash it")
        }
        defer { try? handle.close() }
        var hasher = ContentHasher()
        while true {
            let chunk: Data
            do { chunk = try handle.read(upToCount: 8 << 20) ?? Data() } catch {
                throw .io(path: path, reason: "\(error)")
            }
            if chunk.isEmpty { break }
            hasher.update(chunk)
        }
        let digest = hasher.finalize().hex
        guard try identity(path) == id else {
            throw .io(path: path, reason: "the file changed while it was being hashed")
        }
        lock.lock()
        known[path] = (id, digest)
        lock.unlock()
        if let remembered { try? AtomicFile.write(digest, to: remembered) }
        return digest
    }

    /// Files smaller than this are hashed again in every process (it is cheaper than trusting a stamp).
    static let persistentMinimumSize = 64 << 20

    /// Where the digest of a large file with identity `id` is remembered (nil for small files).
    private func rememberedPath(identity id: String) -> String? {
        let parts = id.split(separator: ":")
        guard parts.count >= 3, let size = Int(parts[2]), size >= minimumSize else { return nil }
        var h = ContentHasher()
        h.update(field: "file-identity:\(id)")
        let folder =
            memoFolder
            ?? ((NotebookRuntime.storeDirectory as NSString).deletingLastPathComponent as NSString)
            .appendingPathComponent("file-digests")
        return (folder as NSString).appendingPathComponent(h.finalize().hex)
    }

    private func identity(_ path: String) throws(SessionError) -> String {
        var st = stat()
        guard stat(path, &st) == 0 else {
            throw .io(path: path, reason: String(cString: strerror(errno)))
        }
        return "\(st.st_dev):\(st.st_ino):\(st.st_size):\(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec)"
    }
}
