import Foundation
import PackagePlugin

/// Compiles the package's Specs/ folder into the Swift aggregators of the target it is applied to.
///
/// The Specs/ folder is an input as a directory tree (the trailing `/`), so editing, adding or
/// removing a spec reruns metricc without SwiftPM re-planning. Outputs are one file per spec known
/// when SwiftPM planned the build, so an edit recompiles only that spec's file; specs added since
/// go to `AddedSpecs.swift` and removed ones leave an empty file, until the next re-plan.
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
        guard names.contains(where: { $0.hasSuffix(".schema") }) else { throw PluginError.noSpecs(specs.path) }
        let planned = names.filter { $0.hasSuffix(".metric") }.sorted().map(Self.swiftFileName)
        let outputs = ["Facts.swift", "MetricSet.swift", "AddedSpecs.swift"] + planned
        let tool = try context.tool(named: "metricc")
        let out = context.pluginWorkDirectoryURL
        return [
            .buildCommand(
                displayName: "Compiling metric specs in \(specs.path)",
                executable: tool.url,
                arguments: ["emit", "--out", out.path, "--planned", planned.joined(separator: ","), specs.path],
                inputFiles: [URL(fileURLWithPath: specs.path + "/", isDirectory: true), tool.url],
                outputFiles: outputs.map { out.appending(path: $0) }
            )
        ]
    }

    /// The Swift file metricc writes for a spec: `reception.metric` → `ReceptionMetrics.swift`.
    static func swiftFileName(_ spec: String) -> String {
        let stem = spec.split(separator: ".").first.map(String.init) ?? spec
        let words = stem.split(whereSeparator: { $0 == "_" || $0 == "-" })
        return words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined() + "Metrics.swift"
    }
}
