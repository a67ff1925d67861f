import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Writes files so that a reader (or a later run after a crash) sees either the old file or the complete new
/// one, never a part: the bytes go to a temporary file in the same folder, are flushed to disk and renamed
/// over the target.
///
///     try AtomicFile.write(Data(json.utf8), to: "figures/toy/summary.json")
///     let tmp = AtomicFile.temporaryPath(for: path)      // for libraries that write files themselves (HDF5)
///     ...write tmp...
///     try AtomicFile.commit(tmp, to: path)
public enum AtomicFile {
    /// Writes `data` to `path` atomically, creating the parent folder when needed.
    public static func write(_ data: Data, to path: String) throws(AtomicFileError) {
        try createParent(of: path)
        let tmp = temporaryPath(for: path)
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw AtomicFileError(path: path, reason: "cannot create \(tmp): \(lastError())")
        }
        var failure: String?
        data.withUnsafeBytes { raw in
            var off = 0
            while off < raw.count, let base = raw.baseAddress {
                let n = Glibc.write(fd, base + off, raw.count - off)
                if n <= 0 {
                    failure = "write failed: \(lastError())"
                    return
                }
                off += n
            }
        }
        if failure == nil, fsync(fd) != 0 { failure = "fsync failed: \(lastError())" }
        close(fd)
        if let failure {
            unlink(tmp)
            throw AtomicFileError(path: path, reason: failure)
        }
        try commit(tmp, to: path)
    }

    /// Writes UTF-8 `text` to `path` atomically.
    public static func write(_ text: String, to path: String) throws(AtomicFileError) {
        try write(Data(text.utf8), to: path)
    }

    /// A fresh temporary path in the folder of `path` (so that renaming it onto `path` is atomic).
    public static func temporaryPath(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        let name = ".\(url.lastPathComponent).\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp"
        return url.deletingLastPathComponent().appendingPathComponent(name).path
    }

    /// Moves a finished temporary file onto `path`; on failure the temporary file is removed.
    public static func commit(_ temporary: String, to path: String) throws(AtomicFileError) {
        guard rename(temporary, path) == 0 else {
            let reason = lastError()
            unlink(temporary)
            throw AtomicFileError(
                path: path, reason: "cannot move the written file into place: \(reason)")
        }
        FileAccessLog.record(.write, path)
    }

    /// Creates the folder that will hold `path`.
    public static func createParent(of path: String) throws(AtomicFileError) {
        let dir = (path as NSString).deletingLastPathComponent
        guard !dir.isEmpty else { return }
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        } catch {
            throw AtomicFileError(
                path: path, reason: "cannot create folder \(dir): \(error.localizedDescription)")
        }
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}

/// A file could not be written; the previous file (if any) is unchanged.
public struct AtomicFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file that was being written.
    public let path: String
    /// What went wrong.
    public let reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "cannot write \(path): \(reason)" }
}
