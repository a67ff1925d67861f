import HMFCore

/// Rows of data Y with weights W that the engine reads block by block: an in-memory `WeightedData`, the rows
/// of an HDF5 file, a subset of another source's rows (a Gaia bin), or one MPI rank's share.
///
/// Fits and inference touch a source only through `withRows`, one block at a time, so memory beyond the
/// source itself is a few blocks. Every value a source hands out is validated: weights finite and >= 0, and
/// Y finite wherever W > 0 (W = 0 marks missing data, whose Y is 0).
public protocol RowSource: Sendable {
    /// Number of rows N (objects).
    var rowCount: Int { get }
    /// Number of columns M (pixels).
    var columnCount: Int { get }
    /// How the values are stored.
    var precision: Precision { get }
    /// What the rows are, for messages ("rows 0..<4000 of train.npz").
    var sourceDescription: String { get }
    /// Calls `body` with rows `range` of Y and W. `scratch` is the caller's reusable buffer (one per thread),
    /// which sources that read from files fill; in-memory sources hand out their own storage.
    /// - Throws: `RHMFError` when the rows cannot be read or hold invalid values (naming row and column).
    func withRows<R>(
        _ range: Range<Int>, scratch: inout RowScratch,
        _ body: (RowBlock) throws(RHMFError) -> R
    ) throws(RHMFError) -> R
}

/// A block of consecutive rows, `rows x columns` values of Y and of W in row-major order.
public struct RowBlock {
    /// The values, in the source's precision.
    public enum Values {
        case single(y: UnsafePointer<Float>, w: UnsafePointer<Float>)
        case double(y: UnsafePointer<Double>, w: UnsafePointer<Double>)
    }
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// The values.
    public let values: Values

    public init(rows: Int, columns: Int, values: Values) {
        self.rows = rows
        self.columns = columns
        self.values = values
    }
}

/// Reusable buffers for sources that copy rows (files, scattered subsets). Owned by one thread at a time.
public struct RowScratch {
    public var singleY: [Float] = []
    public var singleW: [Float] = []
    public var doubleY: [Double] = []
    public var doubleW: [Double] = []

    public init() {}

    /// Makes the single-precision buffers hold at least `count` values each.
    public mutating func reserveSingle(_ count: Int) {
        if singleY.count < count {
            singleY = [Float](repeating: 0, count: count)
            singleW = [Float](repeating: 0, count: count)
        }
    }

    /// Makes the buffers of `precision` hold at least `count` values each.
    public mutating func reserve(_ count: Int, _ precision: Precision) {
        if precision == .single { reserveSingle(count) } else { reserveDouble(count) }
    }

    /// Copies the values of `block` into the buffers, starting at value `offset` (buffers already reserved).
    public mutating func copy(_ block: RowBlock, at offset: Int) {
        let count = block.rows * block.columns
        switch block.values {
        case .single(let y, let w):
            singleY.withUnsafeMutableBufferPointer {
                $0.baseAddress!.advanced(by: offset).update(from: y, count: count)
            }  // invariant: reserved
            singleW.withUnsafeMutableBufferPointer {
                $0.baseAddress!.advanced(by: offset).update(from: w, count: count)
            }  // invariant: reserved
        case .double(let y, let w):
            doubleY.withUnsafeMutableBufferPointer {
                $0.baseAddress!.advanced(by: offset).update(from: y, count: count)
            }  // invariant: reserved
            doubleW.withUnsafeMutableBufferPointer {
                $0.baseAddress!.advanced(by: offset).update(from: w, count: count)
            }  // invariant: reserved
        }
    }

