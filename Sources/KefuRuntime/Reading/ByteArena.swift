/// Append-only storage for many short byte strings, addressed by offset.
///
/// The reader's tables keep their keys here instead of in one allocation per key (`String`), so ten
/// million ids cost their bytes plus a small header each. An entry is a 4-byte length, a 4-byte
/// payload (the interner keeps the symbol there), then the bytes.
struct ByteArena {
    private(set) var storage: [UInt8] = []

    static let headerSize = 8

    init() {}

    /// Appends `bytes` with its header and returns the offset of the entry.
    mutating func append(_ bytes: UnsafeRawBufferPointer, payload: UInt32 = 0) -> Int {
        let offset = storage.count
        var header = UInt64(UInt32(bytes.count)) | UInt64(payload) << 32
        header = header.littleEndian
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

    /// The payload of the entry at `offset`.
    @inline(__always)
    func payload(at offset: Int) -> UInt32 {
        storage.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)) }
    }

    /// Calls `body` with the bytes of the entry at `offset`.
    func withEntry<R>(at offset: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        storage.withUnsafeBytes { arena in
            let count = Int(arena.loadUnaligned(fromByteOffset: offset, as: UInt32.self).littleEndian)
            let start = offset + Self.headerSize
            return body(UnsafeRawBufferPointer(rebasing: arena[start..<(start + count)]))
        }
    }

    var byteCount: Int { storage.count }

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
