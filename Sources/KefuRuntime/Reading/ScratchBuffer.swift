/// The bytes decoded from a line's escaped strings.
///
/// Unlike an `Array`, its storage stays where it is until the next append, so the decoder can read
/// a slice of it through a plain pointer while it updates its other state. It is a value: storage
/// shared with a copy is left to the copy, not written to, and fresh storage is used instead.
struct ScratchBuffer {
    private final class Storage {
        let base: UnsafeMutablePointer<UInt8>
        let capacity: Int

        init(capacity: Int) {
            base = .allocate(capacity: capacity)
            base.initialize(repeating: 0, count: capacity)
            self.capacity = capacity
        }

        deinit { base.deallocate() }
    }

    private var storage: Storage
    private(set) var count = 0

    init(capacity: Int = 256) {
        storage = Storage(capacity: max(capacity, 16))
    }

    /// Where the bytes start; valid until the next change, while the buffer exists.
    var baseAddress: UnsafeRawPointer { UnsafeRawPointer(storage.base) }

    /// Calls `body` with the bytes.
    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        body(UnsafeRawBufferPointer(start: storage.base, count: count))
    }

    /// Empties the buffer, keeping its storage (unless a copy shares it).
    mutating func removeAll() {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(capacity: storage.capacity) }
        count = 0
    }

    mutating func append(_ byte: UInt8) {
        reserve(1)
        storage.base[count] = byte
        count += 1
    }

    mutating func append(contentsOf bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        (storage.base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    /// Makes room for `more` bytes, in storage of its own.
    @inline(__always)
    private mutating func reserve(_ more: Int) {
        if count + more > storage.capacity || !isKnownUniquelyReferenced(&storage) { moveStorage(minimumCapacity: count + more) }
    }

    private mutating func moveStorage(minimumCapacity: Int) {
        var capacity = storage.capacity
        while capacity < minimumCapacity { capacity *= 2 }
        let moved = Storage(capacity: capacity)
        moved.base.update(from: storage.base, count: count)
        storage = moved
    }
}
