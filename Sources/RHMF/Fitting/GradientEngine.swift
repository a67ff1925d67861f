import HMFCore

/// The second optimiser: preconditioned gradient steps on the same loss.
///
/// Each cycle reweights once (fixing the quadratic majoriser sum Wt r^2 at the current state), then takes one
/// step on A and one on G. The step direction is the majoriser's gradient scaled by the inverse of its
/// diagonal Gauss-Newton curvature (sum_j Wt_ij g_jk^2 for a_ik), combined per row (or column) with the
/// previous direction by the Polak-Ribiere rule, i.e. preconditioned nonlinear conjugate gradients; a
/// direction that is not a descent direction restarts from the plain preconditioned gradient. The step
/// length is the exact minimiser of the majoriser along the direction, so the loss never increases.
/// Every `rotateEvery` cycles the rotation re-whitens the gauge (and the directions restart), which keeps
/// the diagonal preconditioner close to the true curvature.
///
/// Unlike ALS it solves no linear systems, at the price of holding Wt and the weighted residuals in memory
/// (a few N x M matrices) and needing more cycles.
struct GradientEngine: CycleEngine {
    let data: WeightedData
    let likelihood: Likelihood
    let rotation: Rotation
    let rotateEvery: Int
    let innerSteps: Int
    private var cycles = 0
    private var memoryA: DirectionMemory?
    private var memoryG: DirectionMemory?

    /// The previous step's gradient, preconditioned gradient and direction (one row per coefficient vector).
    struct DirectionMemory {
        var gradient: Matrix
        var preconditioned: Matrix
        var direction: Matrix
    }

    init(data: WeightedData, settings: FitSettings, rotateEvery: Int, innerSteps: Int) {
        self.data = data
        self.innerSteps = innerSteps
        likelihood = settings.likelihood
        rotation = settings.rotation
        self.rotateEvery = rotateEvery
    }

    mutating func cycle(A: inout Matrix, G: inout Matrix) throws(RHMFError) -> Double {
        // Reweight: Wt and the weighted residuals Wt r at the current state.
        var wt = data.W
        var wr = try Matrix.product(A, G, transposeB: true)
        var loss = 0.0
        let y = data.Y
        let likelihood = self.likelihood
        wt.updateEach { i, j, w in
            let r = y[i, j] - wr[i, j]
            let x = w * r * r
            loss += likelihood.loss(x)
            w *= likelihood.robustWeight(x)
            wr[i, j] = w * r
        }
        // A step (rows), then G step (columns) on the majoriser, residuals updated in between.
        for _ in 0..<innerSteps {
            memoryA = try Self.step(&A, other: G, wt: wt, wr: &wr, memory: memoryA)
        }
        let wtT = wt.transposed
        var wrT = wr.transposed
        for _ in 0..<innerSteps {
            memoryG = try Self.step(&G, other: A, wt: wtT, wr: &wrT, memory: memoryG)
        }
        cycles += 1
        if cycles % rotateEvery == 0 {
            try rotation.apply(A: &A, G: &G)
            memoryA = nil
            memoryG = nil
        }
        return loss
    }

    /// One step on the rows of X (n x K) for the majoriser sum_ij Wt_ij r_ij^2 with r = Y - X O^T
    /// (Wt and wr = Wt r are n x m). Returns this step's memory for the next one.
    private static func step(
        _ x: inout Matrix, other o: Matrix, wt: Matrix, wr: inout Matrix,
        memory: DirectionMemory?
    ) throws(RHMFError) -> DirectionMemory {
        let n = x.rows
        let K = x.cols
        let m = o.rows
        let grad = try Matrix.product(wr, o)  // n x K: sum_j Wt r o_j (minus half the gradient)
        let curvature = try Matrix.product(wt, o.map { $0 * $0 })  // n x K: sum_j Wt o_jk^2
        var z = grad
        z.updateEach { i, k, v in
            let c = curvature[i, k]
            v = c > 0 ? v / c : 0
        }
        var d = z
        if let memory {
            for i in 0..<n {
                var num = 0.0
                var den = 0.0
                var descent = 0.0
                for k in 0..<K {
                    num += grad[i, k] * (z[i, k] - memory.preconditioned[i, k])
                    den += memory.gradient[i, k] * memory.preconditioned[i, k]
                }
                let beta = den > 0 ? max(0, num / den) : 0
                for k in 0..<K {
                    d[i, k] = z[i, k] + beta * memory.direction[i, k]
                    descent += d[i, k] * grad[i, k]
                }
                if !(descent > 0) { for k in 0..<K { d[i, k] = z[i, k] } }
            }
        }
        // n x m: change of the model per unit step
        let u = try Matrix.product(d, o, transposeB: true)
        for i in 0..<n {
            var num = 0.0
            var den = 0.0
            for k in 0..<K { num += d[i, k] * grad[i, k] }
            for j in 0..<m {
                let v = u[i, j]
                den += wt[i, j] * v * v
            }
            guard den > 0, num > 0 else { continue }
            let t = num / den
            for k in 0..<K { x[i, k] += t * d[i, k] }
            for j in 0..<m { wr[i, j] -= t * wt[i, j] * u[i, j] }
        }
        return DirectionMemory(gradient: grad, preconditioned: z, direction: d)
    }
}
