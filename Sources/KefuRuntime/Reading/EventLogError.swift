/// An event log that could not be read at all (a missing file, a corrupt gzip stream).
///
/// Bad lines are not errors: they are counted in `InputSummary`.
public struct EventLogError: Error, CustomStringConvertible, Equatable {
    /// The path as the user gave it (`-` for standard input).
    public var path: String
    /// Why, e.g. `No such file or directory`.
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// One line: `cannot read "x.jsonl": No such file or directory`.
    public var description: String {
        let name = path == "-" ? "standard input" : "\"\(path)\""
        return "cannot read \(name): \(reason)"
    }
}
