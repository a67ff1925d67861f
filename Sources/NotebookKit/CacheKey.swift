import Foundation

/// A value that can take part in a `Session` cache key: it feeds its exact content into a SHA-256 hash
/// (matrices feed the digest of their elements, computed once per array buffer by `FingerprintCache`).
public protocol CacheKeyInput {
    /// Feeds a type tag and the value's bytes into `hasher`.
    func feed(into hasher: inout ContentHasher)
}

extension Int: CacheKeyInput {
    public func feed(into hasher: inout ContentHasher) { hasher.update(field: "Int:\(self)") }
}

extension Double: CacheKeyInput {
    public func feed(into hasher: inout ContentHasher) { hasher.update(field: "Double:\(bitPattern)") }
}

extension Bool: CacheKeyInput {
    public func feed(into hasher: inout ContentHasher) { hasher.update(field: "Bool:\(self)") }
}

extension String: CacheKeyInput {
    public func feed(into hasher: inout ContentHasher) { hasher.update(field: "String"); hasher.update(field: self) }
}

extension Data: CacheKeyInput {
    public func feed(into hasher: inout ContentHasher) { hasher.update(field: "Data:\(count)"); hasher.update(self) }
}

extension Array: CacheKeyInput where Element: CacheKeyInput {
    public func feed(into hasher: inout ContentHasher) {
        hasher.update(field: "Array:\(count)")
        for e in self { e.feed(into: &hasher) }
    }
}

extension Matrix: CacheKeyInput {
    public func feed(into hasher: inout ContentHasher) {
        // The digest of the elements, memoised per buffer: the same large array passed to many calls is hashed once.
        hasher.update(field: "Matrix:\(rows)x\(cols)")
        hasher.update(FingerprintCache.shared.digest(of: storage).bytes)
    }
}

extension WeightedData: CacheKeyInput {
    public func feed(into hasher: inout ContentHasher) {
        hasher.update(field: "WeightedData")
        Y.feed(into: &hasher)
        W.feed(into: &hasher)
    }
}

/// Hashes any Encodable value by its JSON with sorted keys (settings structs, parameter records).
public struct EncodedKey<T: Encodable>: CacheKeyInput {
    /// The wrapped value.
    public let value: T
    /// Wraps `value`.
    public init(_ value: T) { self.value = value }
    public func feed(into hasher: inout ContentHasher) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        hasher.update(field: "Encoded:\(T.self)")
        hasher.update((try? encoder.encode(value)) ?? Data("unencodable".utf8))
    }
}

extension FitSettings: CacheKeyInput {
    public func feed(into hasher: inout ContentHasher) { EncodedKey(self).feed(into: &hasher) }
}

extension InferenceSettings: CacheKeyInput {
    public func feed(into hasher: inout ContentHasher) { EncodedKey(self).feed(into: &hasher) }
}
