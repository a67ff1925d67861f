import Foundation
public import RHMF

/// Rows of an HDF5 file as a row source: datasets `Y` and `W` (or `ivar`), or Gaia-style `flux` and
/// `flux_error` (see `WeightRule.standardErrors`). Optionally only some rows (a Gaia bin: read sorted,
/// returned in the caller's order) and some columns (the 40 clipped pixels at each end).
///
/// Only the rows asked for are read, block by block, in the file's precision unless told otherwise, so a bin
/// of a survey file is fitted without copying it and a set larger than memory is fitted from disk. Reads are
/// serialised (libhdf5 is not thread-safe); each read checks that the file is still the one opened, with the
/// same shape.
public struct HDF5RowSource: RowSource {
    /// The file.
    public let path: String
    /// The dataset holding Y (`Y` or `flux`).
    public let valuesName: String
    /// The dataset holding W or the errors (`W`, `ivar` or `flux_error`).
    public let weightsName: String
    /// How stored values become Y and W.
    package let rule: WeightRule
    /// The selected file rows, in the order they are delivered (nil: every row in file order).
    public let rows: [Int]?
    /// The selected columns.
    public let columns: Range<Int>
    public let precision: Precision
    private let reader: Reader

    /// Opens `path`, finding `Y`/`W` (or `ivar`) or `flux`/`flux_error`.
    /// - Parameters:
    ///   - rows: file rows to deliver, in this order (nil: all rows).
    ///   - columns: columns to keep (nil: all).
    ///   - precision: precision of the delivered values (nil: the file's; float32 files stay single).
    /// - Throws: `DataIOError` naming the file and the dataset that is missing, of the wrong shape or type.
    public init(
        path: String, rows: [Int]? = nil, columns: Range<Int>? = nil, precision: Precision? = nil
    ) throws(DataIOError) {
        let file = try HDF5File(path: path)
        let names: (String, String, WeightRule)
        if file.contains("Y") {
            guard let w = ["W", "ivar"].first(where: file.contains) else {
                throw .missingItem(path: path, item: "W (or ivar)")
            }
            names = ("Y", w, .weights)
        } else if file.contains("flux"), file.contains("flux_error") {
            names = ("flux", "flux_error", .standardErrors)
        } else {
            throw .missingItem(path: path, item: "Y and W, or flux and flux_error")
        }
        let values = try file.dataset(names.0)
        let weights = try file.dataset(names.1)
        guard values.shape.count == 2 else {
            throw .wrongShape(
                path: path, item: names.0, expected: "N x M", found: "\(values.shape)")
        }
        guard weights.shape == values.shape else {
            throw .wrongShape(
                path: path, item: names.1, expected: "\(values.shape) like \(names.0)",
                found: "\(weights.shape)")
        }
        let all = 0..<values.shape[1]
        let cols = columns ?? all
        guard cols.lowerBound >= 0, cols.upperBound <= all.upperBound, !cols.isEmpty else {
            throw .outOfRange(
                path: path, item: names.0,
                reason: "columns \(cols) requested but rows have \(all.count) values")
        }
        if let rows, let bad = rows.first(where: { $0 < 0 || $0 >= values.shape[0] }) {
            throw .outOfRange(
                path: path, item: names.0,
                reason: "row \(bad) requested but the file has \(values.shape[0]) rows")
        }
        let stored: Precision =
            (values.type == .float(bits: 32) && weights.type == .float(bits: 32))
            ? .single : .double
        self.path = path
        valuesName = names.0
        weightsName = names.1
        rule = names.2
        self.rows = rows
        self.columns = cols
        self.precision = precision ?? stored
        reader = try Reader(file: file, values: values, weights: weights)
    }

    /// The same file with only `rows` (indices into this source's rows) selected.
    public func selecting(_ selection: [Int]) throws(DataIOError) -> HDF5RowSource {
        let fileRows = try selection.map { (i) throws(DataIOError) -> Int in
            guard i >= 0, i < rowCount else {
                throw .outOfRange(
                    path: path, item: valuesName,
                    reason: "row \(i) requested but the source has \(rowCount) rows")
            }
            return rows?[i] ?? i
        }
        return try HDF5RowSource(path: path, rows: fileRows, columns: columns, precision: precision)
    }

    public var rowCount: Int { rows?.count ?? reader.fileRows }
    public var columnCount: Int { columns.count }
    public var sourceDescription: String {
        (rows.map { "\($0.count) selected rows of " } ?? "")
            + "\(path) [\(valuesName), \(weightsName)]"
    }

