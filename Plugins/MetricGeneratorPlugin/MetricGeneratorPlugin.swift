import Foundation
import PackagePlugin

/// Compiles the package's Specs/ folder into the Swift aggregators of the target it is applied to.
///
/// metricc reads the Specs/ folder itself, and the folder is an input of the command, so a spec
/// file added or removed changes the folder and regenerates the code without a re-plan; the output
/// is one file of a fixed name for the same reason.
@main
struct MetricGeneratorPlugin: BuildToolPlugin {
    enum PluginError: Error, CustomStringConvertible {
        case noSpecs(String)

        var description: String {
            switch self {
            case .noSpecs(let path):
                "no specs found: add the fact schema 'facts.schema' and '.metric' files to \(path)"
            }
        }
    }

    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let specs = context.package.directoryURL.appending(path: "Specs")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: specs.path)) ?? []
        let files = names.filter { $0.hasSuffix(".metric") || $0.hasSuffix(".schema") }.sorted()
            .map { specs.appending(path: $0) }
        guard !files.isEmpty else { throw PluginError.noSpecs(specs.path) }
        let tool = try context.tool(named: "metricc")
        let output = context.pluginWorkDirectoryURL.appending(path: "KefuMetrics.generated.swift")
        return [
            .buildCommand(
                displayName: "Compiling metric specs in \(specs.path)",
                executable: tool.url,
                arguments: [
                    "emit", "--out", context.pluginWorkDirectoryURL.path, "--single-file",
                    "KefuMetrics.generated.swift", specs.path,
                ],
                inputFiles: files + [specs, tool.url],
                outputFiles: [output]
            )
        ]
    }
}
