import Synchronization

/// Tells a listener which files the libraries read and write. The notebook kernel listens, so that a file one
/// cell writes and a later cell reads becomes an edge of the cell graph; with no listener, nothing happens.
public enum FileAccessLog {
    /// How a file was used.
    public enum Access: Sendable { case read, write }

    private static let listener = Mutex<(@Sendable (Access, String) -> Void)?>(nil)

    /// Sends every later access to `handler` (replacing an earlier one).
    public static func listen(_ handler: @escaping @Sendable (Access, String) -> Void) {
        listener.withLock { $0 = handler }
    }

    /// Reports that `path` was read or written.
    public static func record(_ access: Access, _ path: String) {
        let handler = listener.withLock { $0 }
        handler?(access, path)
    }
}
