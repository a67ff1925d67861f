/// When a fit or an inference stops.
public struct Convergence: Sendable, Equatable, Hashable, Codable {
    /// The quantity compared with the tolerance.
    public enum Criterion: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
        /// max((G_prev - G)^2) / mean(G^2), G_prev being G at the previous check.
        case maxFracG
        /// The same for A (used by inference, where G is fixed).
        case maxFracA
        /// |L_prev - L| / |L| between checks.
        case relativeLoss
        /// Never converge: run exactly the maximum number of cycles.
        case none
    }

    /// The quantity tested.
    public var criterion: Criterion
    /// Stop when the quantity is below this (0 never stops early).
    public var tolerance: Double
    /// Test every `cadence` cycles.
    public var cadence: Int
    /// Hard limit on cycles.
    public var maxCycles: Int

    public init(criterion: Criterion = .maxFracG, tolerance: Double = 1e-2, cadence: Int = 1, maxCycles: Int = 1000) {
        self.criterion = criterion
        self.tolerance = tolerance
        self.cadence = cadence
        self.maxCycles = maxCycles
    }

    func validate() throws(RHMFError) {
        guard tolerance.isFinite, tolerance >= 0 else { throw .invalidSetting("tolerance must be finite and >= 0, got \(tolerance)") }
        guard cadence >= 1 else { throw .invalidSetting("check cadence must be >= 1, got \(cadence)") }
        guard maxCycles >= 1 else { throw .invalidSetting("maximum number of cycles must be >= 1, got \(maxCycles)") }
    }

    /// max((old - new)^2) / mean(new^2); infinity when `new` is all zero.
    static func maxFractionalChange(old: Matrix, new: Matrix) -> Double {
        var maxSq = 0.0, sumSq = 0.0
        for k in new.storage.indices {
            let d = old.storage[k] - new.storage[k]
            maxSq = max(maxSq, d * d)
            sumSq += new.storage[k] * new.storage[k]
        }
        let mean = sumSq / Double(max(new.storage.count, 1))
        return mean > 0 ? maxSq / mean : .infinity
    }
}
