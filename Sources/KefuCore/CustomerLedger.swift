/// The deduplication state of one customer's facts, for the metrics whose key holds the customer
/// (`distinct product, customer, …`, `first per product, customer, … by …`).
///
/// A `DedupTable` keeps every key of a metric in one large table, and so misses the cache on each
/// offer and holds every key to the end. A ledger lives beside the customer's conversation state
/// instead: offering touches memory already in cache, and an item leaves the ledger, counted for
/// good (`FactSink.settle`), once no later fact can have its key.
///
/// Exactness rests on two facts the runtime guarantees. Work is split by customer, so a key holding
/// the customer occurs in one ledger only. And an item whose key holds the day of a fact time
/// (`settleTime`) can be settled once the customer's open state can no longer deliver a fact whose
/// time falls on that day (the runtime's watermark for that time field): no later fact can then
/// have its key, so the kept entry is final. An item whose key is the customer alone (`first per
/// product, customer by ts`) can become final too, once no later fact can precede it (`Finality`):
/// it is counted, and the ledger remembers only that its metric's key is done.
public struct CustomerLedger: Sendable {
    /// When an item whose key holds nothing but the customer is final before the end of the input.
    public enum Finality: Sendable, Equatable {
        /// Only at the end of the input.
        case never
        /// Ordered by fact sequence (`distinct`): once no fact of the stream (a `FactStream`) with
        /// a smaller sequence can still come.
        case bySequence(stream: UInt8)
        /// Ordered by a time field (a `FactTime`): once no fact with an earlier time can still come.
        case byTime(UInt8)
    }

    /// The kept fact of one key of one metric.
    public struct Item: Sendable, Equatable {
        public var key: FactKey
        public var order: Int64
        public var sequence: Int64
        /// The measured value; nil for `count`, or when the measure has no value for this fact.
        public var value: Int64?
        /// The day that places the entry in the report range (the scope timestamp's day).
        public var scopeDay: Day
        public var cell: CellKey
        /// The day in the key that lets the item settle early, with the fact time it is the day of;
        /// `.none` when the key holds no such day: the item then settles at the end of the input.
        public var settleDay: Day
        public var settleTime: UInt8
        /// Which metric the item belongs to (the metric's ledger slot).
        public var slot: UInt16
        public var keepsLast: Bool
        public var finality: Finality
    }

    /// The items, in the order their keys were first offered. A customer has a few at a time, so a
    /// linear search beats hashing.
    public private(set) var items: [Item] = []
    /// The slots (below 64) whose one key is final: later offers can not precede its counted item.
    private var finalSlots: UInt64 = 0

    @inlinable
    public init() {}

    public var isEmpty: Bool { items.isEmpty }

    /// Whether some item has a settle day or can become final, and so may leave before the end of
    /// the input. Kept up to date rather than computed: the runtime asks after every event.
    public private(set) var hasSettlingItems = false

    /// Offers a fact under `key` for the metric of `slot`: it replaces the kept one if it comes before
    /// it (after, when `keep` is `.last`), ordering by `order`, then by `sequence`.
    public mutating func offer(
        slot: UInt16, keep: DedupTable.Keep, _ key: FactKey, settleDay: Day, settleTime: UInt8,
        finality: Finality = .never, order: Int64, sequence: Int64, scopeDay: Day, cell: CellKey, value: Int64?
    ) {
        if slot < 64, finalSlots & (1 << slot) != 0 { return }
        for index in items.indices where items[index].slot == slot && items[index].key == key {
            let kept = items[index]
            let replaces =
                switch keep {
                case .first: (order, sequence) < (kept.order, kept.sequence)
                case .last: (order, sequence) > (kept.order, kept.sequence)
                }
            if replaces {
                items[index].order = order
                items[index].sequence = sequence
                items[index].value = value
                items[index].scopeDay = scopeDay
                items[index].cell = cell
            }
            return
        }
        if !settleDay.isNone || finality != .never { hasSettlingItems = true }
        items.append(
            Item(
                key: key, order: order, sequence: sequence, value: value, scopeDay: scopeDay, cell: cell,
                settleDay: settleDay, settleTime: settleTime, slot: slot, keepsLast: keep == .last,
                finality: finality))
    }

    /// Offers the items of `other` (a ledger of the same customer over other facts), as if its facts
    /// had been offered here. Neither ledger may have final items yet.
    public mutating func merge(_ other: CustomerLedger) {
        precondition(finalSlots == 0 && other.finalSlots == 0, "a ledger with final items can not merge")
        for item in other.items {
            offer(
                slot: item.slot, keep: item.keepsLast ? .last : .first, item.key, settleDay: item.settleDay,
                settleTime: item.settleTime, finality: item.finality, order: item.order, sequence: item.sequence, scopeDay: item.scopeDay,
                cell: item.cell, value: item.value)
        }
    }

    /// Removes, appending them to `settled`, the items no later fact can change: those whose settle
    /// day is before `watermark(settleTime)`, and final ones: ordered before
    /// `sequenceMark(stream)` or `timeMark(time)` (in microseconds). A nil mark means not yet known.
    public mutating func settle(
        into settled: inout [Item], watermark: (UInt8) -> Day?, sequenceMark: (UInt8) -> Int64? = { _ in nil },
        timeMark: (UInt8) -> Int64? = { _ in nil }
    ) {
        var kept = 0
        hasSettlingItems = false
        for index in items.indices {
            let item = items[index]
            if !item.settleDay.isNone, let mark = watermark(item.settleTime), item.settleDay < mark {
                settled.append(item)
            } else if isFinal(item, sequenceMark: sequenceMark, timeMark: timeMark) {
                settled.append(item)
                if item.slot < 64 { finalSlots |= 1 << item.slot }
            } else {
                items[kept] = item
                kept += 1
                if !item.settleDay.isNone || item.finality != .never { hasSettlingItems = true }
            }
        }
        if kept == 0 {
            // Most customers' ledgers empty out entirely: free the storage rather than keep it.
            items = []
        } else if kept < items.count {
            items.removeLast(items.count - kept)
            if items.capacity > 2 * kept { items = Array(items) }
        }
    }

    private func isFinal(_ item: Item, sequenceMark: (UInt8) -> Int64?, timeMark: (UInt8) -> Int64?) -> Bool {
        guard item.slot < 64, !item.keepsLast else { return false }
        switch item.finality {
        case .never: return false
        case .bySequence(let stream): return sequenceMark(stream).map { item.order < $0 } ?? false
        case .byTime(let time): return timeMark(time).map { item.order < $0 } ?? false
        }
    }

    /// Removes every item, for the end of the input, when no fact can come any more.
    public mutating func takeAll() -> [Item] {
        defer {
            items = []
            hasSettlingItems = false
        }
        return items
    }
}
