/// A hash map from `TableHashable` keys to values that keeps each key and value in its slot: the
/// metrics' cells (`CellIndex`, `MetricTable`, `SettledTable`).
///
/// Why not `FlatHashMap`: its look-up reads a slot, then the element the slot points to. The cell
/// index is touched at a random cell by nearly every fact, so each of those two reads may miss the
/// caches. Here a look-up reads one slot (and, rarely, its neighbours). The price: slots are as large
/// as an element, elements are in no particular order, and a position (a slot) holds only until the
/// next insertion, which may move every element.
///
/// Slots are probed linearly from the key's hash and kept at most three quarters full. A slot's tag
/// is the high half of its key's hash with the lowest bit set, 0 when the slot is empty, so a probe
/// compares keys only when tags agree. Empty slots hold a copy of some element, never read, so that
/// the map needs no placeholder key or value. There is no removal: cell tables only grow.
///
/// Value semantics come from the slot array: copies share it until one of them is mutated. The
/// whole type is inlinable so that other modules get it specialised for their key and value types.
public struct InlineHashMap<Key: TableHashable, Value> {
    /// A key and its value, with the key's tag (0: the slot is empty).
    @usableFromInline
    struct Slot {
        @usableFromInline var tag: UInt32
        @usableFromInline var key: Key
        @usableFromInline var value: Value

        @inlinable
        init(tag: UInt32, key: Key, value: Value) {
            self.tag = tag
            self.key = key
            self.value = value
        }
    }

    /// A power-of-two number of slots (none before the first insertion).
    @usableFromInline
    var slots: ContiguousArray<Slot> = []

    /// How many slots hold an element.
    @usableFromInline
    var occupied = 0

    @inlinable
    public init() {}

    @inlinable
    public var count: Int { occupied }

    @inlinable
    public var isEmpty: Bool { occupied == 0 }

    /// Every key and value, in no particular order.
    @inlinable
    public var elements: some Sequence<(key: Key, value: Value)> {
        slots.lazy.filter { $0.tag != 0 }.map { ($0.key, $0.value) }
    }

    /// The value of `key`, or nil when the key is absent.
    @inlinable
    public subscript(key: Key) -> Value? {
        guard !slots.isEmpty else { return nil }
        let hash = key.tableHash
        let (slot, found) = probe(for: key, hash: hash, tag: Self.tag(of: hash))
        return found ? slots[slot].value : nil
    }

    /// The value at `position`, as returned by the latest `insert`.
    @inlinable
    public subscript(valueAt position: Int) -> Value {
        get { slots[position].value }
        set { slots[position].value = newValue }
    }

    /// Inserts `value` under `key` unless the key is present, in which case its value is left as it
    /// is; either way, returns the position of the key's value, valid until the next insertion.
    @inlinable
    @discardableResult
    public mutating func insert(_ value: Value, forKey key: Key) -> (inserted: Bool, position: Int) {
        let hash = key.tableHash
        let tag = Self.tag(of: hash)
        if !slots.isEmpty {
            let (slot, found) = probe(for: key, hash: hash, tag: tag)
            if found { return (false, slot) }
            if (occupied + 1) * 4 <= slots.count * 3 {
                slots[slot] = Slot(tag: tag, key: key, value: value)
                occupied += 1
                return (true, slot)
            }
        }
        rebuild(count: max(16, slots.count * 2), filler: Slot(tag: 0, key: key, value: value))
        let (slot, _) = probe(for: key, hash: hash, tag: tag)
        slots[slot] = Slot(tag: tag, key: key, value: value)
        occupied += 1
        return (true, slot)
    }

    /// The slot that holds `key` or, when the key is absent, the empty slot where its probe ended,
    /// which is where it belongs. The map must have slots, one of them empty.
    @inlinable
    func probe(for key: Key, hash: UInt64, tag: UInt32) -> (slot: Int, found: Bool) {
        // Unchecked: every slot index is masked.
        slots.withUnsafeBufferPointer { slots in
            let mask = slots.count &- 1
            var slot = Int(truncatingIfNeeded: hash) & mask
            while true {
                let slotTag = slots[slot].tag
                if slotTag == 0 { return (slot, false) }
                if slotTag == tag && slots[slot].key == key { return (slot, true) }
                slot = (slot &+ 1) & mask
            }
        }
    }

    /// Replaces the slots by `count` (a power of two) holding the same elements.
    @inlinable
    mutating func rebuild(count: Int, filler: Slot) {
        var rebuilt = ContiguousArray(repeating: filler, count: count)
        rebuilt.withUnsafeMutableBufferPointer { rebuilt in
            let mask = count &- 1
            for element in slots where element.tag != 0 {
                var slot = Int(truncatingIfNeeded: element.key.tableHash) & mask
                while rebuilt[slot].tag != 0 { slot = (slot &+ 1) & mask }
                rebuilt[slot] = element
            }
        }
        slots = rebuilt
    }

    /// The tag of a key whose hash is `hash`: its high half, never 0.
    @inlinable
    static func tag(of hash: UInt64) -> UInt32 {
        UInt32(truncatingIfNeeded: hash >> 32) | 1
    }
}

extension InlineHashMap: Sendable where Key: Sendable, Value: Sendable {}
extension InlineHashMap.Slot: Sendable where Key: Sendable, Value: Sendable {}

extension InlineHashMap: Equatable where Value: Equatable {
    /// Equal maps have the same keys with equal values, whatever the order they were inserted in.
    @inlinable
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.count == rhs.count && lhs.elements.allSatisfy { rhs[$0.key] == $0.value }
    }
}
