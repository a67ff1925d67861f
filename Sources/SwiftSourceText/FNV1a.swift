/// The 64-bit FNV-1a hash, for version stamps computed where no cryptographic library is linked (build tools).
package struct FNV1a: Sendable {
    /// The running hash.
    package private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    package init() {}

    /// Feeds `text`'s UTF-8 bytes followed by a zero byte, so that field boundaries count.
    package mutating func update(_ text: String) {
        for b in text.utf8 { step(b) }
        step(0)
    }

    private mutating func step(_ b: UInt8) {
        value ^= UInt64(b)
        value = value &* 0x0000_0100_0000_01b3
    }

    /// Sixteen lower-case hexadecimal digits.
    package var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
