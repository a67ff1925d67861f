import Foundation
import HMFCore

/// The cycle's per-entry work, fused so that the big block matrices pass through the cores once:
///
/// - `predictAndReweight`: the prediction a_i . g_j, the residual, the loss, the robust weight, Wt = W w and
///   Wt * Y, four rows and four pixels at a time in SIMD registers (the prediction never goes to memory);
/// - `rightHandSides`: the a-step's sum_j Wt_ij y_ij g_j for every row of the block;
/// - `addBasisRightHandSides`: the g-step's sum_i Wt_ij y_ij a_i for every pixel, added in place.
///
/// The K x K(K+1)/2-wide Gram products stay with BLAS, where GEMM is at its best. The basis is passed
/// transposed (Gt: K x M), so that four consecutive pixels of one component are one SIMD load.
///
/// The robust loss c sum log(1 + x/c) (x = W r^2) is accumulated as the logarithm of a running product of the
/// factors (1 + x/c): each SIMD lane multiplies its factors and moves the product's binary exponent into an
/// integer every few steps, so no logarithm is taken per entry; factors too large to multiply safely
/// (x/c > 2^60) take one `log1p` each.
enum RowKernels {
    /// Fills `wt` and `wty` (b x M) from the block's data, the coefficient rows `a` (b x K) and Gt (K x M);
    /// returns the block's loss.
    static func predictAndReweight<T: SweepScalar>(
        y: UnsafePointer<T>, w: UnsafePointer<T>, rows b: Int, M: Int, K: Int,
        a: UnsafePointer<Double>, gt: UnsafePointer<Double>, likelihood: Likelihood,
        wt: UnsafeMutablePointer<Double>, wty: UnsafeMutablePointer<Double>
    ) -> Double {
        var loss = LossAccumulator(likelihood)
        if loss.c != nil {
            var sweep = RobustSweep(loss: loss)
            predictRows(
                y: y, w: w, rows: b, M: M, K: K, a: a, gt: gt, wt: wt, wty: wty, sweep: &sweep)
            loss = sweep.loss
        } else {
            var sweep = GaussianSweep(loss: loss)
            predictRows(
                y: y, w: w, rows: b, M: M, K: K, a: a, gt: gt, wt: wt, wty: wty, sweep: &sweep)
            loss = sweep.loss
        }
        return loss.total
    }

    /// The prediction loop: four rows and four pixels at a time (the sweep's `square` gets four entries of
    /// each row), then the rows' ends and the remaining rows one entry at a time (`sweep1`).
    @inline(__always)
    private static func predictRows<T: SweepScalar, S: EntrySweep>(
        y: UnsafePointer<T>, w: UnsafePointer<T>, rows b: Int, M: Int, K: Int,
        a: UnsafePointer<Double>, gt: UnsafePointer<Double>,
        wt: UnsafeMutablePointer<Double>, wty: UnsafeMutablePointer<Double>, sweep: inout S
    ) {
        let groups = b / 4
        let wide = M / 4 &* 4
        for group in 0..<groups {
            let i = group &* 4
            let a0 = a + i &* K
            let a1 = a0 + K
            let a2 = a1 + K
            let a3 = a2 + K
            let o0 = i &* M
            var j = 0
            while j < wide {
                var p0 = SIMD4<Double>()
                var p1 = SIMD4<Double>()
                var p2 = SIMD4<Double>()
                var p3 = SIMD4<Double>()
                var g = gt + j
                for k in 0..<K {
                    let gv = UnsafeRawPointer(g).loadUnaligned(as: SIMD4<Double>.self)
                    p0.addProduct(a0[k], gv)
                    p1.addProduct(a1[k], gv)
                    p2.addProduct(a2[k], gv)
                    p3.addProduct(a3[k], gv)
                    g += M
                }
                sweep.square(
                    y: y + (o0 &+ j), w: w + (o0 &+ j), M: M, p0, p1, p2, p3,
                    wt: wt + (o0 &+ j), wty: wty + (o0 &+ j))
                j &+= 4
            }
        }
        for i in 0..<b {
            let ar = a + i &* K
            let o = i &* M
            for j in (i < groups &* 4 ? wide : 0)..<M {
                var p = 0.0
                for k in 0..<K { p += ar[k] * gt[k &* M &+ j] }
                sweep.loss.sweep1(
                    y[o &+ j].double, w[o &+ j].double, p, wt + (o &+ j), wty + (o &+ j))
            }
        }
    }

