import CPrefetch
import KefuCore

/// Turns id bytes read from a log into symbols, adding a name to its `SymbolNames` on first sight only.
///
/// An id already seen is found from its bytes; only a new id is validated as UTF-8 and its bytes
/// kept as the symbol's name. The open-addressing table has 16-byte slots: an id
/// of up to 8 bytes (customer ids mostly are) is kept in its slot, so a hit reads one slot and
/// compares two words; a longer one keeps a hash tag there, and a probe whose length and tag match
/// compares the bytes with the symbol's name. Names are kept in the order first seen, so the ids
/// active in a stretch of log, recent ones, lie close together.
struct SymbolInterner {
    /// An id of up to `packedLength` bytes as little-endian words, zero-padded, and its length.
    struct Key: Equatable {
        var w0: UInt64 = 0
        var w1: UInt64 = 0
        var w2: UInt64 = 0
        var count = 0
    }

    /// A few ids looked up through it lately, and their symbols: a small cache in front of the
    /// table for a field with few distinct values (products, agents), which a line mostly shares
    /// with lines shortly before. Direct-mapped by the id's length and two of its bytes.
    struct RecentSet {
        private struct Entry {
            var key = Key()
            var symbol = Symbol(raw: 0)
        }

        private var entries = (Entry(), Entry(), Entry(), Entry(), Entry(), Entry(), Entry(), Entry())

        init() {}

        /// The entry for the `n` bytes at `p` (`n > 0`).
        @inline(__always)
        static func index(_ p: UnsafeRawPointer, _ n: Int) -> Int {
            let last = Int(KeywordMatcher.w8(p + (n &- 1)))
            let middle = Int(KeywordMatcher.w8(p + (n &>> 1)))
            return (n ^ last ^ middle &<< 1) & 7
        }

        @inline(__always)
        func symbol(at index: Int, ifKey key: Key) -> Symbol? {
            withUnsafeBytes(of: entries) { raw in
                let entry = raw.baseAddress!.assumingMemoryBound(to: Entry.self)[index]
                return entry.key == key ? entry.symbol : nil
            }
        }

        @inline(__always)
        mutating func set(_ index: Int, _ key: Key, _ symbol: Symbol) {
            withUnsafeMutableBytes(of: &entries) { raw in
                raw.baseAddress!.assumingMemoryBound(to: Entry.self)[index] = Entry(key: key, symbol: symbol)
            }
        }
    }

    /// `word`: the id's bytes, for an id of up to `inlineLength` bytes (else unused). `meta`: the
    /// symbol in bits 0 ..< 32, the length (255 for any longer) in 32 ..< 40, and for a longer id a
    /// hash tag in 40 ..< 64. A slot is empty when `meta` is 0.
    private struct Slot {
        var word: UInt64 = 0
        var meta: UInt64 = 0
    }

    /// Ids up to this many bytes are kept in their slot.
    static let inlineLength = 8
    /// Ids up to this many bytes are hashed (and cached in a `RecentSet`) as a packed `Key`.
    static let packedLength = 24

    /// The names of the symbols, by symbol.
    private(set) var names = SymbolNames()
    private var slots: [Slot]
    /// `64 - log2(slots.count)`: a hash's top bits pick its home slot.
    private var shift: UInt64
    private(set) var count = 0

    init() {
        slots = Array(repeating: Slot(), count: 1024)
        shift = 64 - 10
    }

    /// Forgets every id, keeping the table's room: the symbols are numbered from 1 again.
    mutating func removeAll() {
        slots.withUnsafeMutableBufferPointer { $0.update(repeating: Slot()) }
        names.removeAll()
        count = 0
    }

