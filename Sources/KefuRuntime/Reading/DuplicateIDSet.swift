/// The event ids of the lines applied so far, to recognise duplicate deliveries.
///
/// Built for tens of millions of ids: the ids' bytes live in one arena and an open-addressing table
/// of 8-byte slots points into it. Membership is exact: a probe that meets a slot with the same hash
/// tag compares the bytes. Callers that know how many ids to expect should say so
/// (`reserveCapacity`), as growing re-reads every id.
struct DuplicateIDSet {
    /// Each slot is 0 (empty) or `tag << 40 | (offset + 1)`: the entry's arena offset and the top 24 bits of its hash.
    private var slots: [UInt64]
    private var arena = ByteArena()
    private(set) var count = 0
    /// How many ids fit before the table grows.
    var capacity: Int { slots.count * 7 / 10 }

    private static let offsetBits: UInt64 = 40
    private static let offsetMask: UInt64 = (1 << 40) - 1

    init(minimumCapacity: Int = 0) {
        slots = Array(repeating: 0, count: Self.tableSize(for: minimumCapacity))
    }

    private static func tableSize(for capacity: Int) -> Int {
        var size = 16
        while size * 7 / 10 < capacity { size *= 2 }
        return size
    }

    /// Makes room for `capacity` ids of about `averageLength` bytes without growing.
    mutating func reserveCapacity(_ capacity: Int, averageLength: Int = 16) {
        arena.reserveCapacity(capacity * (averageLength + ByteArena.headerSize))
        let size = Self.tableSize(for: capacity)
        if size > slots.count { rehash(size: size) }
    }

    /// Adds `id`; returns false if it was already present.
    @inline(__always)
    mutating func insert(_ id: UnsafeRawBufferPointer) -> Bool {
        insert(id, hash: ByteHash.hash(id))
    }

    /// Adds `id` whose `ByteHash` is `hash`; returns false if it was already present.
    @inline(__always)
    mutating func insert(_ id: UnsafeRawBufferPointer, hash: UInt64) -> Bool {
        if (count + 1) * 10 > slots.count * 7 { rehash(size: slots.count * 2) }
        let tag = hash >> Self.offsetBits
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = slots[index]
            if slot == 0 { break }
            if slot >> Self.offsetBits == tag,
                arena.entry(at: Int(slot & Self.offsetMask) - 1, equals: id)
            {
                return false
            }
            index = (index + 1) & mask
        }
        let offset = arena.append(id)
        slots[index] = tag << Self.offsetBits | UInt64(offset + 1)
        count += 1
        return true
    }

    /// Reads the home slot of each hash, so that the cache misses of a batch of inserts overlap in
    /// one tight loop instead of stalling each insert in turn. Returns a value only to keep the reads.
    @inline(__always)
    func touch<S: Sequence>(hashes: S) -> UInt64 where S.Element == UInt64 {
        let mask = slots.count - 1
        return slots.withUnsafeBufferPointer { table in
            var sink: UInt64 = 0
            for hash in hashes { sink &+= table[Int(truncatingIfNeeded: hash) & mask] }
            return sink
        }
    }

    /// Whether `id` is present.
    func contains(_ id: UnsafeRawBufferPointer) -> Bool {
        let hash = ByteHash.hash(id)
        let tag = hash >> Self.offsetBits
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = slots[index]
            if slot == 0 { return false }
            if slot >> Self.offsetBits == tag,
                arena.entry(at: Int(slot & Self.offsetMask) - 1, equals: id)
            {
                return true
            }
            index = (index + 1) & mask
        }
    }

    mutating func insert(_ id: String) -> Bool {
        var id = id
        return id.withUTF8 { insert(UnsafeRawBufferPointer($0)) }
    }

    func contains(_ id: String) -> Bool {
        var id = id
        return id.withUTF8 { contains(UnsafeRawBufferPointer($0)) }
    }

    private mutating func rehash(size: Int) {
        let old = slots
        slots = Array(repeating: 0, count: size)
        let mask = size - 1
        for slot in old where slot != 0 {
            let hash = arena.withEntry(at: Int(slot & Self.offsetMask) - 1) { ByteHash.hash($0) }
            var index = Int(truncatingIfNeeded: hash) & mask
            while slots[index] != 0 { index = (index + 1) & mask }
            slots[index] = slot
        }
    }
}
