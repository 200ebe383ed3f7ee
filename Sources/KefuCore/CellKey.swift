/// The finest row a metric's values are kept at: a day, a product and an agent.
///
/// A metric not split by a key holds `.none` there; report rows are unions of cells.
public struct CellKey: Hashable, Sendable {
    public var day: Day
    public var product: Symbol
    public var agent: Symbol

    public init(day: Day, product: Symbol = .none, agent: Symbol = .none) {
        self.day = day
        self.product = product
        self.agent = agent
    }
}
