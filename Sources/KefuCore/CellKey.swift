/// The finest row a metric's values are kept at: a day, a product and an agent.
///
/// A metric not split by a key holds `.none` there; report rows are unions of cells.
public struct CellKey: Hashable, Sendable {
    public var day: Day
    public var product: Symbol
    public var agent: Symbol

    @inlinable
    public init(day: Day, product: Symbol = .none, agent: Symbol = .none) {
        self.day = day
        self.product = product
        self.agent = agent
    }
}

extension CellKey: TableHashable {
    @inlinable
    public var tableHash: UInt64 {
        TableHash.hash(TableHash.pack(UInt32(bitPattern: day.index), product.raw), UInt64(agent.raw))
    }
}
