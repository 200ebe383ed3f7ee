/// Compiles metric specs and the fact schema into Swift aggregators and a catalog.
///
/// The pipeline: parse every file (collecting syntax errors), build the fact schema, check every
/// metric against it and against each other, then print Swift and Markdown. Every diagnostic of
/// every stage is reported in one run.
public enum MetricCompiler {
    /// How generated code is laid out.
    public struct Options {
        /// The golden scenarios, by name, whose text names the metrics they check; the catalog lists
        /// which scenarios cover each metric. Nil leaves coverage out.
        public var scenarios: [(name: String, text: String)]?

        public init(scenarios: [(name: String, text: String)]? = nil) {
            self.scenarios = scenarios
        }
    }

    public struct GeneratedFile: Sendable, Equatable {
        public let name: String
        public let contents: String
    }

    public struct Result: Sendable {
        public let diagnostics: [Diagnostic]
        /// Empty when there are errors.
        public let swiftFiles: [GeneratedFile]
        public let catalog: String
        public var succeeded: Bool { !diagnostics.contains { $0.severity == .error } }
    }

    /// Compiles `sources`: `.schema` files declare facts, `.metric` files declare metrics.
    public static func compile(_ sources: [SourceFile], options: Options = Options()) -> Result {
        var diagnostics = DiagnosticCollector()
        let files = sources.map { Parser.parse($0, diagnostics: &diagnostics) }
        let schema = Schema.build(from: files, diagnostics: &diagnostics)
        if schema.streams.isEmpty, let first = sources.first {
            diagnostics.error(
                "no fact streams are declared; pass the schema file (Specs/facts.schema) with the specs",
                at: SourceLocation(file: first.path, line: 1, column: 1))
        }
        let metrics = MetricChecker(schema: schema).check(files, diagnostics: &diagnostics)
        let sorted = diagnostics.diagnostics.sorted { $0.location < $1.location }
        guard !diagnostics.hasErrors else {
            return Result(diagnostics: sorted, swiftFiles: [], catalog: "")
        }
        var swiftFiles = [GeneratedFile(name: "Facts.swift", contents: FactsEmitter(schema: schema).emit())]
        for file in files where !file.metrics.isEmpty {
            let checked = metrics.filter { $0.sourcePath == file.source.path && $0.stream != nil }
            var printer = CodePrinter()
            printer.print(GeneratedFileHeader.lines(sources: [file.source.path]))
            printer.print("import KefuCore")
            for metric in checked {
                printer.print()
                AggregatorEmitter(metric: metric, stream: metric.stream!).emit(into: &printer)
            }
            swiftFiles.append(GeneratedFile(name: fileName(for: file.source.path), contents: printer.text))
        }
        let metricSources = files.filter { !$0.metrics.isEmpty }.map(\.source.path)
        swiftFiles.append(
            GeneratedFile(
                name: "MetricSet.swift",
                contents: MetricSetEmitter(schema: schema, metrics: metrics, sources: metricSources).emit()))
        let coverage = options.scenarios.map { ScenarioCoverage.scan($0, metricIds: metrics.map(\.id)) }
        let catalog = CatalogEmitter(metrics: metrics, coverage: coverage).emit()
        return Result(diagnostics: sorted, swiftFiles: swiftFiles, catalog: catalog)
    }

    /// Lays generated files out as the build planned them: the per-spec files SwiftPM expects (empty
    /// for a spec removed since), `Facts.swift`, `MetricSet.swift`, and `AddedSpecs.swift` holding
    /// the aggregators of specs added since planning. A build tool's outputs are fixed when SwiftPM
    /// plans, and this keeps adding or removing a spec working without a re-plan.
    public static func fitToPlannedOutputs(_ files: [GeneratedFile], planned: [String]) -> [GeneratedFile] {
        let fixed: Set<String> = ["Facts.swift", "MetricSet.swift"]
        var result = files.filter { fixed.contains($0.name) || planned.contains($0.name) }
        let added = files.filter { !fixed.contains($0.name) && !planned.contains($0.name) }
        result.append(
            GeneratedFile(
                name: "AddedSpecs.swift",
                contents: added.isEmpty
                    ? "// No specs were added since SwiftPM planned this build.\n"
                    : added.map(\.contents).joined(separator: "\n")))
        for name in planned where !files.contains(where: { $0.name == name }) {
            result.append(
                GeneratedFile(name: name, contents: "// The spec of this file was removed; SwiftPM drops the file when it re-plans.\n"))
        }
        return result
    }

    /// `Specs/reception.metric` → `ReceptionMetrics.swift`.
    static func fileName(for path: String) -> String {
        let base = path.split(separator: "/").last.map(String.init) ?? path
        let stem = base.split(separator: ".").first.map(String.init) ?? base
        return SwiftNames.type(stem.replacing("-", with: "_")) + "Metrics.swift"
    }
}
