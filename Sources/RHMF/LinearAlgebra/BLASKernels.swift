import Foundation
import HMFCore

#if canImport(Glibc)
    import Glibc
#endif

/// Picks OpenBLAS's fastest correct kernels when the environment does not say which to use.
///
/// OpenBLAS chooses its kernels from CPUID when it loads; virtual machines that hide the CPU model make it
/// fall back to slow generic kernels. When `OPENBLAS_CORETYPE` is unset, hmfbook measures each candidate
/// family this CPU supports in a child process (a crash or a wrong product rules a family out), keeps the
/// fastest correct one in `~/.cache/hmfbook/openblas-kernels.json` (keyed by the CPU and the OpenBLAS library
/// file), sets the variable and starts itself again, so that it and the notebook programs it runs load the
/// chosen kernels. A value already set is never changed: some machines set it on purpose.
///
/// A program calls `ensureFastest(probeArguments:)` first thing in `main`; given those arguments, the same
/// program must run `BLASInfo.probe()` and print `ok GFLOPS` (what `probeOutput()` returns).
package enum BLASKernels {
    static let probeMarker = "HMFBOOK_BLAS_PROBE"

    /// One measured candidate: nil `coretype` is OpenBLAS's own choice.
    package struct Measurement: Codable, Equatable, Sendable {
        package var coretype: String?
        package var gigaflops: Double?
        package init(coretype: String?, gigaflops: Double?) {
            self.coretype = coretype
            self.gigaflops = gigaflops
        }
    }

    struct Record: Codable {
        var key: String
        var measurements: [Measurement]
        var chosen: String?
    }

    /// Called first thing in `main`: re-executes the program with the chosen kernels when that is needed.
    package static func ensureFastest(probeArguments: [String]) {
        let env = ProcessInfo.processInfo.environment
        guard env["OPENBLAS_CORETYPE"] == nil, env[probeMarker] == nil else { return }
        guard let chosen = choice(probeArguments), !chosen.isEmpty else { return }
        setenv("OPENBLAS_CORETYPE", chosen, 1)
        var argv: [UnsafeMutablePointer<CChar>?] = CommandLine.arguments.map { strdup($0) } + [nil]
        execv("/proc/self/exe", &argv)
        // execv returned: carry on with the kernels already loaded.
        FileHandle.standardError.write(
            Data(
                "hmfbook: could not restart with OPENBLAS_CORETYPE=\(chosen): \(String(cString: strerror(errno)))\n"
                    .utf8))
    }

    /// The cached choice for this CPU and library, measuring when there is none.
    static func choice(_ probeArguments: [String]) -> String? {
        let key = machineKey()
        let cache = cachePath()
        if let data = FileManager.default.contents(atPath: cache),
            let record = try? JSONDecoder().decode(Record.self, from: data), record.key == key
        {
            return record.chosen
        }
        let measurements = ([nil] + candidates()).map {
            Measurement(coretype: $0, gigaflops: probe($0, probeArguments))
        }
        let chosen = decide(measurements)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        if let data = try? encoder.encode(
            Record(key: key, measurements: measurements, chosen: chosen))
        {
            try? AtomicFile.write(data, to: cache)
        }
        let summary = measurements.map { m in
            "\(m.coretype ?? "default") \(m.gigaflops.map { String(format: "%.0f GF/s", $0) } ?? "ruled out")"
        }
        FileHandle.standardError.write(
            Data(
                "hmfbook: OPENBLAS_CORETYPE is unset; measured OpenBLAS kernels: \(summary.joined(separator: ", ")); using \(chosen ?? "OpenBLAS's default") (kept in \(cache))\n"
                    .utf8))
        return chosen
    }

    /// The fastest correct candidate, unless OpenBLAS's own choice is within 5% of it (then nil: leave it be).
    package static func decide(_ measurements: [Measurement]) -> String? {
        let working = measurements.compactMap { m in m.gigaflops.map { (m.coretype, $0) } }
        guard let best = working.max(by: { $0.1 < $1.1 }) else { return nil }
        if let own = working.first(where: { $0.0 == nil }), own.1 >= 0.95 * best.1 { return nil }
        return best.0
    }

    /// Kernel families worth measuring on this CPU.
    package static func candidates(flags: Set<String> = cpuFlags()) -> [String] {
        if flags.contains("avx512f") { return ["SkylakeX", "Haswell", "Zen"] }
        if flags.contains("avx2") { return ["Haswell", "Zen"] }
        if flags.contains("avx") { return ["Sandybridge"] }
        return []
    }

    /// GF/s of `coretype` measured in a child process, nil when the child crashed or computed a wrong product.
    static func probe(_ coretype: String?, _ arguments: [String]) -> Double? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env[probeMarker] = "1"
        env["OPENBLAS_CORETYPE"] = coretype
        process.environment = env
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let output = String(
            decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else { return nil }
        let fields = output.split(separator: " ")
        guard fields.first == "ok", fields.count >= 2, let gf = Double(fields[1]) else {
            return nil
        }
        return gf
    }

    /// The CPU's feature flags from /proc/cpuinfo.
    package static func cpuFlags() -> Set<String> {
        let text = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        return Set(
            text.split(separator: "\n").first { $0.hasPrefix("flags") }?.split(separator: " ").map(
                String.init) ?? [])
    }

    /// The CPU model and flags and the OpenBLAS library file (path, size, time): what the choice depends on.
    static func machineKey() -> String {
        let text = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = text.split(separator: "\n").first { $0.hasPrefix("model name") } ?? ""
        var library = ""
        if let maps = try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8),
            let line = maps.split(separator: "\n").first(where: { $0.contains("libopenblas") }),
            let path = line.split(separator: " ").last
        {
            let attrs = try? FileManager.default.attributesOfItem(atPath: String(path))
            library =
                "\(path) \((attrs?[.size] as? NSNumber)?.intValue ?? 0) \((attrs?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)"
        }
        var h = ContentHasher()
        h.update(field: String(model))
        h.update(field: cpuFlags().sorted().joined(separator: " "))
        h.update(field: library)
        return h.finalize().hex
    }

    /// Where the choice is kept.
    package static func cachePath() -> String {
        let env = ProcessInfo.processInfo.environment
        let base = env["XDG_CACHE_HOME"] ?? ((env["HOME"] ?? NSTemporaryDirectory()) + "/.cache")
        return "\(base)/hmfbook/openblas-kernels.json"
    }

    /// What the probe child prints: `ok GFLOPS CORENAME`, or nil when the product was wrong.
    package static func probeOutput() -> String? {
        let (seconds, flops, correct) = BLASInfo.probe()
        guard correct, seconds.isFinite, seconds > 0 else { return nil }
        return String(format: "ok %.3f %@", flops / seconds / 1e9, BLASInfo.coreName)
    }
}
