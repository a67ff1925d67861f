/// Everything that can go wrong reading or writing data files.
///
/// Every case names the file (`path`), the item inside it (a dataset, attribute, archive entry or
/// CSV column; empty when the problem concerns the whole file) and what was wrong, so the message
/// alone tells a user where to look.
public enum DataIOError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file does not exist.
    case fileNotFound(path: String)
    /// The file exists but could not be opened, created or written (permissions, a directory, a full disk).
    case cannotAccess(path: String, reason: String)
    /// The file is not in the expected format, is truncated or is otherwise damaged.
    case corrupt(path: String, item: String, reason: String)
    /// A dataset, attribute, archive entry or column of that name does not exist.
    case missingItem(path: String, item: String)
    /// The item holds a different element type than the one asked for.
    case wrongType(path: String, item: String, expected: String, found: String)
    /// The item has a different number of dimensions or a different shape than the one needed.
    case wrongShape(path: String, item: String, expected: String, found: String)
    /// A requested row lies outside the item.
    case outOfRange(path: String, item: String, reason: String)
    /// A CSV record has a different number of fields than the header.
    case raggedRow(path: String, line: Int, expected: Int, found: Int)
    /// A CSV file's header (on `line`) lacks a column that is needed; `available` lists the columns it has.
    case missingColumn(path: String, column: String, line: Int, available: [String])
    /// A CSV field could not be read as the column's type.
    case invalidField(path: String, column: String, line: Int, value: String, expected: String)
    /// The file uses a feature this reader does not support (an exotic dtype, a structured array ...).
    case unsupported(path: String, item: String, reason: String)
    /// The file was written by a newer release in a format version this release cannot read.
    case unsupportedVersion(path: String, found: Int, newestSupported: Int)
    /// An argument passed by the caller is invalid (a shape that does not match the values, ...).
    case invalidArgument(path: String, item: String, reason: String)
    /// libhdf5 reported a failure; `message` is the most specific entry of its error stack.
    case hdf5(path: String, item: String, operation: String, message: String)
    /// Values that the data rules reject: NaN or infinity where the weight is positive, a negative weight, a
    /// weight that overflows single precision. `reason` names the row and column.
    case invalidData(path: String, item: String, reason: String)
    /// The file changed shape, was replaced or disappeared while it was being read.
    case changedDuringRead(path: String, reason: String)

    public var description: String {
        switch self {
        case .fileNotFound(let path):
            return "\(path): no such file"
        case .cannotAccess(let path, let reason):
            return "\(path): cannot access file: \(reason)"
        case .corrupt(let path, let item, let reason):
            return "\(Self.place(path, item)): file is corrupt or truncated: \(reason)"
        case .missingItem(let path, let item):
            return "\(path): no item named '\(item)'"
        case .wrongType(let path, let item, let expected, let found):
            return "\(Self.place(path, item)): expected element type \(expected), found \(found)"
        case .wrongShape(let path, let item, let expected, let found):
            return "\(Self.place(path, item)): expected shape \(expected), found \(found)"
        case .outOfRange(let path, let item, let reason):
            return "\(Self.place(path, item)): out of range: \(reason)"
        case .raggedRow(let path, let line, let expected, let found):
            return "\(path):\(line): record has \(found) fields but the header has \(expected)"
        case .missingColumn(let path, let column, let line, let available):
            return
                "\(path):\(line): the header has no column '\(column)' (it has: \(available.joined(separator: ", ")))"
        case .invalidField(let path, let column, let line, let value, let expected):
            return "\(path):\(line): column '\(column)': cannot read '\(value)' as \(expected)"
        case .unsupported(let path, let item, let reason):
            return "\(Self.place(path, item)): unsupported: \(reason)"
        case .unsupportedVersion(let path, let found, let newest):
            return
                "\(path): format version \(found) is newer than this release can read (newest supported: \(newest)); upgrade hmfbook to read it"
        case .invalidArgument(let path, let item, let reason):
            return "\(Self.place(path, item)): invalid argument: \(reason)"
        case .hdf5(let path, let item, let operation, let message):
            return "\(Self.place(path, item)): HDF5 \(operation) failed: \(message)"
        case .invalidData(let path, let item, let reason):
            return "\(Self.place(path, item)): invalid data: \(reason)"
        case .changedDuringRead(let path, let reason):
            return
                "\(path): the file changed while it was being read (\(reason)); rerun once it is complete"
        }
    }

    private static func place(_ path: String, _ item: String) -> String {
        item.isEmpty ? path : "\(path) [\(item)]"
    }
}
