import KefuCore
import Testing

/// `InlineHashMap` against `Dictionary`: the same keys and values through growth, whatever the hashes.
@Suite struct InlineHashMapTests {
    typealias ChosenHashKey = FlatHashMapTests.ChosenHashKey

    @Test func agreesWithDictionaryThroughGrowth() {
        var map = InlineHashMap<FactKey, Int>()
        var reference: [FactKey: Int] = [:]
        var numbers = FlatHashMapTests.Numbers(state: 2)
        for step in 0..<20_000 {
            let key = FactKey(Int64(numbers.next(3)), Int64(numbers.next(4_000)), Int64(numbers.next(2)))
            let (inserted, position) = map.insert(step, forKey: key)
            #expect(inserted == (reference[key] == nil))
            if reference[key] == nil { reference[key] = step }
            // A position holds until the next insertion, which may have grown the map.
            #expect(map[valueAt: position] == reference[key])
            if step % 7 == 0 {
                map[valueAt: position] += 1
                reference[key]! += 1
            }
        }
        #expect(map.count == reference.count)
        #expect(Array(map.elements).count == reference.count)
        for element in map.elements {
            #expect(reference[element.key] == element.value)
            #expect(map[element.key] == element.value)
        }
        #expect(map[FactKey(99)] == nil)
    }

    @Test func emptyMapFindsNothing() {
        let map = InlineHashMap<CellKey, Int>()
        #expect(map.isEmpty)
        #expect(map[CellKey(day: Day(index: 0))] == nil)
        #expect(Array(map.elements).isEmpty)
    }

    @Test func equalHashesStillFindEveryKey() {
        var map = InlineHashMap<ChosenHashKey, Int>()
        for id in 0..<500 {
            // Ten hashes only: equal tags, equal home slots and probe runs across the wrap-around.
            map.insert(id, forKey: ChosenHashKey(id: id, tableHash: UInt64(id % 10) &* 0x1234_5678_0000_000F))
        }
        #expect(map.count == 500)
        for id in 0..<500 {
            #expect(map[ChosenHashKey(id: id, tableHash: UInt64(id % 10) &* 0x1234_5678_0000_000F)] == id)
        }
        #expect(map[ChosenHashKey(id: 500, tableHash: 0)] == nil)
        // A hash whose high half is 0 still gets a tag that is not the empty slot's.
        map.insert(-1, forKey: ChosenHashKey(id: -1, tableHash: 3))
        #expect(map[ChosenHashKey(id: -1, tableHash: 3)] == -1)
        #expect(map.count == 501)
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

    @Test func copiesAreIndependent() {
        var original = InlineHashMap<FactKey, Int>()
        original.insert(1, forKey: FactKey(1))
        var copy = original
        copy.insert(2, forKey: FactKey(2))
        let position = copy.insert(0, forKey: FactKey(1)).position
        copy[valueAt: position] = 10
        #expect(original.count == 1)
        #expect(original[FactKey(1)] == 1)
        #expect(copy[FactKey(1)] == 10)
        #expect(copy[FactKey(2)] == 2)
    }

    @Test func equalityIgnoresInsertionOrder() {
        var forward = InlineHashMap<FactKey, Int>()
        var backward = InlineHashMap<FactKey, Int>()
        for a in 0..<40 { forward.insert(a, forKey: FactKey(Int64(a))) }
        for a in (0..<40).reversed() { backward.insert(a, forKey: FactKey(Int64(a))) }
        #expect(forward == backward)
        let position = backward.insert(0, forKey: FactKey(0)).position
        backward[valueAt: position] = -1
        #expect(forward != backward)
        backward = InlineHashMap()
        #expect(forward != backward)
    }
}
