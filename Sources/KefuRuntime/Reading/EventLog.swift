import KefuCore

/// The valid events of a log in the order they are applied, with the names of their ids.
public struct EventLog: Sendable {
    /// Applied events in time order; events at the same instant keep their file order.
    public var events: [LogEvent]
    /// The names of the products, customers and agents the events refer to.
    public var symbols: SymbolNames
    public var summary: InputSummary
    /// Whether the file was already in time order (so the events were not re-sorted).
    public var wasSorted: Bool
    /// How many lines were read, blank ones included.
    var lastLine = 0

    public init(events: [LogEvent], symbols: SymbolNames, summary: InputSummary, wasSorted: Bool) {
        self.events = events
        self.symbols = symbols
        self.summary = summary
        self.wasSorted = wasSorted
    }
}
