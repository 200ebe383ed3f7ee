/// A hash map from `TableHashable` keys to values, by open addressing: the deduplication tables
/// (`DedupTable`) and the conversation model's customer index. (The cell tables, looked up at random
/// by nearly every fact, are `InlineHashMap`s.)
///
/// Why not `Dictionary`: it hashes every key with SipHash (`Hasher`), rehashes every key with it each
/// time it doubles, and moves every element then. Here keys hash with a few multiplications
/// (`TableHashable`), and:
///
/// - Elements (key and value together, so a hit touches one place) are kept densely in insertion
///   order, in `elements`. Growing never moves them one by one (the array doubles by a copy), and
///   iterating or merging walks contiguous memory.
/// - A power-of-two array of slots indexes them, probed linearly from the key's hash and kept at most
///   half full. A slot holds the element's position + 1 in its low 32 bits (0: empty) and the high 32
///   bits of the key's hash as a tag, so a probe compares keys only when the tags agree. Growing
///   rebuilds only the slots.
///
/// There is no removal: these tables only grow, or are dropped whole.
///
/// Value semantics come from the two arrays: copies share storage until one of them is mutated. The
/// whole type is inlinable so that other modules get it specialised for their key and value types.
public struct FlatHashMap<Key: TableHashable, Value> {
    /// A key and its value.
    public struct Element {
        public let key: Key
        public var value: Value

        @inlinable
        public init(key: Key, value: Value) {
            self.key = key
            self.value = value
        }
    }

    /// The elements, in insertion order; an element's index here is its position.
    @usableFromInline
    var storage: ContiguousArray<Element> = []

    /// The index: a power-of-two number of slots (none before the first insertion), each 0 or
    /// `tag | (position + 1)`, where the tag is the high half of the key's hash.
    @usableFromInline
    var slots: ContiguousArray<UInt64> = []

    @inlinable
    public init() {}

    /// An empty map with room for `minimumCapacity` elements before it grows.
    @inlinable
    public init(minimumCapacity: Int) {
        reserveCapacity(minimumCapacity)
    }

    @inlinable
    public var count: Int { storage.count }

    @inlinable
    public var isEmpty: Bool { storage.isEmpty }

    /// Every key and value, in insertion order.
    @inlinable
    public var elements: ContiguousArray<Element> { storage }

    /// The position of `key`'s element in `elements`, or nil when the key is absent.
    @inlinable
    public func position(of key: Key) -> Int? {
        guard !slots.isEmpty else { return nil }
        return probe(for: key, hash: key.tableHash).position
    }

    /// The value of `key`, or nil when the key is absent.
    @inlinable
    public subscript(key: Key) -> Value? {
        position(of: key).map { storage[$0].value }
    }

    /// The value of the element at `position` (see `insert` and `position(of:)`).
    @inlinable
    public subscript(valueAt position: Int) -> Value {
        get { storage[position].value }
        set { storage[position].value = newValue }
    }

    /// Inserts `value` under `key` unless the key is present, in which case its value is left as it
    /// is; either way, returns the position of the key's element. One probe serves both cases.
    @inlinable
    @discardableResult
    public mutating func insert(_ value: Value, forKey key: Key) -> (inserted: Bool, position: Int) {
        if storage.count >= slots.count >> 1 {
            rebuildSlots(count: Self.slotCount(toHold: storage.count + 1))
        }
        let hash = key.tableHash
        let (slot, found) = probe(for: key, hash: hash)
        if let found { return (false, found) }
        let position = storage.count
        precondition(position < Int(UInt32.max), "FlatHashMap holds fewer than 2^32 - 1 elements")
        storage.append(Element(key: key, value: value))
        slots[slot] = Self.slotValue(hash: hash, position: position)
        return (true, position)
    }

    /// Makes room for `minimumCapacity` elements, so that inserting that many neither regrows the
    /// elements nor rebuilds the index.
    @inlinable
    public mutating func reserveCapacity(_ minimumCapacity: Int) {
        storage.reserveCapacity(minimumCapacity)
        let needed = Self.slotCount(toHold: minimumCapacity)
        if needed > slots.count { rebuildSlots(count: needed) }
    }

    // MARK: The index

    /// The slot that holds `key` (with the key's position) or, when the key is absent, the empty slot
    /// where its probe ended, which is where it belongs. The index must have slots.
    @inlinable
    func probe(for key: Key, hash: UInt64) -> (slot: Int, position: Int?) {
        let tag = hash & Self.tagMask
        // Unchecked buffers: every slot index is masked, and every position in a slot was stored by
        // `insert` or `rebuildSlots` for an element that exists.
        return slots.withUnsafeBufferPointer { slots in
            storage.withUnsafeBufferPointer { elements in
                let mask = slots.count &- 1
                var slot = Int(truncatingIfNeeded: hash) & mask
                while true {
                    let entry = slots[slot]
                    if entry == 0 { return (slot, nil) }
                    if entry & Self.tagMask == tag {
                        let position = Int(truncatingIfNeeded: entry & Self.positionMask) &- 1
                        if elements[position].key == key { return (slot, position) }
                    }
                    slot = (slot &+ 1) & mask
                }
            }
        }
    }

    /// Replaces the index by one of `count` slots (a power of two) over the same elements.
    @inlinable
    mutating func rebuildSlots(count: Int) {
        var rebuilt = ContiguousArray<UInt64>(repeating: 0, count: count)
        rebuilt.withUnsafeMutableBufferPointer { slots in
            storage.withUnsafeBufferPointer { elements in
                let mask = count &- 1
                for position in elements.indices {
                    let hash = elements[position].key.tableHash
                    var slot = Int(truncatingIfNeeded: hash) & mask
                    while slots[slot] != 0 { slot = (slot &+ 1) & mask }
                    slots[slot] = Self.slotValue(hash: hash, position: position)
                }
            }
        }
        slots = rebuilt
    }

    /// The high half of a hash, kept in a slot as the tag.
    @inlinable
    static var tagMask: UInt64 { 0xFFFF_FFFF_0000_0000 }

    /// The low half of a slot: position + 1.
    @inlinable
    static var positionMask: UInt64 { 0x0000_0000_FFFF_FFFF }

    @inlinable
    static func slotValue(hash: UInt64, position: Int) -> UInt64 {
        (hash & tagMask) | UInt64(truncatingIfNeeded: position &+ 1)
    }

    /// The number of slots that holds `count` elements at most half full: a power of two, at least 16.
    @inlinable
    static func slotCount(toHold count: Int) -> Int {
        var slots = 16
        while slots < 2 * count { slots *= 2 }
        return slots
    }
}

extension FlatHashMap: Sendable where Key: Sendable, Value: Sendable {}
extension FlatHashMap.Element: Sendable where Key: Sendable, Value: Sendable {}
extension FlatHashMap.Element: Equatable where Value: Equatable {}

extension FlatHashMap: Equatable where Value: Equatable {
    /// Equal maps have the same keys with equal values, whatever the order they were inserted in.
    @inlinable
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.count == rhs.count && lhs.storage.allSatisfy { rhs[$0.key] == $0.value }
    }
}
