public import HMFCore

/// Data Y (N x M) with inverse-variance weights W (N x M), in memory and validated once.
///
/// W = 1 / sigma^2; W = 0 marks missing entries, whose Y values are ignored (stored as 0, so a NaN there is
/// fine). A row or column whose weights are all zero is allowed: its coefficients (or basis row) come out zero.
/// The values are held in double or single precision (`precision`); a single-precision set is never widened
/// unless asked (`Y`, `W` and `converted(to:)` make double copies).
public struct WeightedData: RowSource {
    enum Storage: Sendable {
        case double(Matrix, Matrix)
        case single(FloatMatrix, FloatMatrix)
    }

    let storage: Storage
    /// What the data are, for messages.
    public let sourceDescription: String

    /// Validates and stores double-precision data.
    /// - Throws: `shapeMismatch` when Y and W differ in shape; `emptyData` for zero rows or columns or no positive
    ///   weight; `invalidWeight` for a negative, NaN or infinite weight; `nonFinite` for NaN/Inf in Y where W > 0.
    ///   Each message names the first offending entry.
    public init(Y: Matrix, W: Matrix, description: String = "the data") throws(RHMFError) {
        var y = Y
        try Self.validate(&y, W, description)
        self.init(validated: .double(y, W), description: description)
    }

    /// Validates and stores single-precision data (the same rules as the double-precision initialiser).
    public init(Y: FloatMatrix, W: FloatMatrix, description: String = "the data") throws(RHMFError)
    {
        var y = Y
        try Self.validate(&y, W, description)
        self.init(validated: .single(y, W), description: description)
    }

    /// Validates data given with inverse variances (the same as `init(Y:W:)`).
    public init(Y: Matrix, ivar: Matrix, description: String = "the data") throws(RHMFError) {
        try self.init(Y: Y, W: ivar, description: description)
    }

    init(validated storage: Storage, description: String) {
        self.storage = storage
        sourceDescription = description
    }

    private static func validate<T: DataScalar>(
        _ y: inout DenseMatrix<T>, _ w: DenseMatrix<T>,
        _ description: String
    ) throws(RHMFError) {
        guard y.hasShape(of: w) else {
            throw .shapeMismatch(
                "\(description): Y is \(y.rows) x \(y.cols) but W is \(w.rows) x \(w.cols)")
        }
        guard y.rows > 0, y.cols > 0 else {
            throw .emptyData(
                "\(description): Y is \(y.rows) x \(y.cols); need at least one row and one column")
        }
        let m = y.cols
        var anyWeight = false
        var problem: RHMFError?
        var missingWithValue = false
        // Read-only first: data whose missing entries already hold 0 are not copied.
        w.withUnsafeBufferPointer { wp in
            y.withUnsafeBufferPointer { yp in
                for k in 0..<wp.count {
                    let wk = wp[k]
                    if wk > 0 {
                        guard wk.isFinite else {
                            problem = .invalidWeight(
                                "\(description): W[\(k / m), \(k % m)] = \(wk); weights must be finite and >= 0 (use 0 for missing data)"
                            )
                            return
                        }
                        anyWeight = true
                        guard yp[k].isFinite else {
                            problem = .nonFinite(
                                "\(description): Y[\(k / m), \(k % m)] = \(yp[k]) where W > 0; set its weight to 0 to mark it missing"
                            )
                            return
                        }
                    } else if wk == 0 {
                        if yp[k] != 0 { missingWithValue = true }
                    } else {
                        problem = .invalidWeight(
                            "\(description): W[\(k / m), \(k % m)] = \(wk); weights must be finite and >= 0 (use 0 for missing data)"
                        )
                        return
                    }
                }
            }
        }
        if problem == nil, missingWithValue {
            w.withUnsafeBufferPointer { wp in
                y.withUnsafeMutableBufferPointer { yp in
                    for k in 0..<wp.count where wp[k] == 0 { yp[k] = 0 }
                }
            }
        }
        if let problem { throw problem }
        guard anyWeight else {
            throw .emptyData("\(description): every weight is zero; nothing to fit")
        }
    }

    /// Number of rows (objects).
    public var N: Int { rowCount }
    /// Number of columns (pixels).
    public var M: Int { columnCount }

    public var rowCount: Int {
        switch storage {
        case .double(let y, _): y.rows
        case .single(let y, _): y.rows
        }
    }

    public var columnCount: Int {
        switch storage {
        case .double(let y, _): y.cols
        case .single(let y, _): y.cols
        }
    }

