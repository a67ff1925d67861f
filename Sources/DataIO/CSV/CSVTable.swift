import Foundation

/// The type of a CSV column.
public enum CSVColumnType: Sendable, Equatable, CustomStringConvertible {
    /// 64-bit integers, exact (Gaia source ids exceed 2^53, so they must never pass through Double).
    case int64
    /// Floating point (also accepts `nan`, `inf`).
    case double
    /// Text.
    case string

    public var description: String {
        switch self {
        case .int64: return "int64"
        case .double: return "double"
        case .string: return "string"
        }
    }
}

/// The values of one CSV column; nil marks a missing value (an empty, unquoted field).
public enum CSVColumn: Sendable, Equatable {
    case int64([Int64?])
    case double([Double?])
    case string([String?])

    /// The column's type.
    public var type: CSVColumnType {
        switch self {
        case .int64: return .int64
        case .double: return .double
        case .string: return .string
        }
    }

    /// Number of values.
    public var count: Int {
        switch self {
        case .int64(let v): return v.count
        case .double(let v): return v.count
        case .string(let v): return v.count
        }
    }

    /// The values at `rows`, in that order.
    func rows(_ rows: [Int]) -> CSVColumn {
        switch self {
        case .int64(let v): return .int64(rows.map { v[$0] })
        case .double(let v): return .double(rows.map { v[$0] })
        case .string(let v): return .string(rows.map { v[$0] })
        }
    }
}

/// A CSV file with a header row, read into typed columns.
///
/// Columns are typed as given in `types`, otherwise inferred: int64 when every present value is an
/// integer, double when every present value is a number, string otherwise.
public struct CSVTable: Sendable, Equatable {
    /// The file the table was read from.
    public let path: String
    /// Column names, in file order (or in the order selected).
    public private(set) var columnNames: [String]
    /// Columns, parallel to `columnNames`.
    public private(set) var columns: [CSVColumn]
    /// The line in the file where each row starts (for messages).
    public private(set) var lineNumbers: [Int]

    /// Number of data rows.
    public var rowCount: Int { lineNumbers.count }

    /// Reads the CSV file at `path`.
    /// - Parameters:
    ///   - columns: the columns to keep, in this order (nil keeps all).
    ///   - types: types for some columns; others are inferred.
    ///   - delimiter: the field separator (an ASCII character).
    /// - Throws: `.fileNotFound`, `.raggedRow`, `.invalidField` (a value not of its column's type),
    ///   `.missingItem` (a selected column that is absent), `.corrupt` (unclosed quotes, duplicate header names).
    public static func read(
        path: String, columns: [String]? = nil, types: [String: CSVColumnType] = [:],
        delimiter: Character = ","
    ) throws(DataIOError) -> CSVTable {
        let data = try FileAccess.read(path)
        return try CSVTable(
            bytes: [UInt8](data), source: path, columns: columns, types: types, delimiter: delimiter
        )
    }

    /// Parses CSV text; `source` names it in errors.
    public init(
        text: String, source: String = "<text>", columns: [String]? = nil,
        types: [String: CSVColumnType] = [:],
        delimiter: Character = ","
    ) throws(DataIOError) {
        try self.init(
            bytes: Array(text.utf8), source: source, columns: columns, types: types,
            delimiter: delimiter)
    }

    init(
        bytes: [UInt8], source: String, columns selection: [String]?,
        types: [String: CSVColumnType],
        delimiter: Character
    ) throws(DataIOError) {
        guard let delimiterByte = delimiter.asciiValue else {
            throw .invalidArgument(
                path: source, item: "",
                reason: "the delimiter must be an ASCII character, got '\(delimiter)'")
        }
        let records = try CSVParser(bytes: bytes, delimiter: delimiterByte, path: source).records()
        guard let header = records.first else {
            throw .corrupt(path: source, item: "", reason: "empty file: no header row")
        }
        let names = header.fields.map { $0 ?? "" }
        var seen: [String: Int] = [:]
        for (k, name) in names.enumerated() {
            if let first = seen[name] {
                throw .corrupt(
                    path: source, item: "header",
                    reason:
                        "column name '\(name)' appears twice (columns \(first + 1) and \(k + 1))")
            }
            seen[name] = k
        }
        let chosen = selection ?? names
        var indices: [Int] = []
        for name in chosen {
            guard let k = seen[name] else { throw .missingItem(path: source, item: name) }
            indices.append(k)
        }
        let rows = records.dropFirst()
        for record in rows where record.fields.count != names.count {
            throw .raggedRow(
                path: source, line: record.line, expected: names.count, found: record.fields.count)
        }
        path = source
        columnNames = chosen
        lineNumbers = rows.map(\.line)
        columns = []
        for (name, k) in zip(chosen, indices) {
            let raw = rows.map { $0.fields[k] }
            columns.append(
                try Self.typed(raw, name: name, type: types[name], lines: lineNumbers, path: source)
            )
        }
    }

