import Foundation
import Testing
@testable import MetricCompiler

/// Generated/ is the reviewed copy of what metricc makes of Specs/: this compiles Specs/ exactly as
/// the refresh plugin runs metricc from the package root, and expects every file to match.
@Suite struct GeneratedFreshnessTests {
    static let refreshCommand = "swift package --allow-writing-to-package-directory refresh-generated"

    /// The spec files as `metricc … Specs` lists them (Sources/metricc/main.swift, `specFiles`): the
    /// folder's .metric and .schema files sorted by name, named `Specs/<name>`.
    private func specSources() throws -> [SourceFile] {
        let names = try FileManager.default.contentsOfDirectory(atPath: PackageFiles.url("Specs").path)
        let paths = names.filter { $0.hasSuffix(".metric") || $0.hasSuffix(".schema") }.sorted().map { "Specs/\($0)" }
        return try paths.map { path in
            let data = try Data(contentsOf: PackageFiles.url(path))
            let text = try #require(String(data: data, encoding: .utf8), "\(path) is not UTF-8")
            return SourceFile(path: path, text: text)
        }
    }

    /// The scenarios as `metricc catalog --scenarios Tests/ScenarioTests/Scenarios` reads them.
    private func scenarios() -> [(name: String, text: String)] {
        let folder = PackageFiles.url("Tests/ScenarioTests/Scenarios").path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.sorted().compactMap { name in
            guard let data = FileManager.default.contents(atPath: "\(folder)/\(name)") else { return nil }
            let stem = name.split(separator: ".").first.map(String.init) ?? name
            return (stem, String(decoding: data, as: UTF8.self))
        }
    }

    /// The first line where `committed` differs from `generated`, with both versions of it.
    private func firstDifference(generated: String, committed: String) -> String? {
        guard generated != committed else { return nil }
        let new = generated.split(separator: "\n", omittingEmptySubsequences: false)
        let old = committed.split(separator: "\n", omittingEmptySubsequences: false)
        let line = zip(new, old).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(new.count, old.count)
        func show(_ lines: [Substring]) -> String { line < lines.count ? "\"\(lines[line])\"" : "(end of file)" }
        return "line \(line + 1):\n  from Specs/:   \(show(new))\n  in Generated/: \(show(old))"
    }

    /// Expects Generated/`name` to hold `contents`; otherwise names the file, its first stale line
    /// and the command that refreshes it.
    private func expectFresh(_ name: String, _ contents: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let path = "Generated/\(name)"
        guard let committed = try? PackageFiles.read(path) else {
            Issue.record("\(path) is missing; run `\(Self.refreshCommand)`", sourceLocation: sourceLocation)
            return
        }
        if let difference = firstDifference(generated: contents, committed: committed) {
            Issue.record(
                "\(path) is stale, first at \(difference)\nRun `\(Self.refreshCommand)` from the package root.",
                sourceLocation: sourceLocation)
        }
    }

    @Test func specsCompileWithoutDiagnostics() throws {
        let result = MetricCompiler.compile(try specSources())
        #expect(result.diagnostics.map(\.description) == [])
        #expect(result.succeeded)
    }

    @Test func everyGeneratedSwiftFileMatchesTheSpecs() throws {
        // `metricc emit --out Generated --prune Specs`
        let result = MetricCompiler.compile(try specSources())
        try #require(result.succeeded, "Specs/ does not compile; run `swift run metricc check Specs`")
        #expect(result.swiftFiles.map(\.name).contains("Facts.swift"))
        #expect(result.swiftFiles.map(\.name).contains("MetricSet.swift"))
        for file in result.swiftFiles {
            expectFresh(file.name, file.contents)
        }
    }

    @Test func generatedHasNoSwiftFileTheSpecsNoLongerMake() throws {
        // `--prune` deletes the .swift files of Generated/ that emit did not write.
        let result = MetricCompiler.compile(try specSources())
        try #require(result.succeeded)
        let produced = Set(result.swiftFiles.map(\.name))
        let present = try FileManager.default.contentsOfDirectory(atPath: PackageFiles.url("Generated").path)
        for name in present.sorted() where name.hasSuffix(".swift") && !produced.contains(name) {
            Issue.record(
                "Generated/\(name) is no longer made from Specs/; run `\(Self.refreshCommand)`, which prunes it")
        }
    }

    @Test func catalogMatchesTheSpecsAndTheScenarios() throws {
        // `metricc catalog --scenarios Tests/ScenarioTests/Scenarios --out Generated/CATALOG.md Specs`
        let result = MetricCompiler.compile(try specSources(), options: .init(scenarios: scenarios()))
        try #require(result.succeeded)
        expectFresh("CATALOG.md", result.catalog)
    }
}
