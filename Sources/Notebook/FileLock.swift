import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An exclusive advisory lock (flock) on a file, so that two runs of the same notebook serialise.
/// The kernel releases it when the holder dies, so a killed run never leaves a stale lock.
package final class FileLock {
    private let fd: Int32
    /// The lock file.
    package let path: String

    /// Blocks until the lock at `path` is held (waiting at most `timeout` seconds).
    /// - Throws: `NotebookError.locked` when the wait times out, `.io` when the file cannot be opened.
    package init(path: String, timeout: Double = 3600, onWait: () -> Void = {})
        throws(NotebookError)
    {
        self.path = path
        try? FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(path: path, message: "cannot open the lock file") }
        if flock(fd, LOCK_EX | LOCK_NB) == 0 { return }
        onWait()
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if flock(fd, LOCK_EX | LOCK_NB) == 0 { return }
            usleep(100_000)
        }
        close(fd)
        throw .locked(path: path)
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
