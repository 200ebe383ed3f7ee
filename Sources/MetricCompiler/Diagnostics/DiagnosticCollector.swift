/// Collects every diagnostic of a compilation, so that one run reports all problems at once.
struct DiagnosticCollector {
    private(set) var diagnostics: [Diagnostic] = []

    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    mutating func error(
        _ message: String, at location: SourceLocation, notes: [Diagnostic.Note] = [], fixIt: String? = nil
    ) {
        diagnostics.append(Diagnostic(.error, message, at: location, notes: notes, fixIt: fixIt))
    }

    mutating func warning(_ message: String, at location: SourceLocation, fixIt: String? = nil) {
        diagnostics.append(Diagnostic(.warning, message, at: location, fixIt: fixIt))
    }

    /// An error for an unknown name, with a "did you mean" suggestion from `candidates` when one is close.
    mutating func unknown(
        _ what: String, _ name: String, at location: SourceLocation, candidates: some Sequence<String>,
        context: String = ""
    ) {
        let suffix = context.isEmpty ? "" : " \(context)"
        if let suggestion = Suggestion.closest(to: name, in: candidates) {
            error(
                "unknown \(what) '\(name)'\(suffix); did you mean '\(suggestion)'?", at: location,
                fixIt: suggestion)
        } else {
            error("unknown \(what) '\(name)'\(suffix)", at: location)
        }
    }
}
