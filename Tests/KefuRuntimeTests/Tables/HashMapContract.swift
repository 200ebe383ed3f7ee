import KefuCore
import Testing

/// What `FlatHashMap` and `InlineHashMap` both promise, checked once for either: the same keys and
/// values as a `Dictionary` through growth, whatever the hashes, and value semantics.
protocol ContractHashMap: Equatable {
    associatedtype Key: TableHashable & Hashable
    associatedtype Value: Equatable
    init()
    var count: Int { get }
    subscript(key: Key) -> Value? { get }
    subscript(valueAt position: Int) -> Value { get set }
    mutating func insert(_ value: Value, forKey key: Key) -> (inserted: Bool, position: Int)
    var keysAndValues: [(key: Key, value: Value)] { get }
}

extension FlatHashMap: ContractHashMap where Key: Hashable, Value: Equatable {
    var keysAndValues: [(key: Key, value: Value)] { elements.map { ($0.key, $0.value) } }
}

extension InlineHashMap: ContractHashMap where Key: Hashable, Value: Equatable {
    var keysAndValues: [(key: Key, value: Value)] { Array(elements) }
}

/// A key whose hash the test chooses, to force equal tags and long probe runs.
struct ChosenHashKey: TableHashable, Hashable {
    var id: Int
    var tableHash: UInt64
}

/// A deterministic stream of pseudo-random numbers (SplitMix64).
struct SplitMixNumbers {
    var state: UInt64

    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}

enum HashMapContract {
    /// 20,000 inserts of keys drawn from 24,000, values changed through positions along the way.
    static func agreesWithDictionaryThroughGrowth<Map: ContractHashMap>(_: Map.Type) where Map.Key == FactKey, Map.Value == Int {
        var map = Map()
        var reference: [FactKey: Int] = [:]
        var numbers = SplitMixNumbers(state: 1)
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
        #expect(map.keysAndValues.count == reference.count)
        for element in map.keysAndValues {
            #expect(reference[element.key] == element.value)
            #expect(map[element.key] == element.value)
        }
        #expect(map[FactKey(99)] == nil)
    }

    /// Ten hashes only: equal tags, equal home slots and probe runs across the wrap-around.
    static func equalHashesStillFindEveryKey<Map: ContractHashMap>(_: Map.Type) where Map.Key == ChosenHashKey, Map.Value == Int {
        var map = Map()
        for id in 0..<500 {
            _ = map.insert(id, forKey: ChosenHashKey(id: id, tableHash: UInt64(id % 10) &* 0x1234_5678_0000_000F))
        }
        #expect(map.count == 500)
        for id in 0..<500 {
            #expect(map[ChosenHashKey(id: id, tableHash: UInt64(id % 10) &* 0x1234_5678_0000_000F)] == id)
        }
        #expect(map[ChosenHashKey(id: 500, tableHash: 0)] == nil)
        // A hash whose high half is 0 (a tag of 0 where the map keeps tags).
        _ = map.insert(-1, forKey: ChosenHashKey(id: -1, tableHash: 3))
        #expect(map[ChosenHashKey(id: -1, tableHash: 3)] == -1)
        #expect(map.count == 501)
    }

    static func copiesAreIndependent<Map: ContractHashMap>(_: Map.Type) where Map.Key == FactKey, Map.Value == Int {
        var original = Map()
        _ = original.insert(1, forKey: FactKey(1))
        var copy = original
        _ = copy.insert(2, forKey: FactKey(2))
        copy[valueAt: copy.insert(0, forKey: FactKey(1)).position] = 10
        #expect(original.count == 1)
        #expect(original[FactKey(1)] == 1)
        #expect(copy[FactKey(1)] == 10)
        #expect(copy[FactKey(2)] == 2)
    }

    static func equalityIgnoresInsertionOrder<Map: ContractHashMap>(_: Map.Type) where Map.Key == FactKey, Map.Value == Int {
        var forward = Map()
        var backward = Map()
        for a in 0..<40 { _ = forward.insert(a, forKey: FactKey(Int64(a))) }
        for a in (0..<40).reversed() { _ = backward.insert(a, forKey: FactKey(Int64(a))) }
        #expect(forward == backward)
        backward[valueAt: backward.insert(0, forKey: FactKey(0)).position] = -1
        #expect(forward != backward)
        backward = Map()
        #expect(forward != backward)
    }
}
