import Foundation

/// Notices changes to a set of files by polling their identity (inode, size, modification time in ns), which
/// catches in-place writes, replacement by rename (what most editors do on save) and deletion.
struct FileWatcher: Sendable {
    private(set) var paths: [String]
    private var stamps: [String: String]

    /// Watches `paths` from their present state.
    init(_ paths: [String]) {
        self.paths = paths
        stamps = Self.stamps(paths)
    }

    /// Whether any file changed since the last call (or since `init`); the present state becomes the new base.
    mutating func changed() -> Bool {
        let now = Self.stamps(paths)
        defer { stamps = now }
        return now != stamps
    }

    /// Watches `paths` from now on, keeping the base of the files already watched.
    mutating func watch(_ newPaths: [String]) {
        let old = stamps
        paths = newPaths
        stamps = Self.stamps(newPaths).merging(old.filter { newPaths.contains($0.key) }) {
            _, kept in kept
        }
    }

    private static func stamps(_ paths: [String]) -> [String: String] {
        var out: [String: String] = [:]
        for p in paths {
            var st = stat()
            out[p] =
                stat(p, &st) == 0
                ? "\(st.st_ino):\(st.st_size):\(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec)"
                : "missing"
        }
        return out
    }
}
