import Foundation
import PackagePlugin

/// Generates `kitVersion` for the target it is applied to: a digest of the sources (Swift, C and headers) of
/// NotebookKit and of every source target in its dependency closure, with paths relative to the package, so
/// that the same code gives the same version in any clone.
@main
struct KitVersionPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard
            let kit = try context.package.targets(named: ["NotebookKit"]).first
                as? SourceModuleTarget
        else {
            throw PluginError(
                "the package has no NotebookKit source target to take the kit version from")
        }
        let modules =
            [kit] + kit.recursiveTargetDependencies.compactMap { $0 as? SourceModuleTarget }
        let sources = modules.flatMap { module in
            module.sourceFiles.filter { ["swift", "c", "h"].contains($0.url.pathExtension) }.map(
                \.url)
        }
        let output = context.pluginWorkDirectoryURL.appending(path: "GeneratedKitVersion.swift")
        return [
            .buildCommand(
                displayName: "Computing the kit version from the sources notebook programs link",
                executable: try context.tool(named: "hmfbook-buildfacts").url,
                arguments: [
                    "kit-version", output.path(percentEncoded: false),
                    context.package.directoryURL.path(percentEncoded: false),
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
