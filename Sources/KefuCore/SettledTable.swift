/// The counted items of a metric kept in customers' ledgers (`CustomerLedger`): each item, once
/// settled, added to the accumulator of its cell and scope day.
///
/// The scope day is kept apart from the cell because a range-scoped metric's cells have no day, and
/// the report range filters on the scope day (as `DedupTable.table(in:counting:)` does).
public struct SettledTable: Sendable {
    struct ScopedCell: TableHashable {
        var scopeDay: Day
        var cell: CellKey

        var tableHash: UInt64 {
            TableHash.hash(
                TableHash.pack(UInt32(bitPattern: cell.day.index), cell.product.raw),
                TableHash.pack(UInt32(bitPattern: scopeDay.index), cell.agent.raw))
        }
    }

    private var accumulators = InlineHashMap<ScopedCell, Accumulator>()

    public init() {}

    /// Adds a settled item: counted, or its value added (an item without a value adds nothing).
    public mutating func add(_ item: CustomerLedger.Item, counting: Bool) {
        guard counting || item.value != nil else { return }
        let position = accumulators.insert(Accumulator(), forKey: ScopedCell(scopeDay: item.scopeDay, cell: item.cell))
            .position
        if counting {
            accumulators[valueAt: position].addOccurrence()
        } else if let value = item.value {
            accumulators[valueAt: position].add(value)
        }
    }

    /// Adds the items settled over other customers.
    public mutating func merge(_ other: SettledTable) {
        for element in other.accumulators.elements {
            let position = accumulators.insert(Accumulator(), forKey: element.key).position
            accumulators[valueAt: position].merge(element.value)
        }
    }

    /// The items whose scope day is in `days`, by cell.
    public func table(in days: ClosedRange<Day>) -> MetricTable {
        var table = MetricTable()
        for element in accumulators.elements where days.contains(element.key.scopeDay) {
            table.merge(element.key.cell, element.value)
        }
        return table
    }
}
