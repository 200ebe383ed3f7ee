import Foundation
import Testing

/// Runs the built `kefu-metrics` binary, as a user would, and collects what it prints.
enum CLI {
    struct Result {
        var status: Int32
        var stdout: Data
        var stderr: String

        var text: String { String(decoding: stdout, as: UTF8.self) }

        /// The standard output parsed as a JSON object.
        func json(sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
            let object = try JSONSerialization.jsonObject(with: stdout, options: [.fragmentsAllowed])
            return try #require(object as? [String: Any], "not a JSON object: \(text.prefix(200))", sourceLocation: sourceLocation)
        }
    }

    /// The `kefu-metrics` built next to the test bundle (it is a dependency of the test target).
    static let executable: URL = {
        let name = "kefu-metrics"
        var candidates = [
            Bundle.main.bundleURL.appendingPathComponent(name),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent(name),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name),
        ]
        for bundle in Bundle.allBundles where bundle.bundleURL.pathExtension == "xctest" {
            candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent(name))
        }
        candidates.append(packageRoot.appendingPathComponent(".build/debug/\(name)"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[candidates.count - 1]
    }()

    /// The package's root folder, found from this file's path.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Runs `kefu-metrics arguments…`, with `stdin` as standard input (empty when nil). Standard
    /// output and error go to files, so a large output cannot block the child on a full pipe.
    static func run(_ arguments: [String], stdin: Data? = nil) throws -> Result {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let outURL = scratch.file("stdout")
        let errURL = scratch.file("stderr")
        let inURL = scratch.file("stdin")
        try (stdin ?? Data()).write(to: inURL)
        try Data().write(to: outURL)
        try Data().write(to: errURL)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let input = try FileHandle(forReadingFrom: inURL)
        let output = try FileHandle(forWritingTo: outURL)
        let error = try FileHandle(forWritingTo: errURL)
        defer {
            try? input.close()
            try? output.close()
            try? error.close()
        }
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        try process.run()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: try Data(contentsOf: outURL),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

    /// `kefu-metrics report --format json` on `events` (a log's text) given as a file, plus `extra`.
    static func reportJSON(events: String, _ extra: [String] = []) throws -> [String: Any] {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try scratch.write("events.jsonl", events)
        let result = try run(["report", "--events", path, "--format", "json"] + extra)
        #expect(result.status == 0, "report failed: \(result.stderr)")
        return try result.json()
    }
}

/// A temporary folder: `let scratch = try Scratch(); defer { scratch.remove() }`.
struct Scratch {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("kefu-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }

    func file(_ name: String) -> URL {
        url.appendingPathComponent(name)
    }

    /// Writes `text` to the file `name` and returns its path.
    func write(_ name: String, _ text: String) throws -> String {
        try write(name, Data(text.utf8))
    }

    func write(_ name: String, _ data: Data) throws -> String {
        let url = file(name)
        try data.write(to: url)
        return url.path
    }
}
