/// Maps identifier strings to symbols and back.
///
/// One table is filled while a log is read; afterwards it is only read, to print names in reports.
/// Names are kept as bytes (`SymbolNames`) and found through an open-addressing index of 4-byte
/// slots, so the reader interns the bytes it reads without making a `String` of each.
public struct SymbolTable: Sendable {
    private var names = SymbolNames()
    /// 0 (empty) or a symbol's raw value; a power-of-two count, at most half full.
    private var slots: [UInt32] = Array(repeating: 0, count: 16)

    public init() {}

    /// The symbol of `name`, creating it on first use. The empty string is `Symbol.none`.
    public mutating func intern(_ name: String) -> Symbol {
        var name = name
        return name.withUTF8 { intern(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// The symbol of the name whose UTF-8 bytes are `bytes`, creating it on first use. Empty bytes are
    /// `Symbol.none`.
    public mutating func intern(bytes: UnsafeRawBufferPointer) -> Symbol {
        if bytes.isEmpty { return .none }
        let hash = ByteHash.hash(bytes)
        let (found, index) = probe(bytes, hash: hash)
        if let found { return found }
        let symbol = names.append(bytes)
        slots[index] = symbol.raw
        if names.count * 2 > slots.count { grow() }
        return symbol
    }

    /// The symbol of `name` if it was interned.
    public func lookup(_ name: String) -> Symbol? {
        if name.isEmpty { return Symbol.none }
        var name = name
        return name.withUTF8 { utf8 in
            let bytes = UnsafeRawBufferPointer(utf8)
            return probe(bytes, hash: ByteHash.hash(bytes)).found
        }
    }

    public func name(of symbol: Symbol) -> String {
        names.name(of: symbol)
    }

    /// How many symbols were interned, `Symbol.none` not counted.
    public var count: Int { names.count }

    /// The symbol of `bytes` if present, and else the empty slot where it goes.
    private func probe(_ bytes: UnsafeRawBufferPointer, hash: UInt64) -> (found: Symbol?, index: Int) {
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: hash) & mask
        while true {
            let raw = slots[index]
            if raw == 0 { return (nil, index) }
            let symbol = Symbol(raw: raw)
            let equal = names.withName(of: symbol) { name in
                name.count == bytes.count && (bytes.isEmpty || name.elementsEqual(bytes))
            }
            if equal { return (symbol, index) }
            index = (index + 1) & mask
        }
    }

    private mutating func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for raw in 1...UInt32(names.count) {
            let hash = names.withName(of: Symbol(raw: raw)) { ByteHash.hash($0) }
            var index = Int(truncatingIfNeeded: hash) & mask
            while slots[index] != 0 { index = (index + 1) & mask }
            slots[index] = raw
        }
    }
}
