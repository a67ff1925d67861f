import Dispatch
import Foundation
internal import CBLAS

/// Hardware rates measured in the same run as the cycles they bound, because these machines are shared.
enum Floors {
    /// Peak double-precision GEMM rate (flop/s): the best of five 2000^3 multiplications, all cores.
    static func peakGEMM() -> Double {
        let n = 2000
        let a = [Double](repeating: 0.5, count: n * n), b = [Double](repeating: 0.25, count: n * n)
        var c = [Double](repeating: 0, count: n * n)
        var best = Double.infinity
        for _ in 0..<5 {
            let t = Clock.seconds {
                cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(n), Int32(n), 1, a, Int32(n), b, Int32(n), 0, &c, Int32(n))
            }
            best = min(best, t)
        }
        return 2 * Double(n * n * n) / best
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
                    let base = SendableBase(p.baseAddress!) // invariant: non-empty
                    DispatchQueue.concurrentPerform(iterations: parts) { part in
                        let lo = part * count / parts, hi = (part + 1) * count / parts
                        var s = SIMD4<Double>(repeating: 0)
                        var k = lo
                        while k + 4 <= hi { s += UnsafeRawPointer(base.p + k).loadUnaligned(as: SIMD4<Double>.self); k += 4 }
                        shared.set(part, s.sum())
                    }
                }
            }
            best = min(best, t)
        }
        return Double(count * 8) / best
    }
}

struct SendableBase: @unchecked Sendable { let p: UnsafePointer<Double>; init(_ p: UnsafePointer<Double>) { self.p = p } }
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
