import Foundation

/// Whole-file reads and atomic writes with typed errors.
enum FileAccess {
    /// The contents of `path` (memory-mapped when possible).
    static func read(_ path: String) throws(DataIOError) -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .fileNotFound(path: path) }
        guard !isDirectory.boolValue else { throw .cannotAccess(path: path, reason: "is a directory") }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            throw .cannotAccess(path: path, reason: error.localizedDescription)
        }
    }

    /// Writes `data` to `path` through a temporary file and a rename, so readers never see a partial file.
    static func write(_ data: Data, to path: String) throws(DataIOError) {
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .cannotAccess(path: path, reason: error.localizedDescription)
        }
    }

    /// A temporary path next to `path` (same directory, so a rename onto `path` is atomic).
    static func siblingTemporary(of path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp").path
    }

    /// Moves `temporary` onto `path`, replacing it.
    static func replace(_ path: String, with temporary: String) throws(DataIOError) {
        if rename(temporary, path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw .cannotAccess(path: path, reason: "cannot move the written file into place: \(reason)")
        }
    }
}
