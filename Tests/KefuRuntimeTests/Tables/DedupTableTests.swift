import KefuCore
import Testing

/// `DedupTable` keeps one entry per key by (order, sequence), and merging parts equals the whole.
@Suite struct DedupTableTests {
    struct Offer {
        var key: FactKey
        var order: Int64
        var sequence: Int64
        var value: Int64?
    }

    /// Offers with repeated keys and orders (ties broken by sequence), in no particular order.
    static func offers() -> [Offer] {
        (0..<3_000).map { n in
            let scrambled = Int64((n * 7_919) % 3_000)
            return Offer(
                key: FactKey(scrambled % 5, scrambled % 211), order: scrambled % 13, sequence: scrambled,
                value: scrambled % 4 == 0 ? nil : scrambled)
        }
    }

    static func table(_ keep: DedupTable.Keep, _ offers: some Sequence<Offer>) -> DedupTable {
        var table = DedupTable(keep: keep)
        for offer in offers {
            let cell = CellKey(day: Day(index: Int32(offer.sequence % 3)), product: Symbol(raw: UInt32(offer.key.a)))
            table.offer(
                offer.key, order: offer.order, sequence: offer.sequence, scopeDay: cell.day, cell: cell,
                value: offer.value)
        }
        return table
    }

    @Test(arguments: [DedupTable.Keep.first, .last])
    func keepsTheFirstOrLastByOrderThenSequence(_ keep: DedupTable.Keep) {
        let offers = Self.offers()
        let table = Self.table(keep, offers)
        let expected = Dictionary(grouping: offers, by: \.key).mapValues { group in
            let sorted = group.sorted { ($0.order, $0.sequence) < ($1.order, $1.sequence) }
            return keep == .first ? sorted.first! : sorted.last!
        }
        #expect(table.count == expected.count)
        for (key, entry) in table.entries {
            #expect(entry.sequence == expected[key]?.sequence)
        }
    }

    @Test(arguments: [DedupTable.Keep.first, .last])
    func mergedPartsEqualTheWhole(_ keep: DedupTable.Keep) {
        let offers = Self.offers()
        let whole = Self.table(keep, offers)
        for parts in [2, 3] {
            var merged = DedupTable(keep: keep)
            for part in 0..<parts {
                merged.merge(Self.table(keep, offers.enumerated().filter { $0.offset % parts == part }.map(\.element)))
            }
            #expect(merged.entries == whole.entries)
            let days = Day(index: 0)...Day(index: 2)
            #expect(merged.table(in: days, counting: false) == whole.table(in: days, counting: false))
            #expect(merged.table(in: days, counting: true) == whole.table(in: days, counting: true))
        }
    }
}
