import HMFCore

/// Makes fuzz inputs from valid ones: each input is a seed changed by one to four random edits (bit flips,
/// bytes set to boundary values, truncation, inserted, deleted or repeated runs, integers written over the
/// data, tokens of the format, and splices of two seeds). Input `index` of a campaign depends only on the
/// campaign's seed and the index, so any input can be made again on its own.
package struct Mutator: Sendable {
    /// Valid inputs to start from.
    package let seeds: [[UInt8]]
    /// Byte strings that mean something in the format (fence markers, header keys, magic numbers).
    package let tokens: [[UInt8]]

    package init(seeds: [[UInt8]], tokens: [[UInt8]]) {
        // invariant: every target gives seeds
        precondition(!seeds.isEmpty, "a fuzz target needs at least one seed")
        self.seeds = seeds
        self.tokens = tokens
    }

    /// Input `index` of the campaign seeded with `seed`. Index 0 ..< seeds.count are the seeds themselves.
    package func input(_ index: Int, seed: UInt64) -> [UInt8] {
        if index < seeds.count { return seeds[index] }
        var rng = SeededGenerator(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(index))
        var bytes = seeds[Int.random(in: 0..<seeds.count, using: &rng)]
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            mutate(&bytes, using: &rng)
        }
        return bytes
    }

    private static let boundaryBytes: [UInt8] = [0, 1, 0x7F, 0x80, 0xFF, 0x20, 0x0A, 0x22, 0x5C]
    private static let boundaryIntegers: [UInt64] = [
        0, 1, 0xFF, 0xFFFF, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0x7FFF_FFFF_FFFF_FFFF, .max,
        1 << 40,
    ]

    private func mutate(_ bytes: inout [UInt8], using rng: inout SeededGenerator) {
        func position(_ rng: inout SeededGenerator) -> Int {
            Int.random(in: 0...bytes.count, using: &rng)
        }
        switch Int.random(in: 0..<9, using: &rng) {
        case 0 where !bytes.isEmpty:
            for _ in 0..<Int.random(in: 1...8, using: &rng) {
                bytes[Int.random(in: 0..<bytes.count, using: &rng)] ^=
                    1 << UInt8.random(in: 0...7, using: &rng)
            }
        case 1 where !bytes.isEmpty:
            bytes[Int.random(in: 0..<bytes.count, using: &rng)] = Self.boundaryBytes.randomElement(
                using: &rng)!
        case 2:
            bytes.removeLast(bytes.count - position(&rng))
        case 3:
            let run = (0..<Int.random(in: 1...64, using: &rng)).map { _ in
                UInt8.random(in: 0...255, using: &rng)
            }
            bytes.insert(contentsOf: run, at: position(&rng))
        case 4 where !bytes.isEmpty:
            let start = Int.random(in: 0..<bytes.count, using: &rng)
            bytes.removeSubrange(
                start..<min(bytes.count, start + Int.random(in: 1...256, using: &rng)))
        case 5 where !bytes.isEmpty:
            let start = Int.random(in: 0..<bytes.count, using: &rng)
            let run = bytes[start..<min(bytes.count, start + Int.random(in: 1...512, using: &rng))]
            bytes.insert(contentsOf: Array(run), at: position(&rng))
        case 6 where bytes.count >= 8:
            let value = Self.boundaryIntegers.randomElement(using: &rng)!
            let width = [1, 2, 4, 8].randomElement(using: &rng)!
            let start = Int.random(in: 0...(bytes.count - width), using: &rng)
            for k in 0..<width {
                bytes[start + k] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(k)))
            }
        case 7 where !tokens.isEmpty:
            bytes.insert(contentsOf: tokens.randomElement(using: &rng)!, at: position(&rng))
        default:
            let other = seeds.randomElement(using: &rng)!
            bytes =
                Array(bytes.prefix(position(&rng)))
                + other.suffix(Int.random(in: 0...other.count, using: &rng))
        }
    }
}
