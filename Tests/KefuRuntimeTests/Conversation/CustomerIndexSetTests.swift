import Testing

@testable import KefuRuntime

/// `CustomerIndexSet` against `Set<Int>`: the same members after any inserts and removals.
@Suite struct CustomerIndexSetTests {
    @Test func agreesWithSet() {
        var set = CustomerIndexSet()
        var reference = Set<Int>()
        var state: UInt64 = 7
        for _ in 0..<5_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let index = Int(state >> 33) % 300
            if state & 0x100 == 0 {
                set.insert(index)
                reference.insert(index)
            } else {
                set.remove(index)
                reference.remove(index)
            }
            #expect(set.contains(index) == reference.contains(index))
        }
        #expect(set.members.count == reference.count)
        #expect(Set(set.members) == reference)
        #expect(!set.contains(10_000))
    }

    @Test func insertingTwiceAndRemovingAbsentChangeNothing() {
        var set = CustomerIndexSet()
        set.insert(3)
        set.insert(3)
        set.remove(5)
        set.remove(1_000)
        #expect(set.members == [3])
        set.remove(3)
        #expect(set.members.isEmpty)
        #expect(!set.contains(3))
    }
}