    /// rhs (b x K) = (Wt * Y)(b x M) G, from Gt (K x M).
    ///
    /// Four rows at a time, over the columns in slices of `rhsSlice` that stay in the L1 cache while every
    /// component passes over them. Each row and component keeps one SIMD accumulator from slice to slice, so
    /// the sums are added in the same order as in one pass over the whole row.
    static func rightHandSides(
        wty: UnsafePointer<Double>, rows b: Int, M: Int, K: Int, gt: UnsafePointer<Double>,
        into rhs: UnsafeMutablePointer<Double>
    ) {
        let wide = M / 4 &* 4
        var i = 0
        withUnsafeTemporaryAllocation(of: SIMD4<Double>.self, capacity: 4 * K) { sums in
            let acc = sums.baseAddress!  // invariant: K >= 1
            while i + 4 <= b {
                let r0 = wty + i &* M
                let r1 = r0 + M
                let r2 = r1 + M
                let r3 = r2 + M
                acc.initialize(repeating: SIMD4<Double>(), count: 4 * K)
                var lo = 0
                while lo < wide {
                    let hi = min(lo &+ rhsSlice, wide)
                    for k in 0..<K {
                        let g = gt + k &* M
                        var s0 = acc[4 &* k]
                        var s1 = acc[4 &* k &+ 1]
                        var s2 = acc[4 &* k &+ 2]
                        var s3 = acc[4 &* k &+ 3]
                        var j = lo
                        while j < hi {
                            let gv = UnsafeRawPointer(g + j).loadUnaligned(as: SIMD4<Double>.self)
                            s0.addProduct(
                                UnsafeRawPointer(r0 + j).loadUnaligned(as: SIMD4<Double>.self), gv)
                            s1.addProduct(
                                UnsafeRawPointer(r1 + j).loadUnaligned(as: SIMD4<Double>.self), gv)
                            s2.addProduct(
                                UnsafeRawPointer(r2 + j).loadUnaligned(as: SIMD4<Double>.self), gv)
                            s3.addProduct(
                                UnsafeRawPointer(r3 + j).loadUnaligned(as: SIMD4<Double>.self), gv)
                            j &+= 4
                        }
                        acc[4 &* k] = s0
                        acc[4 &* k &+ 1] = s1
                        acc[4 &* k &+ 2] = s2
                        acc[4 &* k &+ 3] = s3
                    }
                    lo = hi
                }
                for k in 0..<K {
                    let g = gt + k &* M
                    var t0 = acc[4 &* k].sum()
                    var t1 = acc[4 &* k &+ 1].sum()
                    var t2 = acc[4 &* k &+ 2].sum()
                    var t3 = acc[4 &* k &+ 3].sum()
                    for j in wide..<M {
                        t0 += r0[j] * g[j]
                        t1 += r1[j] * g[j]
                        t2 += r2[j] * g[j]
                        t3 += r3[j] * g[j]
                    }
                    rhs[i &* K &+ k] = t0
                    rhs[(i &+ 1) &* K &+ k] = t1
                    rhs[(i &+ 2) &* K &+ k] = t2
                    rhs[(i &+ 3) &* K &+ k] = t3
                }
                i &+= 4
            }
        }
        while i < b {
            let r0 = wty + i * M
            for k in 0..<K {
                let g = gt + k * M
                var s = SIMD4<Double>()
                var j = 0
                while j + 4 <= M {
                    s.addProduct(
                        UnsafeRawPointer(r0 + j).loadUnaligned(as: SIMD4<Double>.self),
                        UnsafeRawPointer(g + j).loadUnaligned(as: SIMD4<Double>.self))
                    j += 4
                }
                var t = s.sum()
                while j < M {
                    t += r0[j] * g[j]
                    j += 1
                }
                rhs[i * K + k] = t
            }
            i += 1
        }
    }

