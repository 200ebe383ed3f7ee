import KefuCore
import Testing

/// `CustomerLedger` keeps one item per metric slot and key by (order, sequence), settles the items
/// whose day is past their time field's watermark, and merges as if every fact had been offered to
/// one ledger; `SettledTable` counts or sums the settled items by cell and filters by scope day.
@Suite struct CustomerLedgerTests {
    struct Offer {
        var slot: UInt16
        var key: FactKey
        var settleDay: Day
        var settleTime: UInt8
        var order: Int64
        var sequence: Int64
        var scopeDay: Day
        var value: Int64?
    }

    static let day0 = Day(index: 20_000)

    /// Offers over three slots and a few dozen keys (a customer's ledger holds few), repeating
    /// keys and orders (ties broken by sequence), in no particular order. A key's settle day is its
    /// day field (`c`), except in slot 2, whose keys hold no day.
    static func offers() -> [Offer] {
        (0..<600).map { n in
            let scrambled = Int64((n * 7_919) % 600)
            let slot = UInt16(scrambled % 3)
            let dayOffset = scrambled % 4
            let key = FactKey(1, 7, slot == 2 ? 0 : Int64(day0.index) + dayOffset, scrambled % 5)
            return Offer(
                slot: slot, key: key,
                settleDay: slot == 2 ? .none : day0.advanced(by: Int32(dayOffset)), settleTime: UInt8(slot),
                order: scrambled % 13, sequence: scrambled, scopeDay: day0.advanced(by: Int32(scrambled % 5)),
                value: scrambled % 4 == 0 ? nil : scrambled)
        }
    }

    /// The keep of a slot: slot 1 keeps the last, the others the first.
    static func keep(_ slot: UInt16) -> DedupTable.Keep { slot == 1 ? .last : .first }

    static func offer(_ offer: Offer, to ledger: inout CustomerLedger) {
        ledger.offer(
            slot: offer.slot, keep: keep(offer.slot), offer.key, settleDay: offer.settleDay,
            settleTime: offer.settleTime, order: offer.order, sequence: offer.sequence, scopeDay: offer.scopeDay,
            cell: CellKey(day: offer.scopeDay, product: Symbol(raw: UInt32(offer.slot))), value: offer.value)
    }

    static func ledger(_ offers: some Sequence<Offer>) -> CustomerLedger {
        var ledger = CustomerLedger()
        for offer in offers {
            Self.offer(offer, to: &ledger)
        }
        return ledger
    }

    struct ItemKey: Hashable {
        var slot: UInt16
        var key: FactKey
    }

    static func byKey(_ items: [CustomerLedger.Item]) -> [ItemKey: CustomerLedger.Item] {
        Dictionary(uniqueKeysWithValues: items.map { (ItemKey(slot: $0.slot, key: $0.key), $0) })
    }

    // MARK: Offering

    @Test func keepsTheFirstOrLastByOrderThenSequence() {
        let offers = Self.offers()
        let ledger = Self.ledger(offers)
        let expected = Dictionary(grouping: offers) { ItemKey(slot: $0.slot, key: $0.key) }.mapValues { group in
            let sorted = group.sorted { ($0.order, $0.sequence) < ($1.order, $1.sequence) }
            return Self.keep(group[0].slot) == .first ? sorted.first! : sorted.last!
        }
        #expect(ledger.items.count == expected.count)
        for item in ledger.items {
            let offer = expected[ItemKey(slot: item.slot, key: item.key)]
            #expect(item.sequence == offer?.sequence)
            #expect(item.order == offer?.order)
            #expect(item.value == offer?.value)
            #expect(item.scopeDay == offer?.scopeDay)
            #expect(item.keepsLast == (item.slot == 1))
        }
    }

    @Test func equalOrdersAreBrokenBySequence() {
        let key = FactKey(1, 2)
        for keep in [DedupTable.Keep.first, .last] {
            var ledger = CustomerLedger()
            for sequence: Int64 in [20, 10, 30] {
                ledger.offer(
                    slot: 0, keep: keep, key, settleDay: .none, settleTime: 0, order: 5, sequence: sequence,
                    scopeDay: Self.day0, cell: CellKey(day: Self.day0), value: sequence)
            }
            // An earlier order wins over any sequence (a later one, when keeping the last).
            ledger.offer(
                slot: 0, keep: keep, key, settleDay: .none, settleTime: 0, order: keep == .first ? 4 : 6,
                sequence: 99, scopeDay: Self.day0, cell: CellKey(day: Self.day0), value: 99)
            #expect(ledger.items.map(\.sequence) == [99])
            var tie = CustomerLedger()
            for sequence: Int64 in [20, 10, 30] {
                tie.offer(
                    slot: 0, keep: keep, key, settleDay: .none, settleTime: 0, order: 5, sequence: sequence,
                    scopeDay: Self.day0, cell: CellKey(day: Self.day0), value: sequence)
            }
            #expect(tie.items.map(\.sequence) == [keep == .first ? 10 : 30])
            #expect(tie.items.map(\.value) == [keep == .first ? 10 : 30])
        }
    }

