/// The header of a `.npy` file: element type, memory order and shape.
///
/// Format (NumPy Enhancement Proposal 1): the magic `\x93NUMPY`, a major and minor version byte,
/// the header length (2 bytes little-endian in version 1, 4 bytes in versions 2 and 3), then a
/// Python dict literal such as `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }`
/// padded with spaces and a newline so the data starts at a multiple of 64 bytes.
struct NPYHeader: Equatable {
    /// Element kind as a NumPy type character: `f` float, `i` signed int, `b` bool, `U` unicode, `S` bytes.
    var kind: Character
    /// Bytes per element (for `U`, 4 per character).
    var itemSize: Int
    /// Whether multi-byte elements are big-endian.
    var bigEndian: Bool
    /// Whether the data is stored column-major.
    var fortranOrder: Bool
    var shape: [Int]

    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // "\x93NUMPY"

    /// Parses the header at the start of `bytes`; returns it and the offset of the data.
    static func parse(_ bytes: UnsafeRawBufferPointer) throws(DataIOError) -> (
        NPYHeader, dataOffset: Int
    ) {
        guard bytes.count >= 10, Array(bytes.prefix(6)) == magic else {
            throw .corrupt(path: "", item: "", reason: "not a .npy file (missing \\x93NUMPY magic)")
        }
        let major = bytes[6]
        let length: Int
        let start: Int
        switch major {
        case 1:
            length = Int(bytes[8]) | Int(bytes[9]) << 8
            start = 10
        case 2, 3:
            guard bytes.count >= 12 else {
                throw .corrupt(path: "", item: "", reason: "header ends early")
            }
            length = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
            start = 12
        default:
            throw .unsupported(
                path: "", item: "", reason: ".npy format version \(major).\(bytes[7])")
        }
        guard start + length <= bytes.count else {
            throw .corrupt(
                path: "", item: "",
                reason:
                    "header of \(length) bytes but the file has only \(bytes.count - start) after the preamble"
            )
        }
        let text = String(
            decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<(start + length)]),
            as: UTF8.self)
        return (try parseDict(text), start + length)
    }

    /// Parses the dict literal.
    static func parseDict(_ text: String) throws(DataIOError) -> NPYHeader {
        var scanner = DictScanner(text: Array(text.unicodeScalars))
        let entries = try scanner.parse()
        guard case .string(let descr)? = entries["descr"] else {
            if case .list? = entries["descr"] {
                throw .unsupported(
                    path: "", item: "", reason: "structured (record) dtypes are not supported")
            }
            throw .corrupt(path: "", item: "", reason: "header has no 'descr' string")
        }
        guard case .bool(let fortran)? = entries["fortran_order"] else {
            throw .corrupt(path: "", item: "", reason: "header has no 'fortran_order' flag")
        }
        guard case .tuple(let shape)? = entries["shape"], shape.allSatisfy({ $0 >= 0 }) else {
            throw .corrupt(path: "", item: "", reason: "header has no valid 'shape' tuple")
        }
        let chars = Array(descr)
        guard chars.count >= 3, let order = chars.first, "<>|=".contains(order),
            let size = Int(String(chars[2...])), size > 0
        else {
            throw .unsupported(path: "", item: "", reason: "dtype '\(descr)'")
        }
        let kind = chars[1]
        let itemSize = kind == "U" ? size * 4 : size
        let supported: Bool
        switch kind {
        case "f": supported = size == 4 || size == 8
        case "i": supported = size == 4 || size == 8
        case "b": supported = size == 1
        case "U", "S": supported = true
        default: supported = false
        }
        guard supported else {
            throw .unsupported(
                path: "", item: "",
                reason: "dtype '\(descr)' (supported: float32, float64, int32, int64, bool, str)")
        }
        return NPYHeader(
            kind: kind, itemSize: itemSize, bigEndian: order == ">", fortranOrder: fortran,
            shape: shape)
    }

    /// The `descr` string, e.g. `<f8`.
    var descr: String {
        let order: String
        switch kind {
        case "b", "S": order = "|"
        default: order = bigEndian ? ">" : "<"
        }
        let size = kind == "U" ? itemSize / 4 : itemSize
        return "\(order)\(kind)\(size)"
    }

    /// The full header (magic, version, length, padded dict). `version` nil picks 1 when it fits, else 2.
    func encoded(version: Int?) throws(DataIOError) -> [UInt8] {
        let shapeText =
            shape.isEmpty
            ? "()"
            : shape.count == 1
                ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        let dict =
            "{'descr': '\(descr)', 'fortran_order': \(fortranOrder ? "True" : "False"), 'shape': \(shapeText), }"
        let dictBytes = Array(dict.utf8)
        let chosen = version ?? (dictBytes.count + 11 < 65_536 ? 1 : 2)
        guard (1...3).contains(chosen) else {
            throw .invalidArgument(
                path: "", item: "", reason: ".npy version must be 1, 2 or 3, got \(chosen)")
        }
        let preamble = chosen == 1 ? 10 : 12
        let padded = (preamble + dictBytes.count + 1 + 63) / 64 * 64
        let length = padded - preamble
        guard chosen > 1 || length < 65_536 else {
            throw .invalidArgument(
                path: "", item: "",
                reason: "header of \(length) bytes does not fit a version 1 .npy file")
        }
        var out = NPYHeader.magic + [UInt8(chosen), 0]
        let lengthBytes = chosen == 1 ? 2 : 4
        for k in 0..<lengthBytes { out.append(UInt8(truncatingIfNeeded: length >> (8 * k))) }
        out += dictBytes
        out += [UInt8](repeating: 0x20, count: length - dictBytes.count - 1)
        out.append(0x0A)
        return out
    }
}

