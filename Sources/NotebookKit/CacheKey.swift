import Foundation
import NotebookProtocol

/// A value that can take part in a `Session` cache key: it feeds its exact content into a SHA-256 hash
/// (matrices feed the digest of their elements, computed once per array buffer by `FingerprintCache`).
public protocol CacheKeyInput {
    /// Feeds a type tag and the value's bytes into `hasher`.
    /// - Throws: `SessionError.unencodableKey` when the value cannot be written out exactly.
    func feed(into hasher: inout ContentHasher) throws(SessionError)
}

extension Int: CacheKeyInput {
    public func feed(into hasher: inout ContentHasher) throws(SessionError) {
        hasher.update(field: "Int:\(self)")
    }
}

extension Double: CacheKeyInput {
    public func feed(into hasher: inout ContentHasher) throws(SessionError) {
        hasher.update(field: "Double:\(bitPattern)")
    }
}

extension Bool: CacheKeyInput {
    public func feed(into hasher: inout ContentHasher) throws(SessionError) {
        hasher.update(field: "Bool:\(self)")
    }
}

extension String: CacheKeyInput {
    public func feed(into hasher: inout ContentHasher) throws(SessionError) {
        hasher.update(field: "String")
        hasher.update(field: self)
    }
}

extension Data: CacheKeyInput {
    public func feed(into hasher: inout ContentHasher) throws(SessionError) {
        hasher.update(field: "Data:\(count)")
        hasher.update(self)
    }
}

extension Array: CacheKeyInput where Element: CacheKeyInput {
    public func feed(into hasher: inout ContentHasher) throws(SessionError) {
        hasher.update(field: "Array:\(count)")
        for e in self { try e.feed(into: &hasher) }
    }
}

/// Element types whose matrices can be cache-key inputs (hashed by their bytes).
public protocol CacheKeyElement: BitwiseCopyable {}
extension Double: CacheKeyElement {}
extension Float: CacheKeyElement {}
extension Bool: CacheKeyElement {}

extension DenseMatrix: CacheKeyInput where Element: CacheKeyElement {
    public func feed(into hasher: inout ContentHasher) throws(SessionError) {
        // The digest of the elements, memoised per buffer: the same large array passed to many calls is hashed once.
        hasher.update(field: "Matrix<\(Element.self)>:\(rows)x\(cols)")
        hasher.update(FingerprintCache.shared.digest(of: elements).bytes)
    }
}

extension WeightedData: CacheKeyInput {
    public func feed(into hasher: inout ContentHasher) throws(SessionError) {
        hasher.update(field: "WeightedData:\(precision.rawValue)")
        switch precision {
        case .double:
            try Y.feed(into: &hasher)
            try W.feed(into: &hasher)
        case .single:
            // Hash the stored single-precision values (no widened copies).
            var scratch = RowScratch()
            let n = N
            do {
                try withRows(0..<n, scratch: &scratch) { (block) throws(RHMFError) in
                    guard case .single(let y, let w) = block.values else { return }
                    let count = block.rows * block.columns
                    hasher.update(raw: UnsafeRawBufferPointer(start: y, count: count * 4))
                    hasher.update(raw: UnsafeRawBufferPointer(start: w, count: count * 4))
                }
            } catch { throw .unencodableKey("\(error)") }
        }
    }
}

/// Hashes any Encodable value by its JSON with sorted keys (settings structs, parameter records).
public struct EncodedKey<T: Encodable>: CacheKeyInput {
    /// The wrapped value.
    public let value: T
    /// Wraps `value`.
    public init(_ value: T) { self.value = value }
    public func feed(into hasher: inout ContentHasher) throws(SessionError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        hasher.update(field: "Encoded:\(T.self)")
        do { hasher.update(try encoder.encode(value)) } catch {
            throw .unencodableKey(
                "a \(T.self) cache-key input cannot be encoded as JSON (\(error)); pass values that encode exactly"
            )
        }
    }
}

extension FitSettings: CacheKeyInput {
    public func feed(into hasher: inout ContentHasher) throws(SessionError) {
        try EncodedKey(self).feed(into: &hasher)
    }
}

extension InferenceSettings: CacheKeyInput {
    public func feed(into hasher: inout ContentHasher) throws(SessionError) {
        try EncodedKey(self).feed(into: &hasher)
    }
}

extension Likelihood: CacheKeyInput {
    public func feed(into hasher: inout ContentHasher) throws(SessionError) {
        try EncodedKey(self).feed(into: &hasher)
    }
}

extension FitResult: CacheKeyInput {
    /// A fit is identified by its basis and settings (what inference from it depends on).
    public func feed(into hasher: inout ContentHasher) throws(SessionError) {
        hasher.update(field: "FitResult")
        try basis.feed(into: &hasher)
        try settings.feed(into: &hasher)
    }
}

extension HDF5RowSource: CacheKeyInput {
    /// The file's content digest (memoised by device, inode, size and modification time), the datasets, the
    /// selected rows and columns and the precision.
    public func feed(into hasher: inout ContentHasher) throws(SessionError) {
        hasher.update(
            field: "HDF5RowSource:\(valuesName):\(weightsName):\(columns):\(precision.rawValue)")
        hasher.update(field: try FileDigests.shared.digest(of: path))
        if let rows { try rows.feed(into: &hasher) } else { hasher.update(field: "all rows") }
    }
}

extension CacheKeyInput {
    /// The hex SHA-256 of this value's cache-key bytes: a content digest for run records.
    public func contentDigest() throws(SessionError) -> String {
        var h = ContentHasher()
        try feed(into: &h)
        return h.finalize().hex
    }
}
