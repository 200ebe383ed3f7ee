import KefuCore
import Testing

/// `InlineHashMap`: the contract both hash maps keep (`HashMapContract`), and its own cases.
@Suite struct InlineHashMapTests {
    @Test func agreesWithDictionaryThroughGrowth() {
        HashMapContract.agreesWithDictionaryThroughGrowth(InlineHashMap<FactKey, Int>.self)
    }

    @Test func equalHashesStillFindEveryKey() {
        HashMapContract.equalHashesStillFindEveryKey(InlineHashMap<ChosenHashKey, Int>.self)
    }

    @Test func copiesAreIndependent() {
        HashMapContract.copiesAreIndependent(InlineHashMap<FactKey, Int>.self)
    }

    @Test func equalityIgnoresInsertionOrder() {
        HashMapContract.equalityIgnoresInsertionOrder(InlineHashMap<FactKey, Int>.self)
    }

    @Test func emptyMapFindsNothing() {
        let map = InlineHashMap<CellKey, Int>()
        #expect(map.isEmpty)
        #expect(map[CellKey(day: Day(index: 0))] == nil)
        #expect(Array(map.elements).isEmpty)
    }

    @Test func insertingAPresentKeyKeepsItsValue() {
        var map = InlineHashMap<FactKey, Int>()
        let first = map.insert(1, forKey: FactKey(7))
        let second = map.insert(2, forKey: FactKey(7))
        #expect(first.inserted && !second.inserted)
        #expect(first.position == second.position)
        #expect(map[FactKey(7)] == 1)
        #expect(map.count == 1)
    }
}
