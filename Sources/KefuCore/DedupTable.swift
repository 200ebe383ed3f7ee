/// The state of a deduplicated metric: for each key, the one fact that the spec keeps.
///
/// `distinct` and `first per … by` keep the entry with the smallest ordering, `last per … by` the
/// largest; equal orderings fall back to the event sequence, so the choice does not depend on how the
/// input was split between workers, and merging two halves gives exactly the whole.
public struct DedupTable: Sendable {
    public enum Keep: Sendable {
        case first
        case last
    }

    public struct Entry: Sendable, Equatable {
        public var order: Int64
        public var sequence: Int64
        /// The day that places the entry in the report range (the scope timestamp's day).
        public var scopeDay: Day
        public var cell: CellKey
        /// The measured value; nil for `count`, or when the measure has no value for this fact.
        public var value: Int64?
    }

    public let keep: Keep
    public private(set) var entries: [FactKey: Entry] = [:]

    public init(keep: Keep) {
        self.keep = keep
    }

    /// Offers a fact under `key`; it replaces the kept one if it comes before it (or after, for `last`).
    public mutating func offer(
        _ key: FactKey, order: Int64, sequence: Int64, scopeDay: Day, cell: CellKey, value: Int64?
    ) {
        let entry = Entry(order: order, sequence: sequence, scopeDay: scopeDay, cell: cell, value: value)
        if let kept = entries[key], !precedes(entry, kept) { return }
        entries[key] = entry
    }

    private func precedes(_ a: Entry, _ b: Entry) -> Bool {
        switch keep {
        case .first: (a.order, a.sequence) < (b.order, b.sequence)
        case .last: (a.order, a.sequence) > (b.order, b.sequence)
        }
    }

    public mutating func merge(_ other: DedupTable) {
        for (key, entry) in other.entries {
            if let kept = entries[key], !precedes(entry, kept) { continue }
            entries[key] = entry
        }
    }

    /// The kept entries whose scope day is in `days`, as a table: counted, or their values added.
    public func table(in days: ClosedRange<Day>, counting: Bool) -> MetricTable {
        var table = MetricTable()
        for entry in entries.values where days.contains(entry.scopeDay) {
            if counting {
                table.addOccurrence(at: entry.cell)
            } else if let value = entry.value {
                table.add(value, at: entry.cell)
            }
        }
        return table
    }
}