    /// Columns per slice in `rightHandSides`: four rows of 512 doubles are 16 KB.
    static let rhsSlice = 512

    /// rhsGt (K x M) += a^T (K x b) (Wt * Y)(b x M): the g-step right-hand sides, transposed, four rows at a time.
    static func addBasisRightHandSides(
        wty: UnsafePointer<Double>, rows b: Int, M: Int, K: Int, a: UnsafePointer<Double>,
        into rhsGt: UnsafeMutablePointer<Double>
    ) {
        var i = 0
        while i + 4 <= b {
            let r0 = wty + i * M
            let r1 = r0 + M
            let r2 = r1 + M
            let r3 = r2 + M
            let a0 = a + i * K
            let a1 = a0 + K
            let a2 = a1 + K
            let a3 = a2 + K
            var j = 0
            while j + 4 <= M {
                let v0 = UnsafeRawPointer(r0 + j).loadUnaligned(as: SIMD4<Double>.self)
                let v1 = UnsafeRawPointer(r1 + j).loadUnaligned(as: SIMD4<Double>.self)
                let v2 = UnsafeRawPointer(r2 + j).loadUnaligned(as: SIMD4<Double>.self)
                let v3 = UnsafeRawPointer(r3 + j).loadUnaligned(as: SIMD4<Double>.self)
                for k in 0..<K {
                    let out = UnsafeMutableRawPointer(rhsGt + k * M + j)
                    var s = out.loadUnaligned(as: SIMD4<Double>.self)
                    s.addProduct(a0[k], v0)
                    s.addProduct(a1[k], v1)
                    s.addProduct(a2[k], v2)
                    s.addProduct(a3[k], v3)
                    out.storeBytes(of: s, as: SIMD4<Double>.self)
                }
                j += 4
            }
            while j < M {
                for k in 0..<K {
                    rhsGt[k * M + j] +=
                        a0[k] * r0[j] + a1[k] * r1[j] + a2[k] * r2[j] + a3[k] * r3[j]
                }
                j += 1
            }
            i += 4
        }
        while i < b {
            let r0 = wty + i * M
            let a0 = a + i * K
            for k in 0..<K {
                let out = rhsGt + k * M
                let ak = a0[k]
                for j in 0..<M { out[j] += ak * r0[j] }
            }
            i += 1
        }
    }
}

/// The sweep's step over four entries of four consecutive rows (row stride M), chosen once per block by
/// likelihood (static dispatch).
protocol EntrySweep {
    var loss: LossAccumulator { get set }
    mutating func square<T: SweepScalar>(
        y: UnsafePointer<T>, w: UnsafePointer<T>, M: Int, _ p0: SIMD4<Double>,
        _ p1: SIMD4<Double>, _ p2: SIMD4<Double>, _ p3: SIMD4<Double>,
        wt: UnsafeMutablePointer<Double>, wty: UnsafeMutablePointer<Double>)
}

struct RobustSweep: EntrySweep {
    var loss: LossAccumulator
    @inline(__always)
    mutating func square<T: SweepScalar>(
        y: UnsafePointer<T>, w: UnsafePointer<T>, M: Int, _ p0: SIMD4<Double>,
        _ p1: SIMD4<Double>, _ p2: SIMD4<Double>, _ p3: SIMD4<Double>,
        wt: UnsafeMutablePointer<Double>, wty: UnsafeMutablePointer<Double>
    ) {
        loss.robust16(y: y, w: w, M: M, p0, p1, p2, p3, wt: wt, wty: wty)
    }
}