/// A value in the header dict.
enum DictValue: Equatable {
    case string(String)
    case bool(Bool)
    case tuple([Int])
    case list
}

/// A scanner for the small subset of Python literal syntax that `.npy` headers use.
struct DictScanner {
    let text: [Unicode.Scalar]
    var position = 0

    mutating func parse() throws(DataIOError) -> [String: DictValue] {
        var entries: [String: DictValue] = [:]
        try expect("{")
        while true {
            skipSpace()
            if peek() == "}" {
                position += 1
                return entries
            }
            let key = try readString()
            try expect(":")
            entries[key] = try readValue()
            skipSpace()
            if peek() == "," {
                position += 1
                continue
            }
            try expect("}")
            return entries
        }
    }

    private func peek() -> Unicode.Scalar? { position < text.count ? text[position] : nil }

    private mutating func skipSpace() {
        while let c = peek(), c == " " || c == "\n" || c == "\t" || c == "\r" { position += 1 }
    }

    private mutating func expect(_ c: Unicode.Scalar) throws(DataIOError) {
        skipSpace()
        guard peek() == c else { throw malformed("expected '\(c)'") }
        position += 1
    }

    private func malformed(_ what: String) -> DataIOError {
        .corrupt(
            path: "", item: "", reason: "malformed .npy header at character \(position): \(what)")
    }

    private mutating func readString() throws(DataIOError) -> String {
        skipSpace()
        guard let quote = peek(), quote == "'" || quote == "\"" else {
            throw malformed("expected a quoted string")
        }
        position += 1
        var scalars = String.UnicodeScalarView()
        while let c = peek(), c != quote {
            scalars.append(c)
            position += 1
        }
        guard peek() == quote else { throw malformed("unterminated string") }
        position += 1
        return String(scalars)
    }

    private mutating func readWord() -> String {
        var scalars = String.UnicodeScalarView()
        while let c = peek(),
            c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_" || c == "-"
        {
            scalars.append(c)
            position += 1
        }
        return String(scalars)
    }

    private mutating func readValue() throws(DataIOError) -> DictValue {
        skipSpace()
        switch peek() {
        case "'", "\"":
            return .string(try readString())
        case "(":
            position += 1
            var values: [Int] = []
            while true {
                skipSpace()
                if peek() == ")" {
                    position += 1
                    return .tuple(values)
                }
                var word = readWord()
                if word.hasSuffix("L") { word.removeLast() }  // Python 2 long literals
                guard let value = Int(word) else {
                    throw malformed("expected an integer in the shape")
                }
                values.append(value)
                skipSpace()
                if peek() == "," { position += 1 }
            }
        case "[":
            var depth = 0
            while let c = peek() {
                position += 1
                if c == "[" { depth += 1 }
                if c == "]" {
                    depth -= 1
                    if depth == 0 { return .list }
                }
            }
            throw malformed("unterminated list")
        default:
            switch readWord() {
            case "True": return .bool(true)
            case "False": return .bool(false)
            default: throw malformed("unexpected value")
            }
        }
    }
}
