/// A problem found in a spec, with where it is and how to fix it.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        case error
        case warning
        case note
    }

    /// A secondary location that explains the diagnostic (e.g. the first declaration of a duplicate).
    public struct Note: Sendable, Hashable {
        public let message: String
        public let location: SourceLocation?
    }

    public let severity: Severity
    public let message: String
    public let location: SourceLocation
    public let notes: [Note]
    /// Replacement text for the highlighted range that fixes the problem, if one is known.
    public let fixIt: String?

    public init(
        _ severity: Severity, _ message: String, at location: SourceLocation, notes: [Note] = [],
        fixIt: String? = nil
    ) {
        self.severity = severity
        self.message = message
        self.location = location
        self.notes = notes
        self.fixIt = fixIt
    }

    /// `file:line:column: error: message`, the form editors and SwiftPM make clickable.
    public var description: String { "\(location): \(severity.rawValue): \(message)" }
}