    @Test func slotsAndKeysDoNotCollide() {
        var ledger = CustomerLedger()
        func offer(slot: UInt16, _ key: FactKey, sequence: Int64) {
            ledger.offer(
                slot: slot, keep: .first, key, settleDay: .none, settleTime: 0, order: sequence, sequence: sequence,
                scopeDay: Self.day0, cell: CellKey(day: Self.day0), value: nil)
        }
        offer(slot: 0, FactKey(1, 2, 3), sequence: 1)
        offer(slot: 1, FactKey(1, 2, 3), sequence: 2)  // the same key in another metric
        offer(slot: 0, FactKey(1, 2, 4), sequence: 3)  // another key of the same metric
        offer(slot: 0, FactKey(1, 2, 3), sequence: 4)  // a later fact of the first key
        offer(slot: 1, FactKey(1, 2, 3), sequence: 0)  // an earlier fact of the second
        #expect(ledger.items.map(\.slot) == [0, 1, 0])
        #expect(ledger.items.map(\.key) == [FactKey(1, 2, 3), FactKey(1, 2, 3), FactKey(1, 2, 4)])
        #expect(ledger.items.map(\.sequence) == [1, 0, 3])
    }

    // MARK: Settling

    @Test func settlesExactlyTheItemsWhoseDayIsBeforeTheirWatermark() {
        let ledger = Self.ledger(Self.offers())
        // Slot 0's time has a watermark two days on; slot 1's time has none yet; slot 2's keys hold
        // no day.
        let watermarks: [UInt8: Day] = [0: Self.day0.advanced(by: 2)]
        var settling = ledger
        var settled = [Self.item(slot: 9, 0, scopeDay: Self.day0, cell: CellKey(day: Self.day0), value: nil)]
        settling.settle(into: &settled) { watermarks[$0] }

        let leaves: (CustomerLedger.Item) -> Bool = { item in
            guard !item.settleDay.isNone, let mark = watermarks[item.settleTime] else { return false }
            return item.settleDay < mark
        }
        let expectedSettled = ledger.items.filter(leaves)
        #expect(!expectedSettled.isEmpty)
        #expect(expectedSettled.allSatisfy { $0.slot == 0 && $0.settleDay < Self.day0.advanced(by: 2) })
        // Appended after what `settled` held, in the ledger's order; the rest stay, in order.
        #expect(settled.first?.slot == 9)
        #expect(Array(settled.dropFirst()) == expectedSettled)
        #expect(settling.items == ledger.items.filter { !leaves($0) })
        // Kept: slot 0 from the watermark's day on, slot 1 (no watermark) and slot 2 (no settle day).
        #expect(settling.items.contains { $0.slot == 0 && $0.settleDay == Self.day0.advanced(by: 2) })
        #expect(settling.items.filter { $0.slot == 1 }.count == ledger.items.filter { $0.slot == 1 }.count)
        #expect(settling.items.filter { $0.slot == 2 }.count == ledger.items.filter { $0.slot == 2 }.count)
        #expect(settling.hasSettlingItems)

        // Settling again with the same watermarks moves nothing more.
        var again = settling
        var none: [CustomerLedger.Item] = []
        again.settle(into: &none) { watermarks[$0] }
        #expect(none.isEmpty)
        #expect(again.items == settling.items)
    }

    @Test func itemsWithoutASettleDayStayWhateverTheWatermark() {
        var ledger = CustomerLedger()
        ledger.offer(
            slot: 0, keep: .first, FactKey(1, 2), settleDay: .none, settleTime: 0, order: 1, sequence: 1,
            scopeDay: Self.day0, cell: CellKey(day: .none), value: nil)
        #expect(!ledger.hasSettlingItems)
        var settled: [CustomerLedger.Item] = []
        ledger.settle(into: &settled) { _ in Self.day0.advanced(by: 1_000) }
        #expect(settled.isEmpty)
        #expect(ledger.items.count == 1)
        // The end of the input takes everything.
        let all = ledger.takeAll()
        #expect(all.map(\.key) == [FactKey(1, 2)])
        #expect(ledger.isEmpty)
    }

    // MARK: Merging

    @Test func mergedPartsEqualOneLedgerOfEveryOffer() {
        let offers = Self.offers()
        let whole = Self.ledger(offers)
        for parts in [2, 3] {
            var merged = CustomerLedger()
            for part in 0..<parts {
                merged.merge(Self.ledger(offers.enumerated().filter { $0.offset % parts == part }.map(\.element)))
            }
            // The same items; their order is that of first offers, which differs between the two.
            #expect(merged.items.count == whole.items.count)
            #expect(Self.byKey(merged.items) == Self.byKey(whole.items))
        }
    }

    // MARK: SettledTable