    public var precision: Precision {
        switch storage {
        case .double: .double
        case .single: .single
        }
    }

    /// Bytes held by Y and W.
    public var bytes: Int { 2 * entryCount * precision.bytes }

    /// The data values (0 where missing); a widened copy for single-precision data.
    public var Y: Matrix {
        switch storage {
        case .double(let y, _): y
        case .single(let y, _): Matrix(y)
        }
    }

    /// The weights; a widened copy for single-precision data.
    public var W: Matrix {
        switch storage {
        case .double(_, let w): w
        case .single(_, let w): Matrix(w)
        }
    }

    /// Y at row `i`, column `j`.
    public func y(_ i: Int, _ j: Int) -> Double {
        switch storage {
        case .double(let y, _): y[i, j]
        case .single(let y, _): Double(y[i, j])
        }
    }

    /// W at row `i`, column `j`.
    public func w(_ i: Int, _ j: Int) -> Double {
        switch storage {
        case .double(_, let w): w[i, j]
        case .single(_, let w): Double(w[i, j])
        }
    }

    /// Row `i` of Y with missing entries (W = 0) as NaN, so that plots leave gaps there.
    public func observedRow(_ i: Int) -> [Double] {
        (0..<M).map { j in w(i, j) > 0 ? y(i, j) : .nan }
    }

    /// Whether entry `(i, j)` is missing (W = 0).
    public func isMissing(_ i: Int, _ j: Int) -> Bool { w(i, j) == 0 }

    /// The rows `range` as a new data set (no revalidation).
    public func rows(_ range: Range<Int>) -> WeightedData {
        let d = "rows \(range) of \(sourceDescription)"
        switch storage {
        case .double(let y, let w):
            return WeightedData(validated: .double(y.rows(range), w.rows(range)), description: d)
        case .single(let y, let w):
            return WeightedData(validated: .single(y.rows(range), w.rows(range)), description: d)
        }
    }

    /// The rows at `indices`, in that order, as a new data set.
    public func rows(at indices: [Int]) -> WeightedData {
        let d = "\(indices.count) selected rows of \(sourceDescription)"
        switch storage {
        case .double(let y, let w):
            return WeightedData(
                validated: .double(y.rows(at: indices), w.rows(at: indices)), description: d)
        case .single(let y, let w):
            return WeightedData(
                validated: .single(y.rows(at: indices), w.rows(at: indices)), description: d)
        }
    }

    /// The same data in `precision` (a copy when it differs; rounding to single may lose digits).
    /// - Throws: `nonFinite` or `invalidWeight` when a value overflows single precision.
    public func converted(to precision: Precision) throws(RHMFError) -> WeightedData {
        switch (storage, precision) {
        case (.double, .double), (.single, .single): return self
        case (.single(let y, let w), .double):
            return WeightedData(
                validated: .double(Matrix(y), Matrix(w)), description: sourceDescription)
        case (.double(let y, let w), .single):
            return try WeightedData(
                Y: FloatMatrix(y), W: FloatMatrix(w), description: sourceDescription)
        }
    }

    /// Rows whose weights are all zero.
    public var emptyRows: [Int] {
        (0..<N).filter { i in (0..<M).allSatisfy { w(i, $0) == 0 } }
    }

    public func withRows<R>(
        _ range: Range<Int>, scratch: inout RowScratch,
        _ body: (RowBlock) throws(RHMFError) -> R
    ) throws(RHMFError) -> R {
        precondition(
            !range.isEmpty && range.lowerBound >= 0 && range.upperBound <= N,
            "row block out of range")  // invariant
        let m = M
        switch storage {
        case .double(let y, let w):
            return try y.withRowBlock(range.lowerBound, range.count) {
                (yp) throws(RHMFError) -> R in
                try w.withRowBlock(range.lowerBound, range.count) { (wp) throws(RHMFError) -> R in
                    try body(
                        RowBlock(
                            rows: range.count, columns: m,
                            values: .double(
                                y: yp.baseAddress!,  // invariant: non-empty
                                w: wp.baseAddress!)))
                }
            }
        case .single(let y, let w):
            return try y.withRowBlock(range.lowerBound, range.count) {
                (yp) throws(RHMFError) -> R in
                try w.withRowBlock(range.lowerBound, range.count) { (wp) throws(RHMFError) -> R in
                    try body(
                        RowBlock(
                            rows: range.count, columns: m,
                            values: .single(
                                y: yp.baseAddress!,  // invariant: non-empty
                                w: wp.baseAddress!)))
                }
            }
        }
    }
}