struct GaussianSweep: EntrySweep {
    var loss: LossAccumulator
    @inline(__always)
    mutating func square<T: SweepScalar>(
        y: UnsafePointer<T>, w: UnsafePointer<T>, M: Int, _ p0: SIMD4<Double>,
        _ p1: SIMD4<Double>, _ p2: SIMD4<Double>, _ p3: SIMD4<Double>,
        wt: UnsafeMutablePointer<Double>, wty: UnsafeMutablePointer<Double>
    ) {
        loss.gaussian4(y, w, p0, wt, wty)
        loss.gaussian4(y + M, w + M, p1, wt + M, wty + M)
        loss.gaussian4(y + 2 &* M, w + 2 &* M, p2, wt + 2 &* M, wty + 2 &* M)
        loss.gaussian4(y + 3 &* M, w + 3 &* M, p3, wt + 3 &* M, wty + 3 &* M)
    }
}

/// The loss of a block, and the per-entry sweep that accumulates it.
struct LossAccumulator {
    /// c in c log(1 + x/c); nil for the Gaussian.
    let c: Double?
    private let invC: Double
    private var product = SIMD4<Double>(repeating: 1)
    private var exponents = SIMD4<Int64>(repeating: 0)
    private var steps = 0
    private var direct = 0.0
    private var gaussian = SIMD4<Double>()

    private let cv: SIMD4<Double>
    private let invCv: SIMD4<Double>

    init(_ likelihood: Likelihood) {
        c = likelihood.squaredScale
        invC = c.map { 1 / $0 } ?? 0
        cv = SIMD4(repeating: c ?? 1)
        invCv = SIMD4(repeating: invC)
    }

    /// The loss of everything swept so far.
    var total: Double {
        guard let c else { return gaussian.sum() + direct }
        var p = product
        var e = exponents
        Self.normalise(&p, &e)
        var logSum = direct
        for lane in 0..<4 { logSum += log(p[lane]) + Double(e[lane]) * M_LN2 }
        return c * logSum
    }

    /// Four entries of each of four rows (row stride M) of a robust likelihood: reads y and w, takes the
    /// predictions, writes Wt and Wt * y. The sixteen factors (1 + x/c) enter the running product as one
    /// product of four, so the product's dependency chain grows by one multiplication per step.
    @inline(__always)
    mutating func robust16<T: SweepScalar>(
        y: UnsafePointer<T>, w: UnsafePointer<T>, M: Int, _ p0: SIMD4<Double>,
        _ p1: SIMD4<Double>, _ p2: SIMD4<Double>, _ p3: SIMD4<Double>,
        wt: UnsafeMutablePointer<Double>, wty: UnsafeMutablePointer<Double>
    ) {
        let x0 = robust4(y, w, p0, wt, wty)
        let x1 = robust4(y + M, w + M, p1, wt + M, wty + M)
        let x2 = robust4(y + 2 &* M, w + 2 &* M, p2, wt + 2 &* M, wty + 2 &* M)
        let x3 = robust4(y + 3 &* M, w + 3 &* M, p3, wt + 3 &* M, wty + 3 &* M)
        var f0 = x0.addingProduct(x0, invCv - 1) + 1  // 1 + x / c
        var f1 = x1.addingProduct(x1, invCv - 1) + 1
        var f2 = x2.addingProduct(x2, invCv - 1) + 1
        var f3 = x3.addingProduct(x3, invCv - 1) + 1
        let limit = SIMD4<Double>(repeating: 0x1p60)
        if any((f0 .> limit) .| (f1 .> limit) .| (f2 .> limit) .| (f3 .> limit)) {
            takeHugeFactors(&f0, x0)
            takeHugeFactors(&f1, x1)
            takeHugeFactors(&f2, x2)
            takeHugeFactors(&f3, x3)
        }
        multiply(by: (f0 * f1) * (f2 * f3))
    }

    /// Multiplies the running product by `factors`, normalising every fourth step: a product of four factors
    /// of at most 2^60 is at most 2^240, so after four steps from [1, 2) the running product is still finite.
    @inline(__always)
    private mutating func multiply(by factors: SIMD4<Double>) {
        product *= factors
        steps &+= 1
        if steps == 4 {
            Self.normalise(&product, &exponents)
            steps = 0
        }
    }

