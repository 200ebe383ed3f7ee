/// Renders diagnostics for people: the clickable first line, the source line with a caret under the
/// problem, notes and the suggested fix.
public struct DiagnosticRenderer: Sendable {
    private let sources: [String: SourceFile]
    private let colors: Bool

    public init(sources: [SourceFile], colors: Bool = false) {
        self.sources = Dictionary(sources.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        self.colors = colors
    }

    public func render(_ diagnostic: Diagnostic) -> String {
        var out = "\(diagnostic.location): \(paint(diagnostic.severity.rawValue + ":", diagnostic.severity)) \(diagnostic.message)\n"
        let location = diagnostic.location
        if let source = sources[location.file], location.line > 0 {
            let number = String(location.line)
            let gutter = String(repeating: " ", count: number.count)
            let line = source.lineText(location.line)
            out += "\(number) | \(line)\n"
            let prefix = String(line.prefix(max(0, location.column - 1)).map { $0 == "\t" ? Character("\t") : Character(" ") })
            let marks = String(repeating: "^", count: max(1, location.length))
            out += "\(gutter) | \(prefix)\(paint(marks, diagnostic.severity))\n"
            if let fixIt = diagnostic.fixIt {
                out += "\(gutter) | \(prefix)\(fixIt)\n"
            }
        }
        for note in diagnostic.notes {
            let place = note.location.map { "\($0): " } ?? ""
            out += "\(place)note: \(note.message)\n"
        }
        return out
    }

    public func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map(render).joined()
    }

    private func paint(_ text: String, _ severity: Diagnostic.Severity) -> String {
        guard colors else { return text }
        let code = switch severity {
        case .error: "31"
        case .warning: "33"
        case .note: "36"
        }
        return "\u{1B}[1;\(code)m\(text)\u{1B}[0m"
    }
}
