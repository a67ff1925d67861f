// dataio-bench: HDF5 row-block read speed of DataIO against h5py, measured in the same run.
//
//   swift run -c release --scratch-path .build-dataio dataio-bench [--rows N] [--cols M] [--block B]
//                                                                 [--repeats R] [--gzip LEVEL] [--path FILE] [--keep]
//                                                                 [--gather K]
//
// Writes an N x M float32 dataset `flux` (chunked), then reads it in blocks of B rows with
// DataIO and with h5py (python3 subprocess, timed inside Python so interpreter start-up is
// excluded), alternating R times after a warm-up pass, and prints the best time of each and the
// speed ratio. Target: DataIO at least half as fast as h5py (ratio >= 0.5). Then reads K scattered
// rows (unsorted, DataIO returns them in the order asked) against h5py's sorted fancy indexing.
import DataIO
import Foundation

struct Options {
    var rows = 100_000
    var cols = 2401
    var block = 1000
    var repeats = 3
    var gzip: Int?
    var path = FileManager.default.temporaryDirectory.appendingPathComponent("dataio-bench.h5").path
    var keep = false
    var gather = 2000

    init(_ arguments: [String]) {
        var k = 0
        func value() -> String? {
            k += 1
            return k < arguments.count ? arguments[k] : nil
        }
        while k < arguments.count {
            switch arguments[k] {
            case "--rows": rows = value().flatMap { Int($0) } ?? rows
            case "--cols": cols = value().flatMap { Int($0) } ?? cols
            case "--block": block = value().flatMap { Int($0) } ?? block
            case "--repeats": repeats = value().flatMap { Int($0) } ?? repeats
            case "--gzip": gzip = value().flatMap { Int($0) }
            case "--path": path = value() ?? path
            case "--keep": keep = true
            case "--gather": gather = value().flatMap { Int($0) } ?? gather
            default: print("ignoring unknown argument \(arguments[k])")
            }
            k += 1
        }
    }
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// Writes the benchmark file in row blocks of deterministic values.
func writeFile(_ o: Options) throws {
    let file = try HDF5File.create(path: o.path)
    // Chunked even without compression (about 512 KiB per chunk), as large spectra files are.
    let chunkRows = max(1, (512 << 10) / (o.cols * 4))
    let options = HDF5WriteOptions(chunkRows: chunkRows, gzipLevel: o.gzip, shuffle: o.gzip != nil)
    let flux = try file.createDataset(
        "flux", of: Float.self, shape: [o.rows, o.cols], options: options)
    var start = 0
    while start < o.rows {
        let count = min(o.block, o.rows - start)
        var values = [Float](repeating: 0, count: count * o.cols)
        for r in 0..<count {
            let row = start + r
            for c in 0..<o.cols {
                values[r * o.cols + c] = 1 + 0.001 * Float((row &* 31 &+ c) % 997)
            }
        }
        try flux.writeRows(values, startingAt: start)
        start += count
    }
    file.close()
}

/// One pass over the file in row blocks with DataIO; returns seconds and a checksum.
func readOurs(_ o: Options) throws -> (Double, Double) {
    var checksum = 0.0
    let time = try seconds {
        let flux = try HDF5File(path: o.path).dataset("flux")
        var start = 0
        while start < o.rows {
            let block = try flux.readRows(start..<min(start + o.block, o.rows), as: Float.self)
            checksum += Double(block.values[0]) + Double(block.values[block.values.count - 1])
            start += o.block
        }
    }
    return (time, checksum)
}

/// The same pass through one reusable buffer (`readRows(_:into:)`).
func readOursIntoBuffer(_ o: Options) throws -> Double {
    try seconds {
        let flux = try HDF5File(path: o.path).dataset("flux")
        var buffer = [Float](repeating: 0, count: o.block * o.cols)
        var start = 0
        while start < o.rows {
            let count = min(o.block, o.rows - start)
            try buffer.withUnsafeMutableBufferPointer { all in
                try flux.readRows(
                    start..<(start + count),
                    into: UnsafeMutableBufferPointer(rebasing: all[0..<(count * o.cols)]))
            }
            start += count
        }
    }
}

/// Reads `k` scattered rows with DataIO (unsorted request) and with h5py (sorted, as h5py requires).
func gatherRows(_ o: Options) throws {
    guard o.gather > 0 else { return }
    var rng = SystemRandomNumberGenerator()
    let indices = (0..<o.gather).map { _ in Int.random(in: 0..<o.rows, using: &rng) }
    let flux = try HDF5File(path: o.path).dataset("flux")
    var ours = Double.infinity
    for _ in 0..<max(1, o.repeats) {
        ours = min(ours, try seconds { _ = try flux.readRows(at: indices, as: Float.self) })
    }
    print(
        String(format: "gather %d random rows, DataIO readRows(at:) : best %.3f s", o.gather, ours))
    let script = """
        import sys, time, numpy as np, h5py
        idx = np.unique(np.array([int(v) for v in sys.argv[2].split(',')]))
        best = 1e9
        with h5py.File(sys.argv[1], 'r') as f:
            d = f['flux']
            for _ in range(int(sys.argv[3])):
                t0 = time.perf_counter(); x = d[idx]; best = min(best, time.perf_counter() - t0)
        print(best)
        """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
        "python3", "-c", script, o.path, indices.map(String.init).joined(separator: ","),
        String(max(1, o.repeats)),
    ]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = Pipe()
    guard (try? process.run()) != nil else { return }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    if process.terminationStatus == 0,
        let theirs = Double(
            String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    {
        print(
            String(
                format:
                    "gather %d random rows, h5py d[sorted idx]  : best %.3f s  (ratio DataIO / h5py %.2f)",
                o.gather, theirs, theirs / ours))
    }
}

let h5pyScript = """
    import sys, time
    import h5py
    path, block = sys.argv[1], int(sys.argv[2])
    t0 = time.perf_counter()
    checksum = 0.0
    with h5py.File(path, 'r') as f:
        d = f['flux']
        n = d.shape[0]
        for start in range(0, n, block):
            x = d[start:start + block]
            checksum += float(x.flat[0]) + float(x.flat[-1])
    print(time.perf_counter() - t0, checksum)
    """

/// One pass with h5py; nil when python3 or h5py is unavailable.
func readH5py(_ o: Options) -> (Double, Double)? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", h5pyScript, o.path, String(o.block)]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = Pipe()
    guard (try? process.run()) != nil else { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return nil }
    let parts = String(decoding: data, as: UTF8.self).split(separator: " ").compactMap {
        Double($0.trimmingCharacters(in: .whitespacesAndNewlines))
    }
    return parts.count == 2 ? (parts[0], parts[1]) : nil
}

