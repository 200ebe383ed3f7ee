import KefuCore
import Testing

/// `CellIndex` numbers cells once for all the metrics of a set, and `CellAccumulators` keeps a
/// metric's values by those numbers: the table they read back is the one a table keyed by cell
/// would hold, and merging sets numbered differently gives the table of all their values.
@Suite struct CellIndexTests {
    static let days = (0..<4).map { Day(index: 20_000 + Int32($0)) }

    /// Cells over days, products and agents, some without a day (range-scoped metrics) or an agent,
    /// each repeated and in no particular order.
    static func cells(count: Int, seed: Int) -> [CellKey] {
        (0..<count).map { n in
            let mixed = (n &* 7_919 &+ seed &* 104_729) % 1_009
            let day = mixed % 5 == 4 ? Day.none : days[mixed % 4]
            return CellKey(
                day: day, product: Symbol(raw: UInt32(1 + mixed % 3)),
                agent: mixed % 7 == 0 ? .none : Symbol(raw: UInt32(10 + mixed % 23)))
        }
    }

    @Test func numbersCellsInTheOrderTheyFirstOccur() {
        var index = CellIndex()
        let cells = Self.cells(count: 2_000, seed: 1)
        var firstSeen: [CellKey] = []
        for cell in cells {
            let number = index.number(of: cell)
            if !firstSeen.contains(cell) { firstSeen.append(cell) }
            // The same cell keeps its number, whatever was numbered in between.
            #expect(number == firstSeen.firstIndex(of: cell)!)
        }
        #expect(index.count == firstSeen.count)
        for (number, cell) in firstSeen.enumerated() {
            #expect(index.cell(number) == cell)
        }
    }

    @Test func valuesByNumberReadBackAsATableByCell() {
        var index = CellIndex()
        var counts = CellAccumulators()
        var values = CellAccumulators()
        var expectedCounts: [CellKey: Accumulator] = [:]
        var expectedValues: [CellKey: Accumulator] = [:]
        for (n, cell) in Self.cells(count: 3_000, seed: 2).enumerated() {
            counts.addOccurrence(at: index.number(of: cell))
            expectedCounts[cell, default: Accumulator()].addOccurrence()
            // Another metric of the set adds to some of the cells only, with values.
            if n % 3 == 0 {
                let value = Int64(n % 97) - 40
                values.add(value, at: index.number(of: cell))
                expectedValues[cell, default: Accumulator()].add(value)
            }
        }
        let all = Self.days[0]...Self.days[3]
        #expect(counts.table(in: all, cells: index) == MetricTable(cells: expectedCounts))
        #expect(values.table(in: all, cells: index) == MetricTable(cells: expectedValues))
        // A range keeps its days' cells and the cells without a day.
        let some = Self.days[1]...Self.days[2]
        let kept = expectedCounts.filter { $0.key.day.isNone || some.contains($0.key.day) }
        #expect(kept.count < expectedCounts.count && kept.contains { $0.key.day.isNone })
        #expect(counts.table(in: some, cells: index) == MetricTable(cells: kept))
    }

    @Test func setsNumberedApartMergeIntoTheTableOfAllTheirValues() {
        let cells = Self.cells(count: 4_000, seed: 3)
        var whole = [CellKey: Accumulator]()
        // Two sets see the cells in different orders, so their numbers differ.
        var indices = [CellIndex(), CellIndex()]
        var parts = [CellAccumulators(), CellAccumulators()]
        for (n, cell) in cells.enumerated() {
            let part = (n / 7 + n) % 2
            let value = Int64(n % 1_000)
            parts[part].add(value, at: indices[part].number(of: cell))
            whole[cell, default: Accumulator()].add(value)
        }
        #expect((0..<indices[0].count).contains { indices[0].cell($0) != indices[1].cell($0) })
        var merged = parts[0]
        var index = indices[0]
        merged.merge(parts[1], numbers: index.merge(indices[1]))
        #expect(merged.table(in: Self.days[0]...Self.days[3], cells: index) == MetricTable(cells: whole))
    }
}