    /// Four entries of one row: writes Wt and Wt * y and returns x = W r^2.
    @inline(__always)
    private func robust4<T: SweepScalar>(
        _ y: UnsafePointer<T>, _ w: UnsafePointer<T>, _ p: SIMD4<Double>,
        _ wt: UnsafeMutablePointer<Double>, _ wty: UnsafeMutablePointer<Double>
    ) -> SIMD4<Double> {
        let yv = T.load4(y)
        let wv = T.load4(w)
        let r = yv - p
        let x = wv * r * r
        let t = wv * (cv / (cv + x))
        UnsafeMutableRawPointer(wt).storeBytes(of: t, as: SIMD4<Double>.self)
        UnsafeMutableRawPointer(wty).storeBytes(of: t * yv, as: SIMD4<Double>.self)
        return x
    }

    /// Moves the factors too large to multiply safely (x/c > 2^60) into `direct`, one `log1p` each.
    private mutating func takeHugeFactors(_ f: inout SIMD4<Double>, _ x: SIMD4<Double>) {
        for lane in 0..<4 where f[lane] > 0x1p60 {
            direct += log1p(x[lane] * invC)
            f[lane] = 1
        }
    }

    /// Four entries of the Gaussian likelihood.
    @inline(__always)
    mutating func gaussian4<T: SweepScalar>(
        _ y: UnsafePointer<T>, _ w: UnsafePointer<T>, _ p: SIMD4<Double>,
        _ wt: UnsafeMutablePointer<Double>, _ wty: UnsafeMutablePointer<Double>
    ) {
        let yv = T.load4(y)
        let wv = T.load4(w)
        let r = yv - p
        gaussian = gaussian.addingProduct(wv * r, r)
        UnsafeMutableRawPointer(wt).storeBytes(of: wv, as: SIMD4<Double>.self)
        UnsafeMutableRawPointer(wty).storeBytes(of: wv * yv, as: SIMD4<Double>.self)
    }

    /// One entry (the ends of rows).
    @inline(__always)
    mutating func sweep1(
        _ y: Double, _ w: Double, _ p: Double, _ wt: UnsafeMutablePointer<Double>,
        _ wty: UnsafeMutablePointer<Double>
    ) {
        let r = y - p
        let x = w * r * r
        guard let c else {
            direct += x
            wt.pointee = w
            wty.pointee = w * y
            return
        }
        let t = w * (c / (c + x))
        wt.pointee = t
        wty.pointee = t * y
        direct += log1p(x * invC)
    }

    /// Moves each lane's binary exponent into `exponents`, leaving the mantissa in [1, 2) (the products are
    /// always >= 1 and finite, so they are normal numbers).
    @inline(__always)
    private static func normalise(_ product: inout SIMD4<Double>, _ exponents: inout SIMD4<Int64>) {
        let bits = unsafeBitCast(product, to: SIMD4<UInt64>.self)
        exponents &+= SIMD4<Int64>(truncatingIfNeeded: (bits &>> 52) & 0x7FF) &- 1023
        product = unsafeBitCast(
            (bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000, to: SIMD4<Double>.self)
    }
}

extension SIMD4 where Scalar == Double {
    /// self += s * v (a fused multiply-add per lane).
    @inline(__always)
    mutating func addProduct(_ s: Double, _ v: SIMD4<Double>) {
        self = self.addingProduct(SIMD4(repeating: s), v)
    }

    /// self += u * v.
    @inline(__always)
    mutating func addProduct(_ u: SIMD4<Double>, _ v: SIMD4<Double>) {
        self = self.addingProduct(u, v)
    }
}

/// A stored data type the sweep reads four values of at a time, widened to double.
protocol SweepScalar: DataScalar {
    static func load4(_ p: UnsafePointer<Self>) -> SIMD4<Double>
}

extension Double: SweepScalar {
    @inline(__always)
    static func load4(_ p: UnsafePointer<Double>) -> SIMD4<Double> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Double>.self)
    }
}

extension Float: SweepScalar {
    @inline(__always)
    static func load4(_ p: UnsafePointer<Float>) -> SIMD4<Double> {
        SIMD4<Double>(UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Float>.self))
    }
}
