import KefuCore

/// Turns id bytes read from a log into symbols, filling a `SymbolTable` on first sight only.
///
/// An id already seen is found from its bytes (hash, then an exact byte comparison) without building
/// a `String`; only a new id is validated as UTF-8 and handed to the table. A slot points straight
/// at the id's arena entry, which also holds its symbol, so a hit reads two places: slot and entry.
struct SymbolInterner {
    private(set) var symbols: SymbolTable
    /// Each slot is 0 (empty) or `tag << 40 | (offset + 1)`, the tag being the hash's top 24 bits.
    private var slots: [UInt64]
    private var arena = ByteArena()
    private(set) var count = 0

    init(symbols: SymbolTable = SymbolTable()) {
        self.symbols = symbols
        slots = Array(repeating: 0, count: 1024)
    }

    /// The symbol of `bytes`, or nil when they are not valid UTF-8. Empty bytes are `Symbol.none`.
    @inline(__always)
    mutating func intern(_ bytes: UnsafeRawBufferPointer) -> Symbol? {
        if bytes.isEmpty { return Symbol.none }
        let hash = ByteHash.hash(bytes)
        let tag = hash >> 40
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = slots[index]
            if slot == 0 { break }
            if slot >> 40 == tag {
                let offset = Int(slot & 0xFF_FFFF_FFFF) - 1
                if arena.entry(at: offset, equals: bytes) { return Symbol(raw: arena.payload(at: offset)) }
            }
            index = (index + 1) & mask
        }
        return insertNew(bytes, tag: tag, at: index)
    }

    private mutating func insertNew(_ bytes: UnsafeRawBufferPointer, tag: UInt64, at index: Int) -> Symbol? {
        guard let name = String(validating: bytes, as: UTF8.self) else { return nil }
        let symbol = symbols.intern(name)
        let offset = arena.append(bytes, payload: symbol.raw)
        slots[index] = tag << 40 | UInt64(offset + 1)
        count += 1
        if count * 2 > slots.count { grow() }
        return symbol
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: 0, count: old.count * 2)
        let mask = slots.count - 1
        for slot in old where slot != 0 {
            let hash = arena.withEntry(at: Int(slot & 0xFF_FFFF_FFFF) - 1) { ByteHash.hash($0) }
            var index = Int(truncatingIfNeeded: hash) & mask
            while slots[index] != 0 { index = (index + 1) & mask }
            slots[index] = slot
        }
    }
}