    /// The symbol of `bytes`, or nil when they are not valid UTF-8. Empty bytes are `Symbol.none`.
    @inline(__always)
    mutating func intern(_ bytes: UnsafeRawBufferPointer) -> Symbol? {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return Symbol(raw: 0) }
        return intern(base, bytes.count)
    }

    /// Starts bringing the home slot of `bytes` into the caches (see `prefetch(hash:)`).
    @inline(__always)
    func prefetch(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        prefetch(hash: Self.hash(base, bytes.count))
    }

    /// The symbol of the `n` bytes at `p` (`n > 0`), or nil when they are not valid UTF-8.
    @inline(__always)
    mutating func intern(_ p: UnsafeRawPointer, _ n: Int) -> Symbol? {
        intern(p, n, hash: Self.hash(p, n))
    }

    /// The symbol of the `n` bytes at `p` (`n > 0`), whose hash is `hash`, or nil when they are not
    /// valid UTF-8.
    @inline(__always)
    mutating func intern(_ p: UnsafeRawPointer, _ n: Int, hash: UInt64) -> Symbol? {
        if n <= Self.inlineLength {
            return find(inline: Self.pack(p, n).w0, n, hash: hash) ?? insertNew(p, n, hash: hash)
        }
        return find(arena: p, n, hash: hash) ?? insertNew(p, n, hash: hash)
    }

    /// Like `intern(_:_:)`, answering from `recent` when it holds the id, and adding it there.
    @inline(__always)
    mutating func intern(_ p: UnsafeRawPointer, _ n: Int, recent: inout RecentSet) -> Symbol? {
        guard n <= Self.packedLength else { return intern(p, n) }
        let key = Self.pack(p, n)
        let index = RecentSet.index(p, n)
        if let symbol = recent.symbol(at: index, ifKey: key) { return symbol }
        let hash = Self.mix(key)
        let found = n <= Self.inlineLength ? find(inline: key.w0, n, hash: hash) : find(arena: p, n, hash: hash)
        guard let symbol = found ?? insertNew(p, n, hash: hash) else { return nil }
        recent.set(index, key, symbol)
        return symbol
    }

    /// Starts bringing the home slot of an id whose hash is `hash` (`hash(_:_:)`) into the caches,
    /// without waiting for it: a caller that does so for several ids before interning them has
    /// their cache misses overlap instead of stalling each look-up in turn.
    @inline(__always)
    func prefetch(hash: UInt64) {
        slots.withUnsafeBufferPointer { slots in
            let home = UnsafeRawPointer(slots.baseAddress! + Int(truncatingIfNeeded: hash &>> shift))
            kefu_prefetch(home)
            // At three quarters full, a probe often runs on past the home slot's cache line.
            kefu_prefetch(home + 64)
        }
    }

    /// The symbol of the short id packed in `word`, if present.
    @inline(__always)
    private func find(inline word: UInt64, _ n: Int, hash: UInt64) -> Symbol? {
        let want = UInt64(truncatingIfNeeded: n) << 32
        var index = Int(truncatingIfNeeded: hash &>> shift)
        let mask = slots.count &- 1
        let meta: UInt64 = slots.withUnsafeBufferPointer { table in
            while true {
                let slot = table[index]
                if slot.meta == 0 || (slot.word == word && slot.meta & 0xFFFF_FFFF_0000_0000 == want) { return slot.meta }
                index = (index &+ 1) & mask
            }
        }
        return meta == 0 ? nil : Symbol(raw: UInt32(truncatingIfNeeded: meta))
    }

    /// The symbol of the long id at `p`, if present.
    @inline(__always)
    private func find(arena p: UnsafeRawPointer, _ n: Int, hash: UInt64) -> Symbol? {
        let want = Self.longMeta(n, hash: hash)
        let bytes = UnsafeRawBufferPointer(start: p, count: n)
        var index = Int(truncatingIfNeeded: hash &>> shift)
        let mask = slots.count &- 1
        while true {
            let slot = slots[index]
            if slot.meta == 0 { return nil }
            if slot.meta & 0xFFFF_FFFF_0000_0000 == want {
                let symbol = Symbol(raw: UInt32(truncatingIfNeeded: slot.meta))
                if names.withName(of: symbol, { $0.count == n && memcmpBytes($0.baseAddress!, bytes.baseAddress!, n) }) {
                    return symbol
                }
            }
            index = (index &+ 1) & mask
        }
    }

    /// The length and tag bits of the slot of a long id.
    @inline(__always)
    private static func longMeta(_ n: Int, hash: UInt64) -> UInt64 {
        let length = UInt64(min(n, 255)) << 32
        // The tag comes from the hash's low bits, which the home slot (its top bits) does not use.
        let tag = (hash &* 0x9E37_79B9_7F4A_7C15) & 0xFFFF_FF00_0000_0000
        return length | tag
    }

    /// Adds the id, not present, whose hash is `hash`.
    private mutating func insertNew(_ p: UnsafeRawPointer, _ n: Int, hash: UInt64) -> Symbol? {
        let bytes = UnsafeRawBufferPointer(start: p, count: n)
        guard Self.isASCII(p, n) || String(validating: bytes, as: UTF8.self) != nil else { return nil }
        let symbol = names.append(bytes)
        var slot = Slot()
        if n <= Self.inlineLength {
            slot.word = Self.pack(p, n).w0
            slot.meta = UInt64(n) << 32 | UInt64(symbol.raw)
        } else {
            slot.meta = Self.longMeta(n, hash: hash) | UInt64(symbol.raw)
        }
        place(slot, hash: hash)
        count += 1
        // Three quarters full at most: each reading thread has a table of every customer, and hits
        // (most look-ups) stay short at this load with linear probing.
        if count * 4 > slots.count * 3 { grow() }
        return symbol
    }

    /// Puts `slot` in the first empty slot from its home.
    private mutating func place(_ slot: Slot, hash: UInt64) {
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: hash &>> shift)
        while slots[index].meta != 0 { index = (index + 1) & mask }
        slots[index] = slot
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: Slot(), count: old.count * 2)
        shift -= 1
        for slot in old where slot.meta != 0 {
            let n = Int(truncatingIfNeeded: slot.meta >> 32 & 0xFF)
            let hash =
                n <= Self.inlineLength
                ? Self.mix(slot.word, 0, 0, n)
                : names.withName(of: Symbol(raw: UInt32(truncatingIfNeeded: slot.meta))) { bytes in
                    Self.hash(bytes.baseAddress!, bytes.count)
                }
            place(slot, hash: hash)
        }
    }

    /// Whether the `n` bytes at `p` are all ASCII (and so valid UTF-8 that needs no checking).
    @inline(__always)
    static func isASCII(_ p: UnsafeRawPointer, _ n: Int) -> Bool {
        var i = 0
        var high: UInt64 = 0
        while i + 8 <= n {
            high |= p.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            i += 8
        }
        while i < n {
            high |= UInt64(p.load(fromByteOffset: i, as: UInt8.self))
            i += 1
        }
        return high & 0x8080_8080_8080_8080 == 0
    }

    // MARK: Packing and hashing

    /// The `n` bytes at `p` (`1 ... 24`) as three little-endian words, zero-padded; reads only those bytes.
    @inline(__always)
    static func pack(_ p: UnsafeRawPointer, _ n: Int) -> Key {
        if n > 16 {
            // Bytes 16 ..< n are the top ones of the word that ends with the id.
            let w2 = KeywordMatcher.w64(p + (n - 8)) &>> UInt64(truncatingIfNeeded: (24 - n) << 3)
            return Key(w0: KeywordMatcher.w64(p), w1: KeywordMatcher.w64(p + 8), w2: w2, count: n)
        }
        if n > 8 {
            let w1 = KeywordMatcher.w64(p + (n - 8)) &>> UInt64(truncatingIfNeeded: (16 - n) << 3)
            return Key(w0: KeywordMatcher.w64(p), w1: w1, count: n)
        }
        if n >= 4 {
            // Two overlapping 4-byte reads; the overlap holds the same bytes in both.
            let low = UInt64(KeywordMatcher.w32(p))
            let high = UInt64(KeywordMatcher.w32(p + (n - 4)))
            return Key(w0: low | high &<< UInt64(truncatingIfNeeded: (n - 4) << 3), count: n)
        }
        let first = UInt64(KeywordMatcher.w8(p))
        let middle = UInt64(KeywordMatcher.w8(p + (n >> 1)))
        let last = UInt64(KeywordMatcher.w8(p + (n - 1)))
        let w0 = first | middle &<< UInt64(truncatingIfNeeded: (n >> 1) << 3) | last &<< UInt64(truncatingIfNeeded: (n - 1) << 3)
        return Key(w0: w0, count: n)
    }

    /// The hash of the `n` bytes at `p` (`n > 0`): its top bits pick the home slot.
    @inline(__always)
    static func hash(_ p: UnsafeRawPointer, _ n: Int) -> UInt64 {
        if n <= packedLength { return mix(pack(p, n)) }
        return ByteHash.hash(UnsafeRawBufferPointer(start: p, count: n))
    }

    /// The hash of a packed id: its top bits pick the slot (multiplicative hashing).
    @inline(__always)
    static func mix(_ key: Key) -> UInt64 {
        mix(key.w0, key.w1, key.w2, key.count)
    }

    @inline(__always)
    static func mix(_ w0: UInt64, _ w1: UInt64, _ w2: UInt64, _ n: Int) -> UInt64 {
        let a = (w0 ^ UInt64(truncatingIfNeeded: n)) &* 0x9E37_79B9_7F4A_7C15
        let b = (w1 ^ 0x2545_F491_4F6C_DD1D) &* 0xC2B2_AE3D_27D4_EB4F
        let c = (w2 ^ 0x1656_67B1_9E37_79F9) &* 0xFF51_AFD7_ED55_8CCD
        return a ^ b ^ c
    }
}