let o = Options(Array(CommandLine.arguments.dropFirst()))
let megabytes = Double(o.rows * o.cols * 4) / 1e6
print(
    "dataio-bench: \(o.rows) x \(o.cols) float32 (\(String(format: "%.0f", megabytes)) MB), blocks of \(o.block) rows, "
        + (o.gzip.map { "gzip \($0)" } ?? "uncompressed") + ", file \(o.path)")
do {
    let writeTime = try seconds { try writeFile(o) }
    print(
        String(
            format: "write (DataIO, row blocks): %.3f s  (%.0f MB/s)", writeTime,
            megabytes / writeTime))
    _ = try readOurs(o)  // warm-up: both readers then see the file in the page cache
    var ours: [Double] = []
    var buffered: [Double] = []
    var theirs: [Double] = []
    var sums: (Double, Double?) = (0, nil)
    for _ in 0..<max(1, o.repeats) {
        let (t, s) = try readOurs(o)
        ours.append(t)
        sums.0 = s
        buffered.append(try readOursIntoBuffer(o))
        if let (t, s) = readH5py(o) {
            theirs.append(t)
            sums.1 = s
        }
    }
    let best = ours.min() ?? .nan
    print(
        String(
            format: "read DataIO readRows -> array : best %.3f s  (%.0f MB/s)  runs %@", best,
            megabytes / best,
            ours.map { String(format: "%.3f", $0) }.joined(separator: " ")))
    let bestBuffered = buffered.min() ?? .nan
    print(
        String(
            format: "read DataIO readRows(into:)   : best %.3f s  (%.0f MB/s)", bestBuffered,
            megabytes / bestBuffered))
    if let bestTheirs = theirs.min() {
        print(
            String(
                format: "read h5py d[i:i+B]            : best %.3f s  (%.0f MB/s)  runs %@",
                bestTheirs, megabytes / bestTheirs,
                theirs.map { String(format: "%.3f", $0) }.joined(separator: " ")))
        let ratio = bestTheirs / best
        print(
            String(
                format: "speed ratio DataIO / h5py: %.2f  (target >= 0.50: %@)", ratio,
                ratio >= 0.5 ? "met" : "NOT met"))
        if let s = sums.1, s != sums.0 {
            print("warning: checksums differ (DataIO \(sums.0), h5py \(s))")
        }
    } else {
        print(
            "h5py: not measured (python3 with h5py unavailable; install with: python3 -m pip install h5py)"
        )
    }
    try gatherRows(o)
} catch {
    print("dataio-bench failed: \(error)")
    exit(1)
}
if !o.keep { try? FileManager.default.removeItem(atPath: o.path) }
