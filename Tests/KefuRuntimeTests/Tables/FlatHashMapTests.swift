import KefuCore
import Testing

/// `FlatHashMap` against `Dictionary`: the same keys and values through growth, whatever the hashes.
@Suite struct FlatHashMapTests {
    /// A key whose hash the test chooses, to force equal tags and long probe runs.
    struct ChosenHashKey: TableHashable {
        var id: Int
        var tableHash: UInt64
    }

    /// A deterministic stream of pseudo-random numbers (SplitMix64).
    struct Numbers {
        var state: UInt64

        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
    }

    @Test func agreesWithDictionaryThroughGrowth() {
        var map = FlatHashMap<FactKey, Int>()
        var reference: [FactKey: Int] = [:]
        var numbers = Numbers(state: 1)
        for step in 0..<20_000 {
            let key = FactKey(Int64(numbers.next(3)), Int64(numbers.next(4_000)), Int64(numbers.next(2)))
            let (inserted, position) = map.insert(step, forKey: key)
            #expect(inserted == (reference[key] == nil))
            if reference[key] == nil { reference[key] = step }
            #expect(map[valueAt: position] == reference[key])
            if step % 7 == 0 {
                map[valueAt: position] += 1
                reference[key]! += 1
            }
        }
        #expect(map.count == reference.count)
        for element in map.elements {
            #expect(reference[element.key] == element.value)
            #expect(map[element.key] == element.value)
        }
        #expect(map[FactKey(99)] == nil)
        #expect(map.position(of: FactKey(99)) == nil)
    }

    @Test func keysInInsertionOrderAtTheirPositions() {
        var map = FlatHashMap<CellKey, String>()
        let cells = (0..<100).map { CellKey(day: Day(index: Int32($0 % 7)), agent: Symbol(raw: UInt32($0))) }
        for (index, cell) in cells.enumerated() {
            #expect(map.insert("\(index)", forKey: cell).position == index)
        }
        #expect(map.elements.map(\.key) == cells)
        #expect(cells.indices.allSatisfy { map.position(of: cells[$0]) == $0 })
    }

    @Test func equalHashesStillFindEveryKey() {
        var map = FlatHashMap<ChosenHashKey, Int>()
        for id in 0..<500 {
            // Ten hashes only: equal tags, equal home slots and probe runs across the wrap-around.
            map.insert(id, forKey: ChosenHashKey(id: id, tableHash: UInt64(id % 10) &* 0x1234_5678_0000_000F))
        }
        #expect(map.count == 500)
        for id in 0..<500 {
            #expect(map[ChosenHashKey(id: id, tableHash: UInt64(id % 10) &* 0x1234_5678_0000_000F)] == id)
        }
        #expect(map[ChosenHashKey(id: 500, tableHash: 0)] == nil)
    }

    @Test func reservingKeepsContents() {
        var map = FlatHashMap<FactKey, Int>(minimumCapacity: 3)
        for a in 0..<50 { map.insert(a, forKey: FactKey(Int64(a))) }
        map.reserveCapacity(10_000)
        #expect(map.count == 50)
        #expect((0..<50).allSatisfy { map[FactKey(Int64($0))] == $0 })
    }

    @Test func copiesAreIndependent() {
        var original = FlatHashMap<FactKey, Int>()
        original.insert(1, forKey: FactKey(1))
        var copy = original
        copy.insert(2, forKey: FactKey(2))
        copy[valueAt: 0] = 10
        #expect(original.count == 1)
        #expect(original[FactKey(1)] == 1)
        #expect(copy[FactKey(1)] == 10)
        #expect(copy[FactKey(2)] == 2)
    }

    @Test func equalityIgnoresInsertionOrder() {
        var forward = FlatHashMap<FactKey, Int>()
        var backward = FlatHashMap<FactKey, Int>()
        for a in 0..<40 { forward.insert(a, forKey: FactKey(Int64(a))) }
        for a in (0..<40).reversed() { backward.insert(a, forKey: FactKey(Int64(a))) }
        #expect(forward == backward)
        backward[valueAt: 0] = -1
        #expect(forward != backward)
        backward = FlatHashMap()
        #expect(forward != backward)
    }
}
