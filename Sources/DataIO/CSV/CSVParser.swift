// Why a small parser instead of a package: the two maintained Swift CSV packages available here
// do not fit. SwiftCSV 0.10.0 pads short records with empty strings (and drops extra fields)
// instead of reporting them, so a ragged file would silently turn into missing values, and it
// hands back only Strings without line numbers. yaslab/CSV.swift 2.5.2 parses correctly but
// reports neither the line of a malformed record nor whether an empty field was quoted, which we
// need to tell "missing" (`,,`) from an explicit empty string (`,"",`). RFC 4180 is small enough
// that ~120 lines over UTF-8 bytes give exact line numbers for every error and avoid a dependency.

/// One CSV record: its fields and the (1-based) line it starts on.
/// A field is nil when it was empty and unquoted (a missing value); `""` when it was quoted and empty.
struct CSVRecord {
    var fields: [String?]
    var line: Int
}

/// RFC 4180 tokenizer: fields separated by a delimiter, records by LF or CRLF, double quotes around
/// fields containing delimiters, quotes or line breaks (`""` inside quotes is one quote).
/// Blank lines are skipped; a UTF-8 byte order mark at the start is ignored.
struct CSVParser {
    let bytes: [UInt8]
    let delimiter: UInt8
    let path: String

    private static let quote = UInt8(ascii: "\"")
    private static let newline = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    /// Every record of the input.
    func records() throws(DataIOError) -> [CSVRecord] {
        var records: [CSVRecord] = []
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var line = 1
        var fields: [String?] = []
        var recordLine = 1
        var field: [UInt8] = []
        var quoted = false
        var atFieldStart = true

        func endField() {
            fields.append(field.isEmpty && !quoted ? nil : String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            quoted = false
            atFieldStart = true
        }
        func endRecord() {
            endField()
            // A line holding nothing at all is blank, not a record with one missing field.
            if !(fields.count == 1 && fields[0] == nil) {
                records.append(CSVRecord(fields: fields, line: recordLine))
            }
            fields.removeAll(keepingCapacity: true)
        }

        while index < bytes.count {
            let byte = bytes[index]
            if atFieldStart && byte == Self.quote {
                // Quoted field: read to the closing quote.
                quoted = true
                atFieldStart = false
                let openLine = line
                index += 1
                var closed = false
                while index < bytes.count {
                    let b = bytes[index]
                    if b == Self.quote {
                        if index + 1 < bytes.count && bytes[index + 1] == Self.quote {
                            field.append(Self.quote)
                            index += 2
                            continue
                        }
                        closed = true
                        index += 1
                        break
                    }
                    if b == Self.newline { line += 1 }
                    field.append(b)
                    index += 1
                }
                guard closed else {
                    throw .corrupt(
                        path: path, item: "line \(openLine)",
                        reason: "quoted field opened on line \(openLine) is never closed")
                }
                // Only a delimiter or the end of the record may follow a closing quote.
                if index < bytes.count, bytes[index] != delimiter, bytes[index] != Self.newline,
                    bytes[index] != Self.carriageReturn
                {
                    throw .corrupt(
                        path: path, item: "line \(line)",
                        reason: "unexpected character after a closing quote")
                }
                continue
            }
            atFieldStart = false
            switch byte {
            case delimiter:
                endField()
            case Self.carriageReturn
            where index + 1 < bytes.count && bytes[index + 1] == Self.newline:
                break  // CRLF: the LF ends the record
            case Self.newline, Self.carriageReturn:
                endRecord()
                line += 1
                recordLine = line
            default:
                field.append(byte)
            }
            index += 1
        }
        if !fields.isEmpty || !field.isEmpty || quoted { endRecord() }
        return records
    }
}
