/// Maps identifier strings to symbols and back.
///
/// One table is filled while a log is read; afterwards it is only read, to print names in reports.
public struct SymbolTable: Sendable {
    private var ids: [String: Symbol] = [:]
    private var names: [String] = [""]

    public init() {}

    /// The symbol of `name`, creating it on first use. The empty string is `Symbol.none`.
    public mutating func intern(_ name: String) -> Symbol {
        if name.isEmpty { return .none }
        if let symbol = ids[name] { return symbol }
        let symbol = Symbol(raw: UInt32(names.count))
        names.append(name)
        ids[name] = symbol
        return symbol
    }

    /// The symbol of `name` if it was interned.
    public func lookup(_ name: String) -> Symbol? {
        name.isEmpty ? Symbol.none : ids[name]
    }

    public func name(of symbol: Symbol) -> String {
        names[Int(symbol.raw)]
    }

    public var count: Int { names.count - 1 }
}