    /// The column called `name`.
    public func column(_ name: String) throws(DataIOError) -> CSVColumn {
        guard let k = columnNames.firstIndex(of: name) else {
            throw .missingItem(path: path, item: name)
        }
        return columns[k]
    }

    /// An int64 column's values.
    public func int64s(_ name: String) throws(DataIOError) -> [Int64?] {
        let column = try column(name)
        guard case .int64(let values) = column else {
            throw .wrongType(
                path: path, item: name, expected: "int64", found: column.type.description)
        }
        return values
    }

    /// A numeric column's values as Double (int64 columns converted).
    public func doubles(_ name: String) throws(DataIOError) -> [Double?] {
        switch try column(name) {
        case .double(let values): return values
        case .int64(let values): return values.map { $0.map(Double.init) }
        case .string:
            throw .wrongType(path: path, item: name, expected: "a numeric column", found: "string")
        }
    }

    /// A string column's values.
    public func strings(_ name: String) throws(DataIOError) -> [String?] {
        let column = try column(name)
        guard case .string(let values) = column else {
            throw .wrongType(
                path: path, item: name, expected: "string", found: column.type.description)
        }
        return values
    }

    /// The rows at `indices`, in that order (indices must be valid rows).
    public func rows(at indices: [Int]) throws(DataIOError) -> CSVTable {
        if let bad = indices.first(where: { $0 < 0 || $0 >= rowCount }) {
            throw .outOfRange(
                path: path, item: "",
                reason: "row \(bad) requested but the table has \(rowCount) rows")
        }
        var table = self
        table.columns = columns.map { $0.rows(indices) }
        table.lineNumbers = indices.map { lineNumbers[$0] }
        return table
    }

    // MARK: Typing

    private static func typed(
        _ raw: [String?], name: String, type: CSVColumnType?, lines: [Int],
        path: String
    ) throws(DataIOError) -> CSVColumn {
        let resolved = type ?? infer(raw)
        switch resolved {
        case .string:
            return .string(raw)
        case .int64:
            var values: [Int64?] = []
            values.reserveCapacity(raw.count)
            for (k, field) in raw.enumerated() {
                guard let text = present(field) else {
                    values.append(nil)
                    continue
                }
                guard let value = Int64(text) else {
                    throw .invalidField(
                        path: path, column: name, line: lines[k], value: field ?? "",
                        expected: "a 64-bit integer")
                }
                values.append(value)
            }
            return .int64(values)
        case .double:
            var values: [Double?] = []
            values.reserveCapacity(raw.count)
            for (k, field) in raw.enumerated() {
                guard let text = present(field) else {
                    values.append(nil)
                    continue
                }
                guard let value = Double(text) else {
                    throw .invalidField(
                        path: path, column: name, line: lines[k], value: field ?? "",
                        expected: "a number")
                }
                values.append(value)
            }
            return .double(values)
        }
    }

    /// A field's text without surrounding spaces, or nil when missing or blank.
    private static func present(_ field: String?) -> Substring? {
        guard let field else { return nil }
        var text = Substring(field)
        while let c = text.first, c == " " || c == "\t" { text.removeFirst() }
        while let c = text.last, c == " " || c == "\t" { text.removeLast() }
        return text.isEmpty ? nil : text
    }

    private static func infer(_ raw: [String?]) -> CSVColumnType {
        var allIntegers = true
        for field in raw {
            guard let text = present(field) else { continue }
            if allIntegers && Int64(text) != nil { continue }
            allIntegers = false
            if Double(text) == nil { return .string }
        }
        return allIntegers ? .int64 : .double
    }
}
