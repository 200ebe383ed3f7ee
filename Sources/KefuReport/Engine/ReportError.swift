import KefuMetrics
/// A problem with the report's arguments or files, shown to the user as one line.
public struct ReportError: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
