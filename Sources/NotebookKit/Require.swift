/// A value a cell needs was not there; the message says which.
public struct MissingValue: Error, CustomStringConvertible {
    public let description: String
}

/// The value, or an error saying what was missing (so a cell fails with a message instead of a trap).
///
///     let best = try require(grid.min { $0.score < $1.score }, "an empty grid has no best model")
public func require<T>(_ value: T?, _ what: @autoclosure () -> String) throws -> T {
    guard let value else { throw MissingValue(description: what()) }
    return value
}
