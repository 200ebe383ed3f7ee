/// The names of symbols, in symbol order, as UTF-8 bytes in one array.
///
/// Logs name hundreds of thousands of customers: one `String` each, with a dictionary to find them,
/// costs several times the bytes of the names. Here a name costs its bytes and a 4-byte end offset,
/// and a `String` is made only when a report prints it. Symbol 0 (`Symbol.none`) is the empty name.
public struct SymbolNames: Sendable {
    private var bytes: [UInt8] = []
    /// `ends[raw]` is where the name of symbol `raw` ends in `bytes`; it starts where the previous ends.
    private var ends: [UInt32] = [0]

    public init() {}

    /// How many symbols have names, `Symbol.none` not counted.
    public var count: Int { ends.count - 1 }

    /// Adds the name of the next symbol, which must be valid UTF-8, and returns the symbol.
    public mutating func append(_ name: UnsafeRawBufferPointer) -> Symbol {
        bytes.append(contentsOf: name)
        ends.append(UInt32(bytes.count))
        return Symbol(raw: UInt32(ends.count - 1))
    }

    /// Removes every name but the empty one of `Symbol.none`, keeping the room they took.
    public mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        ends.append(0)
    }

    /// Calls `body` with the UTF-8 bytes of the name of `symbol`.
    @inlinable
    public func withName<R>(of symbol: Symbol, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        let (start, end) = bounds(of: symbol)
        return withBytes { body(UnsafeRawBufferPointer(rebasing: $0[start..<end])) }
    }

    /// The name of `symbol`.
    public func name(of symbol: Symbol) -> String {
        withName(of: symbol) { String(decoding: $0, as: UTF8.self) }
    }

    @usableFromInline
    func bounds(of symbol: Symbol) -> (start: Int, end: Int) {
        let raw = Int(symbol.raw)
        return (raw == 0 ? 0 : Int(ends[raw - 1]), Int(ends[raw]))
    }

    @usableFromInline
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        bytes.withUnsafeBytes(body)
    }
}
