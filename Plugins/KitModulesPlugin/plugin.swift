import Foundation
import PackagePlugin

/// Records the C modules in NotebookKit's dependency closure (module map and compiler flags), which a notebook
/// program compiled against the prebuilt NotebookKit must be shown, as `KitModule.builtWith` in the target it
/// is applied to. The facts come from SwiftPM's plugin API: system-library targets with their pkg-config flags,
/// and C targets with their public headers.
@main
struct KitModulesPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let kit = try context.package.targets(named: ["NotebookKit"]).first else {
            throw PluginError("the package has no NotebookKit target")
        }
        var entries: [String] = []
        var inputs: [URL] = []
        for dependency in kit.recursiveTargetDependencies {
            if let system = dependency as? SystemLibraryTarget {
                let map = system.directoryURL.appending(path: "module.modulemap")
                inputs.append(map)
                entries.append(entry(system.name, map, system.compilerFlags))
            } else if let clang = dependency as? ClangSourceModuleTarget,
                let include = clang.publicHeadersDirectoryURL
            {
                let map = include.appending(path: "module.modulemap")
                guard FileManager.default.fileExists(atPath: map.path(percentEncoded: false)) else {
                    throw PluginError(
                        "C target \(clang.name) needs an explicit include/module.modulemap for notebook programs"
                    )
                }
                inputs.append(map)
                entries.append(entry(clang.name, map, ["-I" + include.path(percentEncoded: false)]))
            }
        }
        let output = context.pluginWorkDirectoryURL.appending(path: "KitModules.swift")
        return [
            .buildCommand(
                displayName: "Recording the C modules of NotebookKit",
                executable: try context.tool(named: "hmfbook-buildfacts").url,
                arguments: ["kit-modules", output.path(percentEncoded: false)] + entries.sorted(),
                inputFiles: inputs,
                outputFiles: [output])
        ]
    }

    private func entry(_ name: String, _ map: URL, _ flags: [String]) -> String {
        "\(name)|\(map.path(percentEncoded: false))|\(flags.joined(separator: ";"))"
    }
}

struct PluginError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
