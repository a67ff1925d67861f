/// Makes cairo's SVG reproducible: cairo numbers some element ids from process-wide counters
/// (surfaces, patterns, images), so the same figure drawn twice can differ. Ids are renumbered
/// in order of first appearance.
enum SVGNormalizer {
    private static let prefixes = [
        "surface", "image", "pattern", "source", "mask", "clip", "glyph", "linear", "radial",
        "filter",
    ]

    static func normalize(_ bytes: [UInt8]) -> [UInt8] {
        let text = String(decoding: bytes, as: UTF8.self)
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var mapping: [String: Int] = [:]
        var counters: [String: Int] = [:]
        let chars = Array(text.unicodeScalars)
        var i = 0
        while i < chars.count {
            // An id token starts after '"' or '#' with a known prefix followed by digits (and maybe "-digits").
            if i > 0, chars[i - 1] == "\"" || chars[i - 1] == "#",
                let prefix = prefixes.first(where: { matches($0, chars, i) })
            {
                var j = i + prefix.unicodeScalars.count
                let start = j
                while j < chars.count, chars[j].properties.numericType != nil || chars[j] == "-" {
                    j += 1
                }
                if j > start {
                    let token = String(String.UnicodeScalarView(chars[i..<j]))
                    let n: Int
                    if let known = mapping[token] {
                        n = known
                    } else {
                        n = counters[prefix, default: 0] + 1
                        counters[prefix] = n
                        mapping[token] = n
                    }
                    result += prefix + String(n)
                    i = j
                    continue
                }
            }
            result.unicodeScalars.append(chars[i])
            i += 1
        }
        return Array(result.utf8)
    }

    private static func matches(_ prefix: String, _ chars: [Unicode.Scalar], _ i: Int) -> Bool {
        var k = i
        for p in prefix.unicodeScalars {
            guard k < chars.count, chars[k] == p else { return false }
            k += 1
        }
        return true
    }
}
