import HMFCore

/// SQUAREM (Varadhan and Roland 2008, scheme S3) for the fit's cycle map F on the state x = (A, G): from x0,
/// two cycles give x1 = F(x0) and x2 = F(x1); with r = x1 - x0 and v = x2 - 2 x1 + x0 the extrapolated state is
/// x' = x0 - 2 alpha r + alpha^2 v, alpha = -|r| / |v| (at most -1; alpha = -1 gives x2 itself). A cycle from x'
/// both stabilises it and measures its loss; the fit keeps it only when that loss is no higher than x0's, and
/// otherwise goes on from x2, so the loss of the kept states never rises. (Measured on the toy, comparing with
/// x0 rather than the stricter x1 rejects fewer steps and needs fewer cycles: `rhmf-bench --acceleration`.)
///
/// The step length is capped, and the cap adapts (as in Varadhan and Roland's implementation): a kept step at
/// the cap raises it four-fold, a rejected step lowers it to a quarter of that step, so that where
/// extrapolation keeps failing the fit soon runs plain cycles instead of wasting one cycle in three.
struct Squarem {
    /// The largest |alpha| the next extrapolation may take.
    private(set) var maxStep = 4.0

    /// The extrapolated state and its step length |alpha|; nil when there is nothing to extrapolate (v = 0, or
    /// a step of at most 1, which is x2 itself) or the result is not finite. Norms sum A's rows over every
    /// process (G is the same on all of them).
    func extrapolate(
        _ x0: (A: Matrix, G: Matrix), _ x1: (A: Matrix, G: Matrix), _ x2: (A: Matrix, G: Matrix),
        reduction: any Reduction
    ) throws(RHMFError) -> (A: Matrix, G: Matrix, step: Double)? {
        let a = Self.sums(x0.A, x1.A, x2.A)
        let g = Self.sums(x0.G, x1.G, x2.G)
        var local = [a.rr, a.vv]
        try reduction.sum(&local)
        let rr = local[0] + g.rr
        let vv = local[1] + g.vv
        guard vv > 0, rr.isFinite, vv.isFinite else { return nil }
        let step = min((rr / vv).squareRoot(), maxStep)
        guard step > 1 else { return nil }
        let alpha = -step
        let A = Self.combine(x0.A, x1.A, x2.A, alpha)
        let G = Self.combine(x0.G, x1.G, x2.G, alpha)
        guard A.isFinite, G.isFinite else { return nil }
        return (A, G, step)
    }

    /// Adapts the cap to the outcome of a step of length `step`.
    mutating func record(step: Double, kept: Bool) {
        if kept {
            if step >= maxStep { maxStep *= 4 }
        } else {
            maxStep = max(1, step / 4)
        }
    }

    /// After an iteration with nothing to extrapolate at the cap (a step of 1 is x2 itself), try again.
    mutating func recordPlainIteration() {
        if maxStep <= 1 { maxStep = 2 }
    }

    /// Sums of squares of r = x1 - x0 and v = x2 - 2 x1 + x0.
    private static func sums(_ x0: Matrix, _ x1: Matrix, _ x2: Matrix) -> (rr: Double, vv: Double) {
        var rr = 0.0
        var vv = 0.0
        x0.withUnsafeBufferPointer { p0 in
            x1.withUnsafeBufferPointer { p1 in
                x2.withUnsafeBufferPointer { p2 in
                    for k in 0..<p0.count {
                        let r = p1[k] - p0[k]
                        let v = p2[k] - 2 * p1[k] + p0[k]
                        rr += r * r
                        vv += v * v
                    }
                }
            }
        }
        return (rr, vv)
    }

    /// x0 - 2 alpha r + alpha^2 v.
    private static func combine(_ x0: Matrix, _ x1: Matrix, _ x2: Matrix, _ alpha: Double) -> Matrix
    {
        var out = x0
        out.withUnsafeMutableBufferPointer { o in
            x1.withUnsafeBufferPointer { p1 in
                x2.withUnsafeBufferPointer { p2 in
                    for k in 0..<o.count {
                        let x = o[k]
                        let r = p1[k] - x
                        let v = p2[k] - 2 * p1[k] + x
                        o[k] = x - 2 * alpha * r + alpha * alpha * v
                    }
                }
            }
        }
        return out
    }
}
