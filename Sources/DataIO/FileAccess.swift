import Foundation
import HMFCore

/// Whole-file reads and atomic writes with typed errors.
package enum FileAccess {
    /// The contents of `path` (memory-mapped when possible).
    static func read(_ path: String) throws(DataIOError) -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .fileNotFound(path: path)
        }
        guard !isDirectory.boolValue else {
            throw .cannotAccess(path: path, reason: "is a directory")
        }
        FileAccessLog.record(.read, path)
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            throw .cannotAccess(path: path, reason: error.localizedDescription)
        }
    }

    /// Writes `data` to `path` atomically, so readers never see a partial file.
    static func write(_ data: Data, to path: String) throws(DataIOError) {
        do { try AtomicFile.write(data, to: path) } catch {
            throw .cannotAccess(path: path, reason: error.reason)
        }
    }

    /// A temporary path next to `path` (same directory, so a rename onto `path` is atomic).
    static func siblingTemporary(of path: String) -> String { AtomicFile.temporaryPath(for: path) }

    /// Moves `temporary` onto `path`, replacing it.
    static func replace(_ path: String, with temporary: String) throws(DataIOError) {
        do { try AtomicFile.commit(temporary, to: path) } catch {
            throw .cannotAccess(path: path, reason: error.reason)
        }
    }

    /// Checks, before any long computation, that `path` can be written: its folder exists (or can be made)
    /// and accepts a new file.
    package static func checkWritable(_ path: String) throws(DataIOError) {
        do { try AtomicFile.createParent(of: path) } catch {
            throw .cannotAccess(path: path, reason: error.reason)
        }
        let probe = AtomicFile.temporaryPath(for: path)
        guard FileManager.default.createFile(atPath: probe, contents: nil) else {
            throw .cannotAccess(path: path, reason: "its folder is not writable")
        }
        try? FileManager.default.removeItem(atPath: probe)
    }
}
