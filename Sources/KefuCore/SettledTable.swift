/// The counted items of a metric kept in customers' ledgers (`CustomerLedger`): each item, once
/// settled, added to the accumulator of its cell and scope day.
///
/// An item whose cell is of its scope day (a day-scoped metric's) is kept by the number of its cell
/// in the set's `CellIndex` of its shape, as the metrics outside ledgers are. Any other (a range-scoped
/// metric's cells have no day) is kept by scope day and cell, since the report range filters on the
/// scope day (as `DedupTable.table(in:counting:)` does): an item without a scope day is in no range.
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

    /// The items whose cell's day is their scope day, by the cell's number.
    private var numbered = CellAccumulators()
    /// The other items, by scope day and cell.
    private var scoped = InlineHashMap<ScopedCell, Accumulator>()

    public init() {}

    /// Adds a settled item: counted, or its value added (an item without a value adds nothing);
    /// `cells` numbers the cells of the set the table belongs to.
    public mutating func add(_ item: CustomerLedger.Item, counting: Bool, cells: inout CellIndex) {
        guard counting || item.value != nil else { return }
        if item.cell.day == item.scopeDay && !item.scopeDay.isNone {
            let number = cells.number(of: item.cell)
            if counting {
                numbered.addOccurrence(at: number)
            } else if let value = item.value {
                numbered.add(value, at: number)
            }
            return
        }
        let position = scoped.insert(Accumulator(), forKey: ScopedCell(scopeDay: item.scopeDay, cell: item.cell)).position
        if counting {
            scoped[valueAt: position].addOccurrence()
        } else if let value = item.value {
            scoped[valueAt: position].add(value)
        }
    }

    /// Adds the items settled over other customers, in a set whose cell numbers `numbers` maps to
    /// this one's (`CellIndex.merge`).
    public mutating func merge(_ other: SettledTable, numbers: [Int]) {
        numbered.merge(other.numbered, numbers: numbers)
        for element in other.scoped.elements {
            let position = scoped.insert(Accumulator(), forKey: element.key).position
            scoped[valueAt: position].merge(element.value)
        }
    }

    /// The items whose scope day is in `days`, by cell; `cells` is the index of the table's set.
    public func table(in days: ClosedRange<Day>, cells: CellIndex) -> MetricTable {
        var table = numbered.table(in: days, cells: cells)
        for element in scoped.elements where days.contains(element.key.scopeDay) {
            table.merge(element.key.cell, element.value)
        }
        return table
    }
}
