import HMFCore

/// Everything that can go wrong in the RHMF engine, each case with a message that says what and where.
public enum RHMFError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Two arrays that must agree in shape do not.
    case shapeMismatch(String)
    /// A value is NaN or infinite where a finite number is required.
    case nonFinite(String)
    /// A weight is negative or NaN.
    case invalidWeight(String)
    /// The requested rank is not in 1 ..< min(N, M).
    case invalidRank(String)
    /// The data set has no rows, no columns or no positive weight.
    case emptyData(String)
    /// A setting is out of its allowed range.
    case invalidSetting(String)
    /// A LAPACK routine reported failure through its `info` code.
    case lapack(routine: String, info: Int32)
    /// The fit diverged to non-finite values.
    case diverged(String)
    /// Rows could not be read from their source (a file that is damaged, changed or gone); the message names
    /// the file, the rows and what went wrong.
    case unreadable(String)

    public var description: String {
        switch self {
        case .shapeMismatch(let m): return "shape mismatch: \(m)"
        case .nonFinite(let m): return "non-finite value: \(m)"
        case .invalidWeight(let m): return "invalid weight: \(m)"
        case .invalidRank(let m): return "invalid rank: \(m)"
        case .emptyData(let m): return "empty data: \(m)"
        case .invalidSetting(let m): return "invalid setting: \(m)"
        case .lapack(let routine, let info):
            return "LAPACK \(routine) failed with info = \(info)"
                + (info < 0
                    ? " (argument \(-info) was illegal)"
                    : " (matrix is singular or did not converge)")
        case .diverged(let m): return "fit diverged: \(m)"
        case .unreadable(let m): return "cannot read rows: \(m)"
        }
    }
}

extension RHMFError {
    /// A matrix shape problem reported by the foundation.
    init(_ error: MatrixShapeError) { self = .shapeMismatch(error.description) }
}

extension DenseMatrix {
    /// A matrix over row-major `elements`, with shape errors reported as `RHMFError.shapeMismatch`.
    init(rows: Int, cols: Int, checked elements: [Element]) throws(RHMFError) {
        do { try self.init(rows: rows, cols: cols, elements: elements) } catch {
            throw RHMFError(error)
        }
    }
}
