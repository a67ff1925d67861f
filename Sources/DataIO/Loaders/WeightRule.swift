import RHMF

/// How stored values become data Y and weights W.
package enum WeightRule: Sendable, Equatable {
    /// The file stores Y and W (inverse variances) directly: W must be finite and >= 0, and Y finite where W > 0.
    case weights
    /// The file stores Y and its standard errors, as Gaia's `flux` and `flux_error`: W = 1 / error^2; NaN in
    /// either value, or an error <= 0, makes the entry missing (Y = 0, W = 0), as the reference pipeline does.
    case standardErrors

    /// Turns one row-major block of stored values (Y, and W or errors) into validated Y and W in place.
    /// `rowOffset` and `columnOffset` place the block in the file for messages.
    /// - Throws: `.invalidData` naming the file row and column of the first bad value.
    func apply<T: DataScalar>(
        y: UnsafeMutablePointer<T>, second: UnsafeMutablePointer<T>, rows: Int, columns: Int,
        rowOf: (Int) -> Int, columnOffset: Int, path: String, item: String
    ) throws(DataIOError) {
        let limit = T.greatestFiniteMagnitude.double
        for i in 0..<rows {
            for j in 0..<columns {
                let k = i * columns + j
                let yk = y[k].double
                let sk = second[k].double
                switch self {
                case .standardErrors:
                    guard yk.isFinite, sk.isFinite, sk > 0 else {
                        y[k] = 0
                        second[k] = 0
                        continue
                    }
                    let w = 1 / (sk * sk)
                    guard w <= limit else {
                        throw .invalidData(
                            path: path, item: item,
                            reason:
                                "row \(rowOf(i)), column \(j + columnOffset): error \(sk) gives a weight 1/error^2 = \(w) that overflows \(T.precision) precision"
                        )
                    }
                    second[k] = T(rounding: w)
                case .weights:
                    if sk == 0 {
                        y[k] = 0
                        continue
                    }
                    guard sk.isFinite, sk > 0 else {
                        throw .invalidData(
                            path: path, item: item,
                            reason:
                                "row \(rowOf(i)), column \(j + columnOffset): weight \(sk); weights must be finite and >= 0"
                        )
                    }
                    guard yk.isFinite else {
                        throw .invalidData(
                            path: path, item: item,
                            reason:
                                "row \(rowOf(i)), column \(j + columnOffset): value \(yk) where the weight is \(sk) > 0"
                        )
                    }
                }
            }
        }
    }
}
