/// A line of an event log that was not applied, and why.
public struct RejectedLine: Sendable, Equatable, CustomStringConvertible {
    /// The 1-based line number in the file.
    public var line: Int
    /// One line of text, e.g. `missing field "customer"`.
    public var reason: String

    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }

    /// `line 12: missing field "customer"`.
    public var description: String { "line \(line): \(reason)" }
}
