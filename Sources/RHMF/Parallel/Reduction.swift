import HMFCore

/// How sums over rows become sums over the whole data set when the rows are split between processes.
///
/// A single process holds every row, so its reduction does nothing. A distributed fit (one MPI rank per share
/// of the rows) sums across ranks instead; every rank then sees the same totals and computes the same basis,
/// rotation and convergence decision.
public protocol Reduction: Sendable {
    /// Replaces each value by its sum over all processes.
    func sum(_ values: inout [Double]) throws(RHMFError)
    /// Replaces each value by its maximum over all processes.
    func max(_ values: inout [Double]) throws(RHMFError)
    /// Whether this process writes results (one process does).
    var isRoot: Bool { get }
}

/// The reduction of a single process: every row is local.
public struct LocalReduction: Reduction {
    public init() {}
    public func sum(_ values: inout [Double]) throws(RHMFError) {}
    public func max(_ values: inout [Double]) throws(RHMFError) {}
    public var isRoot: Bool { true }
}

extension Reduction {
    /// The sum of one value over all processes.
    func sum(_ value: Double) throws(RHMFError) -> Double {
        var v = [value]
        try sum(&v)
        return v[0]
    }

    /// The maximum of one value over all processes.
    func max(_ value: Double) throws(RHMFError) -> Double {
        var v = [value]
        try max(&v)
        return v[0]
    }
}
