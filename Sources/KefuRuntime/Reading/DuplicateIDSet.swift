import CPrefetch
import KefuCore

/// The event ids of the lines applied so far, to recognise duplicate deliveries.
///
/// Built for tens of millions of ids. Numbered ids (`NumberedID`) go to bitmaps while they are dense
/// enough (`NumberedIDBitmap`); the others go to an open-addressing table of 8-byte slots, each holding a hash
/// tag and where the id's bytes are. The ids of a plain log file stay in the file (the slot holds the
/// id's file offset, read back with `LogFileBytes` only when a probe meets an equal tag); other ids
/// (from a pipe, gzip, or with escapes) are copied into one arena. Membership is exact: a probe that
/// meets a slot with the same tag compares the bytes. Callers that know how many ids to expect
/// should say so (`reserveCapacity`), as growing re-reads every id.
struct DuplicateIDSet {
    /// Each slot is 0 (empty) or `inArena << 63 | tag << 40 | (location + 1)`: the top 23 bits of the
    /// hash, and the entry's arena offset or the id's file offset.
    private var slots: [UInt64]
    private var arena = ByteArena()
    private let file: LogFileBytes?
    private var numbered = NumberedIDBitmap()
    /// How many ids the hash table holds.
    private(set) var hashedCount = 0
    /// How many ids the set holds.
    var count: Int { hashedCount + numbered.count }
    /// How many ids fit in the hash table before it grows.
    var capacity: Int { slots.count * 4 / 5 }

    private static let locationBits: UInt64 = 40
    private static let locationMask: UInt64 = (1 << 40) - 1
    private static let tagMask: UInt64 = (1 << 23) - 1
    private static let inArena: UInt64 = 1 << 63

    init(minimumCapacity: Int = 0, file: LogFileBytes? = nil) {
        slots = Array(repeating: 0, count: Self.tableSize(for: minimumCapacity))
        self.file = file
    }

    /// Tables are sized exactly, not to a power of two, and kept at most four fifths full: ten million
    /// ids then take 13 million slots, where rounding up would take 16.
    private static func tableSize(for capacity: Int) -> Int {
        max(16, capacity * 5 / 4 + 1)
    }

    /// The home slot of `hash` in a table of `size` slots: its low 32 bits scaled to the size (the tag
    /// and the choice of thread use the high bits).
    @inline(__always)
    private static func home(_ hash: UInt64, size: Int) -> Int {
        Int(truncatingIfNeeded: ((hash & 0xFFFF_FFFF) &* UInt64(truncatingIfNeeded: size)) >> 32)
    }

    /// Makes room for `capacity` ids of about `averageLength` bytes without growing.
    mutating func reserveCapacity(_ capacity: Int, averageLength: Int = 16) {
        if file == nil { arena.reserveCapacity(capacity * (averageLength + ByteArena.headerSize)) }
        let size = Self.tableSize(for: capacity)
        if size > slots.count { rehash(size: size) }
    }

    /// Adds `id`; returns false if it was already present.
    @inline(__always)
    mutating func insert(_ id: UnsafeRawBufferPointer) -> Bool {
        insert(id, hash: ByteHash.hash(id), number: NumberedID(id))
    }

    /// Adds `id` whose `NumberedID` is `number` and, if it has none, whose `ByteHash` is `hash`;
    /// returns false if it was already present. `fileOffset` says where the id is, unescaped, in the
    /// log file, if the set reads ids back from it.
    @inline(__always)
    mutating func insert(_ id: UnsafeRawBufferPointer, hash: UInt64, number: NumberedID?, fileOffset: Int? = nil) -> Bool {
        // An id must always go where it would be looked for: the bitmaps hold numbered ids.
        assert(number == NumberedID(id), "the number given is not the id's")
        var hash = hash
        if let number {
            if let isNew = numbered.insert(number) { return isNew }
            hash = ByteHash.hash(id)
        }
        if (hashedCount + 1) * 5 > slots.count * 4 { rehash(size: slots.count * 2) }
        let tag = Self.tag(hash)
        let size = slots.count
        var index = Self.home(hash, size: size)
        while true {
            let slot = slots[index]
            if slot == 0 { break }
            if (slot >> Self.locationBits) & Self.tagMask == tag, entry(slot, equals: id) {
                return false
            }
            index += 1
            if index == size { index = 0 }
        }
        if file != nil, let fileOffset {
            slots[index] = tag << Self.locationBits | UInt64(fileOffset + 1)
        } else {
            let offset = arena.append(id)
            slots[index] = Self.inArena | tag << Self.locationBits | UInt64(offset + 1)
        }
        hashedCount += 1
        return true
    }

    /// Adds the `count` ids from `first` on (`first`, `first.next`, …, as a log numbering its
    /// events writes them); calls `present` with the position in the run of each one that was
    /// already present. The same as inserting them one by one, in order: where the bitmaps do not
    /// take the run at once, each id is inserted as `insert` does, its bytes and file offset from
    /// `id(position)`.
    mutating func insertRun(
        _ first: NumberedID, count: Int, id: (Int) -> (bytes: UnsafeRawBufferPointer, fileOffset: Int?),
        present: (Int) -> Void
    ) {
        if numbered.insertRun(first, count: count, present: present) { return }
        var number = first
        for position in 0..<count {
            let (bytes, fileOffset) = id(position)
            if !insert(bytes, hash: 0, number: number, fileOffset: fileOffset) { present(position) }
            number = number.next
        }
    }

    @inline(__always)
    private static func tag(_ hash: UInt64) -> UInt64 {
        (hash >> 41) & tagMask
    }

    private func entry(_ slot: UInt64, equals id: UnsafeRawBufferPointer) -> Bool {
        let location = Int(slot & Self.locationMask) - 1
        if slot & Self.inArena != 0 {
            return arena.entry(at: location, equals: id)
        }
        return file!.matches(id, at: location)
    }

    /// The hash of the id a slot points to.
    private func hash(of slot: UInt64) -> UInt64 {
        let location = Int(slot & Self.locationMask) - 1
        if slot & Self.inArena != 0 {
            return arena.withEntry(at: location) { ByteHash.hash($0) }
        }
        return file!.id(at: location).withUnsafeBytes { ByteHash.hash($0) }
    }

    /// Starts bringing the home slot of `hash` into the caches, without waiting for it, so that the
    /// cache misses of a batch of inserts overlap instead of stalling each insert in turn.
    @inline(__always)
    func prefetch(hash: UInt64) {
        slots.withUnsafeBufferPointer { kefu_prefetch($0.baseAddress! + Self.home(hash, size: $0.count)) }
    }

    /// Whether `id` is present.
    func contains(_ id: UnsafeRawBufferPointer) -> Bool {
        if let number = NumberedID(id), let isPresent = numbered.contains(number) { return isPresent }
        let hash = ByteHash.hash(id)
        let tag = Self.tag(hash)
        let size = slots.count
        var index = Self.home(hash, size: size)
        while true {
            let slot = slots[index]
            if slot == 0 { return false }
            if (slot >> Self.locationBits) & Self.tagMask == tag, entry(slot, equals: id) {
                return true
            }
            index += 1
            if index == size { index = 0 }
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
        for slot in old where slot != 0 {
            var index = Self.home(hash(of: slot), size: size)
            while slots[index] != 0 {
                index += 1
                if index == size { index = 0 }
            }
            slots[index] = slot
        }
    }
}
