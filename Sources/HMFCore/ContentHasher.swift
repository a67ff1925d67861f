internal import Crypto
import Foundation

/// SHA-256 over framed fields (swift-crypto's `SHA256`), used for session store keys, store checksums,
/// compile-cache keys and notebook freeze stamps.
///
///     var h = ContentHasher()
///     h.update(field: "fit")
///     h.update(data)
///     let key = h.finalize().hex
public struct ContentHasher {
    private var inner = Crypto.SHA256()

    /// A fresh hash.
    public init() {}

    /// Feeds raw memory.
    public mutating func update(raw: UnsafeRawBufferPointer) {
        inner.update(bufferPointer: raw)
    }

    /// Feeds bytes.
    public mutating func update<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
        let array = Array(bytes)
        array.withUnsafeBytes { update(raw: $0) }
    }

    /// Feeds the bytes of `data`.
    public mutating func update(_ data: Data) {
        inner.update(data: data)
    }

    /// Feeds a length-prefixed string, so that ("ab","c") and ("a","bc") hash differently.
    public mutating func update(field: String) {
        var n = UInt64(field.utf8.count).littleEndian
        withUnsafeBytes(of: &n) { update(raw: $0) }
        var s = field
        s.withUTF8 { update(raw: UnsafeRawBufferPointer($0)) }
    }

    /// The 32-byte digest (the hasher can go on being fed afterwards).
    public func finalize() -> Digest {
        Digest(bytes: Array(inner.finalize()))
    }

    /// Hex digest of `data` in one call.
    public static func hex(_ data: Data) -> String {
        var h = ContentHasher()
        h.update(data)
        return h.finalize().hex
    }

    /// A SHA-256 digest.
    public struct Digest: Sendable, Equatable, Hashable {
        /// The 32 bytes.
        public let bytes: [UInt8]
        /// Lower-case hexadecimal.
        public var hex: String {
            let digits = Array("0123456789abcdef".utf8)
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count * 2)
            for b in bytes {
                out.append(digits[Int(b >> 4)])
                out.append(digits[Int(b & 0xF)])
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}
