import Foundation
@testable import MetricCompiler

// This file does not import Testing, whose `SourceLocation` would clash with the compiler's: the
// test files name the compiler's `SpecLocation`, and Testing's `Testing.SourceLocation`.

/// A position in a spec file, as the compiler reports it.
typealias SpecLocation = SourceLocation

/// The package's own files, found from this file's path (Tests/MetricCompilerTests/SpecFixture.swift).
enum PackageFiles {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func url(_ relativePath: String) -> URL {
        root.appending(path: relativePath)
    }

    static func read(_ relativePath: String) throws -> String {
        try String(contentsOf: url(relativePath), encoding: .utf8)
    }

    /// The real fact schema, named as metricc names it when run from the package root.
    static func schema() throws -> SourceFile {
        SourceFile(path: "Specs/facts.schema", text: try read("Specs/facts.schema"))
    }
}

/// Spec text with position markers, in the manner of swift-format's `FindingSpec` tests: each
/// marker (`1️⃣` … `9️⃣`) is removed from the text, and remembered as the line and column of the
/// character that followed it.
struct MarkedText {
    static let markers: [Character] = ["0️⃣", "1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣"]

    /// The text without its markers.
    let text: String
    /// Each marker's 1-based line and column (in characters, as the compiler counts them).
    let positions: [String: (line: Int, column: Int)]

    init(_ marked: String) {
        var text = ""
        var positions: [String: (line: Int, column: Int)] = [:]
        var line = 1
        var column = 1
        for character in marked {
            if Self.markers.contains(character) {
                precondition(positions[String(character)] == nil, "marker \(character) is used twice")
                positions[String(character)] = (line, column)
                continue
            }
            text.append(character)
            if character == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        self.text = text
        self.positions = positions
    }

    func source(path: String) -> SourceFile {
        SourceFile(path: path, text: text)
    }
}

/// The text a diagnostic's location highlights in `source`: what a fix-it replaces.
func highlightedText(_ location: SpecLocation, in source: SourceFile) -> String {
    String(source.lineText(location.line).dropFirst(location.column - 1).prefix(location.length))
}

/// Where the compiler stops in a diagnostics test.
enum CompilerStage {
    /// Tokens only.
    case lexer
    /// Tokens and syntax; no schema, no checks.
    case parser
    /// The whole pipeline, with the real schema (Specs/facts.schema) compiled alongside.
    case checker
    /// The whole pipeline on the given text alone (for schema errors).
    case checkerWithoutSchema
}

/// Runs the compiler up to `stage` on `source` and returns its diagnostics.
func diagnostics(of source: SourceFile, stage: CompilerStage) throws -> [Diagnostic] {
    var collector = DiagnosticCollector()
    switch stage {
    case .lexer:
        _ = Lexer.tokenize(source, diagnostics: &collector)
        return collector.diagnostics.sorted { $0.location < $1.location }
    case .parser:
        // Sorted as the compiler sorts them: the lexer reports all its errors before the parser starts.
        _ = Parser.parse(source, diagnostics: &collector)
        return collector.diagnostics.sorted { $0.location < $1.location }
    case .checker:
        return MetricCompiler.compile([try PackageFiles.schema(), source]).diagnostics
    case .checkerWithoutSchema:
        return MetricCompiler.compile([source]).diagnostics
    }
}

/// Compiles `spec` (a `.metric` file's text) with the real schema.
func compileWithSchema(_ spec: String, path: String = "Specs/test.metric") throws -> MetricCompiler.Result {
    MetricCompiler.compile([try PackageFiles.schema(), SourceFile(path: path, text: spec)])
}
