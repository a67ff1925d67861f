package import RHMF

/// How the rows of a distributed fit are split between its processes: contiguous ranges in rank order, in
/// proportion to given shares (equal by default). A process may receive no rows.
package struct RowShares: Sendable, Equatable {
    /// Each process's rows, in rank order; together they are 0 ..< rowCount.
    package let ranges: [Range<Int>]

    /// Splits `rowCount` rows between `processes` in proportion to `shares` (nil: equally).
    /// - Throws: `RHMFError.invalidSetting` when the shares are not one non-negative finite number per
    ///   process with a positive sum.
    package init(rowCount: Int, processes: Int, shares: [Double]? = nil) throws(RHMFError) {
        let weights = shares ?? [Double](repeating: 1, count: processes)
        guard weights.count == processes else {
            throw .invalidSetting(
                "\(weights.count) shares given for \(processes) processes; give one per process")
        }
        guard weights.allSatisfy({ $0.isFinite && $0 >= 0 }), weights.reduce(0, +) > 0 else {
            throw .invalidSetting(
                "shares must be non-negative numbers with a positive sum, got \(weights)")
        }
        let total = weights.reduce(0, +)
        var cumulative = 0.0
        var bounds = [0]
        for w in weights {
            cumulative += w
            bounds.append(min(rowCount, Int((cumulative / total * Double(rowCount)).rounded())))
        }
        bounds[processes] = rowCount
        ranges = (0..<processes).map { bounds[$0]..<max(bounds[$0], bounds[$0 + 1]) }
    }
}
