import Foundation
import PackagePlugin

/// Generates `numericsVersion` for the target it is applied to from the Swift sources of the RHMF target.
@main
struct NumericsVersionPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let engine = try context.package.targets(named: ["RHMF"]).first as? SourceModuleTarget
        else {
            throw PluginError(
                "the package has no RHMF source target to take the numerics version from")
        }
        let sources = engine.sourceFiles(withSuffix: "swift").map(\.url)
        let output = context.pluginWorkDirectoryURL.appending(path: "NumericsVersion.swift")
        return [
            .buildCommand(
                displayName: "Computing the numerics version from RHMF's sources",
                executable: try context.tool(named: "hmfbook-buildfacts").url,
                arguments: [
                    "numerics-version", output.path(percentEncoded: false),
                    engine.directoryURL.path(percentEncoded: false),
                ] + sources.map { $0.path(percentEncoded: false) },
                inputFiles: sources,
                outputFiles: [output])
        ]
    }
}

struct PluginError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