    public func withRows<R>(
        _ range: Range<Int>, scratch: inout RowScratch,
        _ body: (RowBlock) throws(RHMFError) -> R
    ) throws(RHMFError) -> R {
        let wanted = rows.map { Array($0[range]) } ?? Array(range)
        let n = wanted.count
        let m = columnCount
        do {
            switch precision {
            case .single:
                scratch.reserveSingle(n * m)
                try reader.read(
                    wanted, columns: columns, rule: rule, y: &scratch.singleY, w: &scratch.singleW,
                    path: path,
                    items: (valuesName, weightsName))
            case .double:
                scratch.reserveDouble(n * m)
                try reader.read(
                    wanted, columns: columns, rule: rule, y: &scratch.doubleY, w: &scratch.doubleW,
                    path: path,
                    items: (valuesName, weightsName))
            }
        } catch {
            throw .unreadable("cannot read \(Self.describe(fileRows: wanted)) of \(path): \(error)")
        }
        return try scratch.withBlock(rows: n, columns: m, precision, body)
    }

    /// "file rows 100 ..< 164", or the first few of a scattered selection.
    static func describe(fileRows rows: [Int]) -> String {
        guard let first = rows.first, let last = rows.last else { return "no rows" }
        if rows.count == last - first + 1, zip(rows, rows.dropFirst()).allSatisfy({ $1 == $0 + 1 })
        {
            return "file rows \(first) ..< \(last + 1)"
        }
        let shown = rows.prefix(5).map(String.init).joined(separator: ", ")
        return "\(rows.count) file rows (\(shown)\(rows.count > 5 ? ", ..." : ""))"
    }

    /// The open file, shared by copies of the source; reads are serialised by a lock.
    private final class Reader: @unchecked Sendable {
        let file: HDF5File
        let values: HDF5Dataset
        let weights: HDF5Dataset
        let fileRows: Int
        private let identity: FileIdentity?
        private let lock = NSLock()

        init(file: HDF5File, values: HDF5Dataset, weights: HDF5Dataset) throws(DataIOError) {
            self.file = file
            self.values = values
            self.weights = weights
            fileRows = values.shape[0]
            identity = FileIdentity(file.path)
        }

        /// Reads file rows `wanted` (any order) into `y` and `w` (at least wanted.count x columns.count values),
        /// applying the weight rule.
        func read<T: DataScalar & HDF5Element>(
            _ wanted: [Int], columns: Range<Int>, rule: WeightRule, y: inout [T], w: inout [T],
            path: String, items: (String, String)
        ) throws(DataIOError) {
            lock.lock()
            defer { lock.unlock() }
            if let identity, FileIdentity(path) != identity {
                throw .changedDuringRead(
                    path: path, reason: "it was replaced, truncated or removed after it was opened")
            }
            let n = wanted.count
            let m = columns.count
            let sorted = zip(wanted, 1...).allSatisfy {
                $0.1 == wanted.count || wanted[$0.1] > $0.0
            }
            let order = sorted ? wanted : Array(Set(wanted)).sorted()
            var ys = sorted ? [] : [T](repeating: 0, count: order.count * m)
            var ws = ys
            try y.withUnsafeMutableBufferPointer { (yp) throws(DataIOError) in
                try w.withUnsafeMutableBufferPointer { (wp) throws(DataIOError) in
                    if sorted {
                        try values.readRows(
                            sorted: order, columns: columns,
                            into: UnsafeMutableBufferPointer(rebasing: yp[0..<(n * m)]))
                        try weights.readRows(
                            sorted: order, columns: columns,
                            into: UnsafeMutableBufferPointer(rebasing: wp[0..<(n * m)]))
                    } else {
                        try ys.withUnsafeMutableBufferPointer { (t) throws(DataIOError) in
                            try values.readRows(sorted: order, columns: columns, into: t)
                        }
                        try ws.withUnsafeMutableBufferPointer { (t) throws(DataIOError) in
                            try weights.readRows(sorted: order, columns: columns, into: t)
                        }
                        var position: [Int: Int] = [:]
                        for (k, r) in order.enumerated() { position[r] = k }
                        for (i, r) in wanted.enumerated() {
                            let k = position[r] ?? 0  // invariant: every wanted row is in `order`
                            for j in 0..<m {
                                yp[i * m + j] = ys[k * m + j]
                                wp[i * m + j] = ws[k * m + j]
                            }
                        }
                    }
                    try rule.apply(
                        // invariant: reserved
                        y: yp.baseAddress!, second: wp.baseAddress!, rows: n, columns: m,
                        rowOf: { wanted[$0] }, columnOffset: columns.lowerBound, path: path,
                        item: items.0)
                }
            }
        }
    }
}

/// Device, inode, size and modification time of a file: what changes when it is replaced or rewritten.
struct FileIdentity: Equatable {
    let device: UInt64, inode: UInt64, size: Int64, modified: Int
    init?(_ path: String) {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        device = UInt64(st.st_dev)
        inode = UInt64(st.st_ino)
        size = Int64(st.st_size)
        modified = Int(st.st_mtim.tv_sec) &* 1_000_000_000 &+ Int(st.st_mtim.tv_nsec)
    }
}
