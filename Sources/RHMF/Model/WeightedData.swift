/// Data Y (N x M) with inverse-variance weights W (N x M), validated once.
///
/// W = 1 / sigma^2; W = 0 marks missing entries, whose Y values are ignored (stored as 0, so a NaN there is fine).
/// A row or column whose weights are all zero is allowed: its coefficients (or basis row) come out zero.
public struct WeightedData: Sendable {
    /// The data, with missing entries set to 0.
    public let Y: Matrix
    /// The weights, all finite and non-negative.
    public let W: Matrix

    /// Number of rows (objects).
    public var N: Int { Y.rows }
    /// Number of columns (pixels).
    public var M: Int { Y.cols }

    /// Validates and stores the data.
    /// - Throws: `shapeMismatch` when Y and W differ in shape; `emptyData` for zero rows/columns or no positive
    ///   weight; `invalidWeight` for a negative, NaN or infinite weight; `nonFinite` for NaN/Inf in Y where W > 0.
    ///   Each message names the first offending entry.
    public init(Y: Matrix, W: Matrix) throws(RHMFError) {
        guard Y.rows == W.rows, Y.cols == W.cols else {
            throw .shapeMismatch("Y is \(Y.rows) x \(Y.cols) but W is \(W.rows) x \(W.cols)")
        }
        guard Y.rows > 0, Y.cols > 0 else { throw .emptyData("Y is \(Y.rows) x \(Y.cols); need at least one row and one column") }
        var y = Y
        let m = Y.cols
        var anyWeight = false
        for idx in 0..<W.storage.count {
            let w = W.storage[idx]
            guard w.isFinite, w >= 0 else {
                throw .invalidWeight("W[\(idx / m), \(idx % m)] = \(w); weights must be finite and >= 0 (use 0 for missing data)")
            }
            if w > 0 {
                anyWeight = true
                guard y.storage[idx].isFinite else {
                    throw .nonFinite("Y[\(idx / m), \(idx % m)] = \(y.storage[idx]) where W > 0; set its weight to 0 to mark it missing")
                }
            } else {
                y.storage[idx] = 0
            }
        }
        guard anyWeight else { throw .emptyData("every weight is zero; nothing to fit") }
        self.Y = y
        self.W = W
    }

    /// Validates data given with inverse variances (an alias of `init(Y:W:)`).
    public init(Y: Matrix, ivar: Matrix) throws(RHMFError) {
        try self.init(Y: Y, W: ivar)
    }

    /// The rows `range` as a new data set (shares validation).
    public func rows(_ range: Range<Int>) -> WeightedData {
        WeightedData(validatedY: Y.rows(range), W: W.rows(range))
    }

    /// The rows at `indices`, in that order.
    public func rows(at indices: [Int]) -> WeightedData {
        WeightedData(validatedY: Y.rows(at: indices), W: W.rows(at: indices))
    }

    /// Rows whose weights are all zero.
    public var emptyRows: [Int] {
        (0..<N).filter { i in (0..<M).allSatisfy { W[i, $0] == 0 } }
    }

    private init(validatedY: Matrix, W: Matrix) {
        self.Y = validatedY
        self.W = W
    }
}
