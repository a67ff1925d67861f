import ArgumentParser
import Foundation

/// The `-p name=value` options of the commands that run a notebook (run, preview, export).
struct ParameterOptions: ParsableArguments {
    @Option(
        name: [.customShort("p"), .customLong("parameter")],
        help: "Override a declared parameter: -p name=value (repeatable).")
    var parameter: [String] = []

    /// The overrides by parameter name (a later `-p` for the same name wins).
    /// - Throws: `ValidationError` for an argument without `=` or with an empty name.
    func overrides() throws -> [String: String] {
        var overrides: [String: String] = [:]
        for p in parameter {
            guard let eq = p.firstIndex(of: "=") else {
                throw ValidationError("parameter \"\(p)\" must be written name=value")
            }
            let name = p[..<eq].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else {
                throw ValidationError("parameter \"\(p)\" has no name before '='")
            }
            overrides[name] = String(p[p.index(after: eq)...])
        }
        return overrides
    }
}
