internal import CBLAS
import Dispatch
import Foundation

/// Hardware rates measured in the same run as the cycles they bound, because these machines are shared.
enum Floors {
    /// Peak double-precision GEMM rate (flop/s): the best of five 2000^3 multiplications, all cores.
    static func peakGEMM() -> Double {
        let n = 2000
        let a = [Double](repeating: 0.5, count: n * n)
        let b = [Double](repeating: 0.25, count: n * n)
        var c = [Double](repeating: 0, count: n * n)
        var best = Double.infinity
        for _ in 0..<5 {
            let t = Clock.seconds {
                cblas_dgemm(
                    CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(n), Int32(n), 1, a,
                    Int32(n), b, Int32(n), 0, &c, Int32(n))
            }
            best = min(best, t)
        }
        return 2 * Double(n * n * n) / best
    }

    /// Peak fused multiply-add rate (flop/s) of `threads` cores at once (all by default): twelve independent
    /// chains of 4-wide FMAs per core, the most any kernel can reach here. On a virtual machine whose cores
    /// share their host's FMA units this is well below `threads` times the rate of one (`threads: 1`).
    static func peakFMA(threads: Int = ProcessInfo.processInfo.activeProcessorCount) -> Double {
        let steps = 20_000_000
        let sums = UnsafeMutableBufferPointer<Double>.allocate(capacity: threads)
        defer { sums.deallocate() }
        let shared = SumSlots(sums)
        var best = Double.infinity
        for _ in 0..<3 {
            let t = Clock.seconds {
                DispatchQueue.concurrentPerform(iterations: threads) { part in
                    shared.set(part, fmaChains(steps: steps, seed: Double(part)))
                }
            }
            best = min(best, t)
        }
        return Double(threads * steps * 12 * 8) / best
    }

    /// Twelve independent FMA chains of `steps` steps each (8 flops per step and chain).
    @inline(never)
    static func fmaChains(steps: Int, seed: Double) -> Double {
        let m = SIMD4<Double>(repeating: 0.999_999_9)
        let c = SIMD4<Double>(repeating: 1e-9)
        var a0 = SIMD4<Double>(repeating: seed)
        var a1 = a0 + 1
        var a2 = a0 + 2
        var a3 = a0 + 3
        var a4 = a0 + 4
        var a5 = a0 + 5
        var a6 = a0 + 6
        var a7 = a0 + 7
        var a8 = a0 + 8
        var a9 = a0 + 9
        var a10 = a0 + 10
        var a11 = a0 + 11
        for _ in 0..<steps {
            a0 = c.addingProduct(a0, m)
            a1 = c.addingProduct(a1, m)
            a2 = c.addingProduct(a2, m)
            a3 = c.addingProduct(a3, m)
            a4 = c.addingProduct(a4, m)
            a5 = c.addingProduct(a5, m)
            a6 = c.addingProduct(a6, m)
            a7 = c.addingProduct(a7, m)
            a8 = c.addingProduct(a8, m)
            a9 = c.addingProduct(a9, m)
            a10 = c.addingProduct(a10, m)
            a11 = c.addingProduct(a11, m)
        }
        return (a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11).sum()
    }

    /// Seconds of the two Gram products one ALS cycle makes, alone, at the engine's shapes and as the engine
    /// runs them (blocks of `blockRows` rows shared out over the cores, OpenBLAS single-threaded on each): per
    /// block, P x M times M x b for the coefficients' normal equations and P x b times b x M for the basis's,
    /// P = K(K+1)/2. The best of three passes. This is what OpenBLAS gives at these skinny shapes, before the
    /// cycle does any of its other work; every block reuses one weight block, warm in cache, so it is a lower
    /// bound on what the products cost inside a cycle.
    static func gramProducts(N: Int, M: Int, K: Int, blockRows b: Int = 64) -> Double {
        let P = K * (K + 1) / 2
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let blocks = (N + b - 1) / b
        let pg = [Double](repeating: 0.5, count: P * M)
        let wt = [Double](repeating: 0.25, count: b * M)
        let pa = [Double](repeating: 0.125, count: b * P)
        let before = openblas_get_num_threads()
        openblas_set_num_threads(1)
        defer { openblas_set_num_threads(before) }
        var best = Double.infinity
        for _ in 0..<3 {
            let t = Clock.seconds {
                DispatchQueue.concurrentPerform(iterations: cores) { core in
                    var gram = [Double](repeating: 0, count: P * b)
                    var basisGram = [Double](repeating: 0, count: P * M)
                    for _ in stride(from: core, to: blocks, by: cores) {
                        cblas_dgemm(
                            CblasRowMajor, CblasNoTrans, CblasTrans, Int32(P), Int32(b), Int32(M),
                            1, pg, Int32(M), wt, Int32(M), 0, &gram, Int32(b))
                        cblas_dgemm(
                            CblasRowMajor, CblasTrans, CblasNoTrans, Int32(P), Int32(M), Int32(b),
                            1, pa, Int32(P), wt, Int32(M), 1, &basisGram, Int32(M))
                    }
                }
            }
            best = min(best, t)
        }
        return best
    }

    /// Read bandwidth (bytes/s) of one pass over 512 MB split across the cores, the best of five.
    static func streamBandwidth() -> Double {
        let count = 64 << 20
        let data = [Double](repeating: 1, count: count)
        let parts = ProcessInfo.processInfo.activeProcessorCount
        var best = Double.infinity
        let sums = UnsafeMutableBufferPointer<Double>.allocate(capacity: parts)
        defer { sums.deallocate() }
        let shared = SumSlots(sums)
        for _ in 0..<5 {
            let t = Clock.seconds {
                data.withUnsafeBufferPointer { p in
                    let base = SendableBase(p.baseAddress!)  // invariant: non-empty
                    DispatchQueue.concurrentPerform(iterations: parts) { part in
                        let lo = part * count / parts
                        let hi = (part + 1) * count / parts
                        var s = SIMD4<Double>(repeating: 0)
                        var k = lo
                        while k + 4 <= hi {
                            s += UnsafeRawPointer(base.p + k).loadUnaligned(as: SIMD4<Double>.self)
                            k += 4
                        }
                        shared.set(part, s.sum())
                    }
                }
            }
            best = min(best, t)
        }
        return Double(count * 8) / best
    }
}

struct SendableBase: @unchecked Sendable {
    let p: UnsafePointer<Double>
    init(_ p: UnsafePointer<Double>) { self.p = p }
}
struct SumSlots: @unchecked Sendable {
    let b: UnsafeMutableBufferPointer<Double>
    init(_ b: UnsafeMutableBufferPointer<Double>) { self.b = b }
    func set(_ i: Int, _ v: Double) { b[i] = v }
}

enum Clock {
    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let t0 = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
    }
}
