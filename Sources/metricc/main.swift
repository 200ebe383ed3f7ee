import Foundation
import MetricCompiler

/// metricc: checks metric specs, emits their Swift aggregators, and writes the metric catalog.
let usage = """
    usage: metricc check PATH...
           metricc emit --out DIR [--prune] [--planned FILE,...] PATH...
           metricc catalog [--scenarios DIR] [--out FILE] PATH...

    PATH is a .metric or .schema file, or a folder of them (e.g. Specs). Every spec is checked
    against the fact schema; errors are printed as file:line:column with the source line.

    examples:
      metricc check Specs
      metricc emit --out Generated --prune Specs
      metricc catalog --scenarios Tests/ScenarioTests/Scenarios --out Generated/CATALOG.md Specs
    """

struct UsageError: Error {
    let message: String
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("metricc: \(message)\n".utf8))
    exit(2)
}

/// The spec files named by `paths`, folders expanded, in a stable order.
func specFiles(_ paths: [String]) throws -> [SourceFile] {
    var files: [String] = []
    for path in paths {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw UsageError(message: "no such file or folder: \(path)")
        }
        if isDirectory.boolValue {
            let names = try FileManager.default.contentsOfDirectory(atPath: path)
            let base = path.hasSuffix("/") ? String(path.dropLast()) : path
            files += names.filter { $0.hasSuffix(".metric") || $0.hasSuffix(".schema") }.sorted().map { "\(base)/\($0)" }
        } else {
            files.append(path)
        }
    }
    guard !files.isEmpty else { throw UsageError(message: "no .metric or .schema files in \(paths.joined(separator: ", "))") }
    return try files.map { path in
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw UsageError(message: "cannot read \(path)")
        }
        return SourceFile(path: path, text: text)
    }
}

/// Writes `contents` unless the file already holds exactly that, so unchanged outputs keep their
/// timestamps and incremental builds stay cheap.
func writeIfChanged(_ contents: String, to path: String) throws {
    let data = Data(contents.utf8)
    if FileManager.default.contents(atPath: path) == data { return }
    try data.write(to: URL(fileURLWithPath: path))
}

func compileOrReport(_ sources: [SourceFile], options: MetricCompiler.Options = .init()) -> MetricCompiler.Result {
    let result = MetricCompiler.compile(sources, options: options)
    if !result.diagnostics.isEmpty {
        let renderer = DiagnosticRenderer(sources: sources, colors: isatty(2) == 1)
        FileHandle.standardError.write(Data(renderer.render(result.diagnostics).utf8))
    }
    if !result.succeeded {
        let count = result.diagnostics.filter { $0.severity == .error }.count
        FileHandle.standardError.write(Data("\(count) error\(count == 1 ? "" : "s") in the specs\n".utf8))
        exit(1)
    }
    return result
}

func run(_ arguments: [String]) throws {
    guard let command = arguments.first else { throw UsageError(message: "missing command") }
    var rest = Array(arguments.dropFirst())
    func option(_ name: String) throws -> String? {
        guard let index = rest.firstIndex(of: name) else { return nil }
        guard index + 1 < rest.count else { throw UsageError(message: "\(name) needs a value") }
        let value = rest[index + 1]
        rest.removeSubrange(index...index + 1)
        return value
    }
    func flag(_ name: String) -> Bool {
        guard let index = rest.firstIndex(of: name) else { return false }
        rest.remove(at: index)
        return true
    }
    switch command {
    case "check":
        let sources = try specFiles(rest)
        let result = compileOrReport(sources)
        print("\(sources.count) spec file\(sources.count == 1 ? "" : "s") checked: no errors\(result.diagnostics.isEmpty ? "" : ", \(result.diagnostics.count) warnings")")
    case "emit":
        guard let out = try option("--out") else { throw UsageError(message: "emit needs --out DIR") }
        let planned = try option("--planned").map { $0.split(separator: ",").map(String.init) }
        let prune = flag("--prune")
        let result = compileOrReport(try specFiles(rest))
        var files = result.swiftFiles
        if let planned {
            files = MetricCompiler.fitToPlannedOutputs(files, planned: planned)
        }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        for file in files {
            try writeIfChanged(file.contents, to: "\(out)/\(file.name)")
        }
        if prune {
            let produced = Set(files.map(\.name))
            for name in try FileManager.default.contentsOfDirectory(atPath: out)
            where name.hasSuffix(".swift") && !produced.contains(name) {
                try FileManager.default.removeItem(atPath: "\(out)/\(name)")
            }
        }
    case "catalog":
        var scenarios: [(name: String, text: String)]?
        if let folder = try option("--scenarios") {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            scenarios = names.sorted().compactMap { name in
                guard let data = FileManager.default.contents(atPath: "\(folder)/\(name)") else { return nil }
                let stem = name.split(separator: ".").first.map(String.init) ?? name
                return (stem, String(decoding: data, as: UTF8.self))
            }
        }
        let out = try option("--out")
        let result = compileOrReport(try specFiles(rest), options: .init(scenarios: scenarios))
        if let out {
            try writeIfChanged(result.catalog, to: out)
        } else {
            print(result.catalog, terminator: "")
        }
    case "help", "--help", "-h":
        print(usage)
    default:
        throw UsageError(message: "unknown command '\(command)'")
    }
}

do {
    try run(Array(CommandLine.arguments.dropFirst()))
} catch let error as UsageError {
    fail("\(error.message)\n\(usage)")
} catch {
    fail("\(error)")
}
