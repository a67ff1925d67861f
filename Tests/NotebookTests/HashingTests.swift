import Foundation
import NotebookKit
import Testing

/// Content hashing (swift-crypto SHA-256) and the per-buffer fingerprint memo behind `Session` keys.
struct HashingTests {
    @Test func knownVectors() {
        #expect(
            ContentHasher.hex(Data("abc".utf8))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            ContentHasher.hex(Data())
                == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func fingerprintIsMemoisedPerBufferAndFollowsMutation() throws {
        let cache = FingerprintCache(minimumBytes: 1024)
        var a = [Double](repeating: 1, count: 10_000)
        let d1 = cache.digest(of: a)
        let d2 = cache.digest(of: a)
        #expect(d1 == d2 && cache.hits == 1 && cache.misses == 1)
        a[5] = 2  // copy-on-write: a new buffer, a new digest
        let d3 = cache.digest(of: a)
        #expect(d3 != d1 && cache.misses == 2)
        // equal content, same digest
        #expect(cache.digest(of: [Double](repeating: 1, count: 10_000)) == d1)
    }

    @Test func sessionKeyOfLargeDataIsHashedOnce() throws {
        let n = 4000
        let m = 1200
        let y = Matrix(rows: n, cols: m) { i, j in Double(i &* 31 &+ j) }
        let data = try WeightedData(Y: y, W: Matrix(rows: n, cols: m, repeating: 1))
        let session = Session(root: NSTemporaryDirectory() + "hmfbook-hash-\(UUID().uuidString)")
        let bytes = Double(2 * n * m * 8) / 1e6
        let t0 = Date()
        let k1 = try session.key("fit", [data, FitSettings(rank: 5)])
        let cold = Date().timeIntervalSince(t0)
        let t1 = Date()
        var k2 = ""
        for _ in 0..<35 { k2 = try session.key("fit", [data, FitSettings(rank: 5)]) }
        let warm = Date().timeIntervalSince(t1) / 35
        #expect(k1 == k2)
        #expect(try k1 != session.key("fit", [data, FitSettings(rank: 4)]))
        print(
            String(
                format: "hash: %.0f MB in %.3f s (%.0f MB/s) first call, %.5f s per later call",
                bytes, cold, bytes / cold, warm))
        #expect(warm < 0.05)
    }
}
