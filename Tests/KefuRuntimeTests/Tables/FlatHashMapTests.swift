import KefuCore
import Testing

/// `FlatHashMap`: the contract both hash maps keep (`HashMapContract`), and its own promises:
/// elements in insertion order, at stable positions, and room reserved ahead.
@Suite struct FlatHashMapTests {
    @Test func agreesWithDictionaryThroughGrowth() {
        HashMapContract.agreesWithDictionaryThroughGrowth(FlatHashMap<FactKey, Int>.self)
    }

    @Test func equalHashesStillFindEveryKey() {
        HashMapContract.equalHashesStillFindEveryKey(FlatHashMap<ChosenHashKey, Int>.self)
    }

    @Test func copiesAreIndependent() {
        HashMapContract.copiesAreIndependent(FlatHashMap<FactKey, Int>.self)
    }

    @Test func equalityIgnoresInsertionOrder() {
        HashMapContract.equalityIgnoresInsertionOrder(FlatHashMap<FactKey, Int>.self)
    }

    @Test func keysInInsertionOrderAtTheirPositions() {
        var map = FlatHashMap<CellKey, String>()
        let cells = (0..<100).map { CellKey(day: Day(index: Int32($0 % 7)), agent: Symbol(raw: UInt32($0))) }
        for (index, cell) in cells.enumerated() {
            #expect(map.insert("\(index)", forKey: cell).position == index)
        }
        #expect(map.elements.map(\.key) == cells)
        #expect(cells.indices.allSatisfy { map.position(of: cells[$0]) == $0 })
        #expect(map.position(of: CellKey(day: Day(index: 99))) == nil)
    }

    @Test func reservingKeepsContents() {
        var map = FlatHashMap<FactKey, Int>(minimumCapacity: 3)
        for a in 0..<50 { map.insert(a, forKey: FactKey(Int64(a))) }
        map.reserveCapacity(10_000)
        #expect(map.count == 50)
        #expect((0..<50).allSatisfy { map[FactKey(Int64($0))] == $0 })
    }
}