    /// Calls `body` with the first `rows x columns` values of the buffers of `precision` as a block.
    public func withBlock<R>(
        rows: Int, columns: Int, _ precision: Precision,
        _ body: (RowBlock) throws(RHMFError) -> R
    ) throws(RHMFError) -> R {
        switch precision {
        case .single:
            return try singleY.withUnsafeBufferPointer { (y) throws(RHMFError) -> R in
                try singleW.withUnsafeBufferPointer { (w) throws(RHMFError) -> R in
                    try body(
                        RowBlock(
                            rows: rows, columns: columns,
                            // invariant: reserved
                            values: .single(y: y.baseAddress!, w: w.baseAddress!)))
                }
            }
        case .double:
            return try doubleY.withUnsafeBufferPointer { (y) throws(RHMFError) -> R in
                try doubleW.withUnsafeBufferPointer { (w) throws(RHMFError) -> R in
                    try body(
                        RowBlock(
                            rows: rows, columns: columns,
                            // invariant: reserved
                            values: .double(y: y.baseAddress!, w: w.baseAddress!)))
                }
            }
        }
    }

    /// Makes the double-precision buffers hold at least `count` values each.
    public mutating func reserveDouble(_ count: Int) {
        if doubleY.count < count {
            doubleY = [Double](repeating: 0, count: count)
            doubleW = [Double](repeating: 0, count: count)
        }
    }
}

extension RowSource {
    /// Number of values of Y (N x M).
    public var entryCount: Int { rowCount * columnCount }

    /// Rows `range` as validated in-memory data, in the source's precision. When the source reads into the
    /// scratch buffer (a file), the buffer becomes the data's storage: nothing is copied twice.
    public func load(_ range: Range<Int>) throws(RHMFError) -> WeightedData {
        guard range.lowerBound >= 0, range.upperBound <= rowCount else {
            throw .shapeMismatch(
                "rows \(range) are outside the \(rowCount) rows of \(sourceDescription)")
        }
        var scratch = RowScratch()
        let m = columnCount
        let n = range.count
        let description = "rows \(range) of \(sourceDescription)"
        // First see where the block's values live: in the scratch buffer (a file) or in the source (memory).
        var address: UInt = 0
        try withRows(range, scratch: &scratch) { (block) throws(RHMFError) in
            switch block.values {
            case .single(let y, _): address = UInt(bitPattern: y)
            case .double(let y, _): address = UInt(bitPattern: y)
            }
        }
        let inScratch =
            precision == .single
            ? scratch.singleY.count == n * m
                && scratch.singleY.withUnsafeBufferPointer {
                    UInt(bitPattern: $0.baseAddress) == address
                }
            : scratch.doubleY.count == n * m
                && scratch.doubleY.withUnsafeBufferPointer {
                    UInt(bitPattern: $0.baseAddress) == address
                }
        guard inScratch else {
            return try withRows(range, scratch: &scratch) {
                (block) throws(RHMFError) -> WeightedData in
                switch block.values {
                case .single(let y, let w):
                    return WeightedData(
                        validated: .single(
                            FloatMatrix(unsafeRows: n, cols: m, copying: y),
                            FloatMatrix(unsafeRows: n, cols: m, copying: w)),
                        description: description)
                case .double(let y, let w):
                    return WeightedData(
                        validated: .double(
                            Matrix(unsafeRows: n, cols: m, copying: y),
                            Matrix(unsafeRows: n, cols: m, copying: w)), description: description)
                }
            }
        }
        let storage: WeightedData.Storage
        switch precision {
        case .single:
            storage = .single(
                try FloatMatrix(rows: n, cols: m, checked: scratch.singleY),
                try FloatMatrix(rows: n, cols: m, checked: scratch.singleW))
        case .double:
            storage = .double(
                try Matrix(rows: n, cols: m, checked: scratch.doubleY),
                try Matrix(rows: n, cols: m, checked: scratch.doubleW))
        }
        return WeightedData(validated: storage, description: description)
    }

    /// Every row as validated in-memory data.
    public func loadAll() throws(RHMFError) -> WeightedData { try load(0..<rowCount) }
}

extension DenseMatrix {
    /// A matrix copying `rows * cols` elements from `pointer`.
    init(unsafeRows rows: Int, cols: Int, copying pointer: UnsafePointer<Element>) {
        self.init(
            rows: rows, cols: cols, copying: UnsafeBufferPointer(start: pointer, count: rows * cols)
        )
    }
}
