import Testing
@testable import MetricCompiler

/// A fix-it a diagnostic must carry: the highlighted text and what replaces it.
struct FixItSpec: Equatable {
    let original: String
    let replacement: String

    static func replace(_ original: String, with replacement: String) -> FixItSpec {
        FixItSpec(original: original, replacement: replacement)
    }
}

/// A note a diagnostic must carry, at a marker of the same text.
struct NoteSpec {
    let marker: String
    let message: String

    init(_ marker: String, _ message: String) {
        self.marker = marker
        self.message = message
    }
}

/// One diagnostic a test expects, at a marker of the spec text (swift-format's `FindingSpec`).
struct DiagnosticSpec {
    let marker: String
    let message: String
    let severity: Diagnostic.Severity
    let fixIt: FixItSpec?
    let notes: [NoteSpec]

    init(
        _ marker: String, _ message: String, severity: Diagnostic.Severity = .error, fixIt: FixItSpec? = nil,
        notes: [NoteSpec] = []
    ) {
        self.marker = marker
        self.message = message
        self.severity = severity
        self.fixIt = fixIt
        self.notes = notes
    }

    /// A diagnostic at marker `1️⃣`.
    init(_ message: String, severity: Diagnostic.Severity = .error, fixIt: FixItSpec? = nil, notes: [NoteSpec] = []) {
        self.init("1️⃣", message, severity: severity, fixIt: fixIt, notes: notes)
    }
}

/// Compiles the marked text up to `stage` and expects exactly `expected`, in order: each at its
/// marker's line and column, with its severity, message, fix-it and notes.
func assertDiagnostics(
    _ markedText: String, _ expected: [DiagnosticSpec], stage: CompilerStage = .checker,
    path: String = "Specs/test.metric", sourceLocation: Testing.SourceLocation = #_sourceLocation
) throws {
    let marked = MarkedText(markedText)
    let source = marked.source(path: path)
    let actual = try diagnostics(of: source, stage: stage)

    func position(_ marker: String) -> String {
        guard let position = marked.positions[marker] else {
            Issue.record("marker \(marker) is not in the spec text", sourceLocation: sourceLocation)
            return "\(path):?:?"
        }
        return "\(path):\(position.line):\(position.column)"
    }

    let expectedLines = expected.map { spec in
        var text = "\(position(spec.marker)): \(spec.severity.rawValue): \(spec.message)"
        if let fixIt = spec.fixIt {
            text += "\n  fix-it: '\(fixIt.original)' → '\(fixIt.replacement)'"
        }
        for note in spec.notes {
            text += "\n  note: \(position(note.marker)): \(note.message)"
        }
        return text
    }
    let actualLines = actual.map { diagnostic in
        var text = "\(diagnostic.location): \(diagnostic.severity.rawValue): \(diagnostic.message)"
        if let fixIt = diagnostic.fixIt {
            let original = diagnostic.location.file == path ? highlightedText(diagnostic.location, in: source) : "?"
            text += "\n  fix-it: '\(original)' → '\(fixIt)'"
        }
        for note in diagnostic.notes {
            text += "\n  note: \(note.location.map { "\($0)" } ?? "nowhere"): \(note.message)"
        }
        return text
    }
    #expect(actualLines == expectedLines, sourceLocation: sourceLocation)
}

/// Compiles the marked text with the real schema and expects it to compile without a diagnostic.
func assertCompilesCleanly(
    _ text: String, path: String = "Specs/test.metric", sourceLocation: Testing.SourceLocation = #_sourceLocation
) throws {
    let result = try compileWithSchema(text, path: path)
    #expect(result.diagnostics.map(\.description) == [], sourceLocation: sourceLocation)
    #expect(result.succeeded, sourceLocation: sourceLocation)
}
