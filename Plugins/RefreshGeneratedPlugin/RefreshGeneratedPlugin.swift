import Foundation
import PackagePlugin

/// Regenerates Generated/, the reviewed copy of the generated code and the metric catalog, so a
/// spec change shows up as a readable diff. Paths in it are relative to the package, never a
/// machine's.
@main
struct RefreshGeneratedPlugin: CommandPlugin {
    enum PluginError: Error, CustomStringConvertible {
        case failed(String, Int32)

        var description: String {
            switch self {
            case .failed(let step, let status): "metricc \(step) failed with status \(status); fix the specs and run again"
            }
        }
    }

    func performCommand(context: PluginContext, arguments: [String]) throws {
        let tool = try context.tool(named: "metricc")
        let root = context.package.directoryURL
        try run(tool.url, ["emit", "--out", "Generated", "--prune", "Specs"], in: root)
        try run(
            tool.url,
            ["catalog", "--scenarios", "Tests/ScenarioTests/Scenarios", "--out", "Generated/CATALOG.md", "Specs"],
            in: root)
        print("Generated/ is up to date with Specs/.")
    }

    private func run(_ executable: URL, _ arguments: [String], in directory: URL) throws {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PluginError.failed(arguments[0], process.terminationStatus)
        }
    }
}