    /// A settled item of key `key`, as the end of the input takes it out of a ledger.
    static func item(
        slot: UInt16 = 0, _ key: Int64, scopeDay: Day, cell: CellKey, value: Int64?
    ) -> CustomerLedger.Item {
        var ledger = CustomerLedger()
        ledger.offer(
            slot: slot, keep: .first, FactKey(key), settleDay: .none, settleTime: 0, order: key, sequence: key,
            scopeDay: scopeDay, cell: cell, value: value)
        return ledger.takeAll()[0]
    }

    @Test func settledTableCountsOrSumsByCell() {
        let (a, b) = (CellKey(day: Self.day0, product: Symbol(raw: 1)), CellKey(day: Self.day0, product: Symbol(raw: 2)))
        let items = [
            Self.item(1, scopeDay: Self.day0, cell: a, value: 10),
            Self.item(2, scopeDay: Self.day0, cell: a, value: nil),
            Self.item(3, scopeDay: Self.day0, cell: a, value: 5),
            Self.item(4, scopeDay: Self.day0, cell: b, value: nil),
        ]
        var cells = CellIndex()
        var counting = SettledTable()
        var summing = SettledTable()
        for item in items {
            counting.add(item, counting: true, cells: &cells)
            summing.add(item, counting: false, cells: &cells)
        }
        let days = Self.day0...Self.day0
        // Counting counts every item, with a value or not.
        #expect(counting.table(in: days, cells: cells).cells.mapValues(\.count) == [a: 3, b: 1])
        #expect(counting.table(in: days, cells: cells).cells.mapValues(\.sum) == [a: 0, b: 0])
        // Summing adds the values; an item without one adds nothing, not even a cell.
        var expected = Accumulator()
        expected.add(10)
        expected.add(5)
        #expect(summing.table(in: days, cells: cells) == MetricTable(cells: [a: expected]))
    }

    @Test func settledTableKeepsTheItemsOfTheScopeDays() {
        let (d0, d1, d2) = (Self.day0, Self.day0.advanced(by: 1), Self.day0.advanced(by: 2))
        var cells = CellIndex()
        var table = SettledTable()
        for item in [
            Self.item(1, scopeDay: d0, cell: CellKey(day: d0), value: nil),
            Self.item(2, scopeDay: d1, cell: CellKey(day: d1), value: nil),
            Self.item(3, scopeDay: d2, cell: CellKey(day: d2), value: nil),
            // Range-scoped: the cells have no day, the scope day says whether the item is in range.
            Self.item(4, scopeDay: d0, cell: CellKey(day: .none), value: nil),
            Self.item(5, scopeDay: d1, cell: CellKey(day: .none), value: nil),
            Self.item(6, scopeDay: d1, cell: CellKey(day: .none), value: nil),
            Self.item(7, scopeDay: d2, cell: CellKey(day: .none), value: nil),
        ] {
            table.add(item, counting: true, cells: &cells)
        }
        #expect(table.table(in: d1...d1, cells: cells).cells.mapValues(\.count) == [CellKey(day: d1): 1, CellKey(day: .none): 2])
        #expect(
            table.table(in: d0...d1, cells: cells).cells.mapValues(\.count) == [
                CellKey(day: d0): 1, CellKey(day: d1): 1, CellKey(day: .none): 3,
            ])
        #expect(
            table.table(in: d0...d2, cells: cells).cells.mapValues(\.count) == [
                CellKey(day: d0): 1, CellKey(day: d1): 1, CellKey(day: d2): 1, CellKey(day: .none): 4,
            ])
        #expect(table.table(in: d2.advanced(by: 1)...d2.advanced(by: 5), cells: cells).cells.isEmpty)
    }

    @Test func settledTablesMergeAsOne() {
        let items = Self.offers().enumerated().map { n, offer in
            Self.item(
                Int64(n), scopeDay: offer.scopeDay,
                cell: CellKey(day: offer.slot == 2 ? .none : offer.scopeDay, product: Symbol(raw: UInt32(offer.slot))),
                value: offer.value)
        }
        for counting in [true, false] {
            // Each table of its own set, whose cells are numbered in the order its items came.
            var (wholeCells, firstCells, secondCells) = (CellIndex(), CellIndex(), CellIndex())
            var whole = SettledTable()
            var first = SettledTable()
            var second = SettledTable()
            for (n, item) in items.enumerated() {
                whole.add(item, counting: counting, cells: &wholeCells)
                if n % 3 == 0 {
                    first.add(item, counting: counting, cells: &firstCells)
                } else {
                    second.add(item, counting: counting, cells: &secondCells)
                }
            }
            first.merge(second, numbers: firstCells.merge(secondCells))
            for days in [Self.day0...Self.day0.advanced(by: 4), Self.day0.advanced(by: 1)...Self.day0.advanced(by: 2)] {
                #expect(first.table(in: days, cells: firstCells) == whole.table(in: days, cells: wholeCells))
            }
        }
    }
}
