import DataIO
import Foundation

@testable import Datasets

/// A small synthetic survey written once per test run (debug builds are slow): scale 0.001 with a floor of 10
/// members per bin (about 600 spectra), anomaly rates x 25 so every class appears.
enum GaiaFixtures {
    static var smallConfiguration: GaiaSurveyConfiguration {
        var c = GaiaSurveyConfiguration(scale: 0.001, seed: 2024)
        c.minimumPerBin = 10
        c.anomalyRateFactor = 25
        return c
    }

    /// The folder, the generator and the summary of `write`.
    struct Survey {
        let folder: String
        let generator: GaiaSurveyGenerator
        let summary: GaiaSurveySummary
        var plan: GaiaSurveyPlan { generator.plan }
        func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
    }

    static let small: Result<Survey, DatasetError> = Result { () throws(DatasetError) in
        try write(smallConfiguration, name: "small")
    }

    /// Writes a survey into a fresh temporary folder (removed at exit).
    static func write(_ configuration: GaiaSurveyConfiguration, name: String) throws(DatasetError)
        -> Survey
    {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gaia-tests-\(name)-\(UUID().uuidString)"
        ).path
        Cleanup.shared.add(folder)
        let generator = try GaiaSurveyGenerator(configuration: configuration)
        let summary = try generator.write(to: folder)
        return Survey(folder: folder, generator: generator, summary: summary)
    }
}

/// Removes the fixtures' folders when the test process exits.
final class Cleanup: @unchecked Sendable {
    static let shared = Cleanup()
    private let lock = NSLock()
    private var folders: [String] = []

    private init() {
        atexit {
            for folder in Cleanup.shared.all() {
                try? FileManager.default.removeItem(atPath: folder)
            }
        }
    }

    func add(_ folder: String) {
        lock.lock()
        folders.append(folder)
        lock.unlock()
    }
    func all() -> [String] {
        lock.lock()
        defer { lock.unlock() }
        return folders
    }
}
