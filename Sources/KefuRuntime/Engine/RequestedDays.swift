import KefuMetrics

/// The days a report covers, as the user gave them; a missing end defaults to the log's first or
/// last day with applied events.
public struct RequestedDays: Sendable {
    public var first: Day?
    public var last: Day?

    public init(first: Day? = nil, last: Day? = nil) {
        self.first = first
        self.last = last
    }
}
