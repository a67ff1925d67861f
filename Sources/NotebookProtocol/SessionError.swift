import Foundation
import HMFCore

/// Problems of the persistent session store.
public enum SessionError: Error, CustomStringConvertible, Sendable {
    /// An entry failed its checksum or framing check; it has been removed and will be recomputed.
    case corrupted(path: String, reason: String)
    /// Reading or writing the store failed.
    case io(path: String, reason: String)
    /// A stored value could not be decoded as the requested type.
    case decoding(key: String, reason: String)
    /// A cache-key input cannot be hashed exactly (it would collide with others).
    case unencodableKey(String)

    public var description: String {
        switch self {
        case .corrupted(let path, let reason):
            return
                "session store entry \(path) is corrupted (\(reason)); it was removed and will be recomputed"
        case .io(let path, let reason): return "session store: cannot access \(path): \(reason)"
        case .decoding(let key, let reason):
            return "session store: entry for \(key) cannot be decoded: \(reason)"
        case .unencodableKey(let reason): return "session cache key: \(reason)"
        }
    }
}
