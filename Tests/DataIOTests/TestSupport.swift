import Foundation
import HMFCore
import RHMF
import Spawn
import Testing

/// A fresh directory for one test's files, removed when the value goes away.
final class TempDir {
    let url: URL

    init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "dataio-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

/// Runs python3 scripts for cross-checks with numpy and h5py.
enum Python {
    /// Whether python3 can import every module in `modules` (cached per module list).
    static func has(_ modules: String...) -> Bool {
        let script = modules.map { "import \($0)" }.joined(separator: "\n")
        return (try? run(script))?.status == 0
    }

    static let hasNumPy = has("numpy")
    static let hasH5py = has("numpy", "h5py")

    /// Runs `script` with `python3 -c`; returns the exit status and standard output.
    static func run(_ script: String, arguments: [String] = []) throws -> (
        status: Int32, output: String
    ) {
        // Standard error goes to the test log (a failing script's traceback shows there).
        let (termination, output) = try ChildProcess.run(
            "/usr/bin/env", ["python3", "-c", script] + arguments, error: .inherit)
        return (termination.status, output)
    }

    /// Runs `script` and decodes its standard output as JSON.
    static func json(_ script: String, arguments: [String] = []) throws -> Any {
        let result = try run(script, arguments: arguments)
        #expect(result.status == 0, "python3 script failed")
        return try JSONSerialization.jsonObject(with: Data(result.output.utf8))
    }
}

func randomDoubles(_ count: Int, seed: UInt64) -> [Double] {
    var rng = SeededGenerator(seed: seed)
    return (0..<count).map { _ in Double.random(in: -10...10, using: &rng) }
}

/// Floats travel from Python as `repr` strings: Foundation's JSON number parsing is not always
/// correctly rounded, `Double(String)` is.
func exactDoubles(_ value: Any?) -> [Double]? {
    (value as? [String])?.map { Double($0) ?? .nan }
}
