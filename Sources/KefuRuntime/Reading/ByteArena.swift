/// Append-only storage for many short byte strings, addressed by offset.
///
/// The duplicate-id table keeps the ids it cannot read back from the log file here, instead of in
/// one allocation per id (`String`), so millions of ids cost their bytes plus a small header each.
/// An entry is a 4-byte length, then the bytes.
struct ByteArena {
    private(set) var storage: [UInt8] = []

    static let headerSize = 4

    init() {}

    /// Appends `bytes` with its header and returns the offset of the entry.
    mutating func append(_ bytes: UnsafeRawBufferPointer) -> Int {
        let offset = storage.count
        var header = UInt32(bytes.count).littleEndian
        withUnsafeBytes(of: &header) { storage.append(contentsOf: $0) }
        storage.append(contentsOf: bytes)
        return offset
    }

    /// Whether the entry at `offset` holds exactly `bytes`.
    @inline(__always)
    func entry(at offset: Int, equals bytes: UnsafeRawBufferPointer) -> Bool {
        storage.withUnsafeBytes { arena in
            let count = Int(arena.loadUnaligned(fromByteOffset: offset, as: UInt32.self).littleEndian)
            guard count == bytes.count else { return false }
            guard count > 0 else { return true }
            return memcmpBytes(arena.baseAddress! + offset + Self.headerSize, bytes.baseAddress!, count)
        }
    }

    /// Calls `body` with the bytes of the entry at `offset`.
    func withEntry<R>(at offset: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        storage.withUnsafeBytes { arena in
            let count = Int(arena.loadUnaligned(fromByteOffset: offset, as: UInt32.self).littleEndian)
            let start = offset + Self.headerSize
            return body(UnsafeRawBufferPointer(rebasing: arena[start..<(start + count)]))
        }
    }

    mutating func reserveCapacity(_ bytes: Int) {
        storage.reserveCapacity(bytes)
    }
}

/// Whether `count` bytes at `a` and `b` are equal.
@inline(__always)
func memcmpBytes(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ count: Int) -> Bool {
    var i = 0
    while i + 8 <= count {
        if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
            return false
        }
        i += 8
    }
    while i < count {
        if a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
        i += 1
    }
    return true
}
