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
    /// The kept entry of each key. A `FlatHashMap`, not a `Dictionary`: offering is the hottest path
    /// of the aggregators, and SipHash and rehashing on growth dominated it.
    private var kept = FlatHashMap<FactKey, Entry>()

    public init(keep: Keep) {
        self.keep = keep
    }

    /// The number of keys with a kept entry.
    public var count: Int { kept.count }

    /// The kept entries by key, as a dictionary built on each call: for tests and inspection, not
    /// for hot paths.
    public var entries: [FactKey: Entry] {
        Dictionary(uniqueKeysWithValues: kept.elements.lazy.map { ($0.key, $0.value) })
    }

    /// Offers a fact under `key`; it replaces the kept one if it comes before it (or after, for `last`).
    public mutating func offer(
        _ key: FactKey, order: Int64, sequence: Int64, scopeDay: Day, cell: CellKey, value: Int64?
    ) {
        offer(Entry(order: order, sequence: sequence, scopeDay: scopeDay, cell: cell, value: value), under: key)
    }

    /// Keeps `entry` under `key` if the key has none yet, or if it precedes the kept one.
    private mutating func offer(_ entry: Entry, under key: FactKey) {
        let (inserted, position) = kept.insert(entry, forKey: key)
        if !inserted && precedes(entry, kept[valueAt: position]) {
            kept[valueAt: position] = entry
        }
    }

    private func precedes(_ a: Entry, _ b: Entry) -> Bool {
        switch keep {
        case .first: (a.order, a.sequence) < (b.order, b.sequence)
        case .last: (a.order, a.sequence) > (b.order, b.sequence)
        }
    }

    /// Adds the entries of `other` (a table of the same metric over other facts), as if its facts had
    /// been offered here.
    public mutating func merge(_ other: DedupTable) {
        if kept.isEmpty {
            kept = other.kept
            return
        }
        kept.reserveCapacity(kept.count + other.kept.count)
        for element in other.kept.elements {
            offer(element.value, under: element.key)
        }
    }

    /// The kept entries whose scope day is in `days`, as a table: counted, or their values added.
    public func table(in days: ClosedRange<Day>, counting: Bool) -> MetricTable {
        var table = MetricTable()
        for element in kept.elements where days.contains(element.value.scopeDay) {
            let entry = element.value
            if counting {
                table.addOccurrence(at: entry.cell)
            } else if let value = entry.value {
                table.add(value, at: entry.cell)
            }
        }
        return table
    }
}
