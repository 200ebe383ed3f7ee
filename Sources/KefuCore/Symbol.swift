/// An interned identifier: a product, customer or agent id read from a log.
///
/// Facts and aggregation keys carry symbols instead of strings so that the per-event path compares
/// and hashes integers and never allocates.
public struct Symbol: Hashable, Comparable, Sendable {
    public var raw: UInt32

    public init(raw: UInt32) {
        self.raw = raw
    }

    /// The absent identifier (an event without an agent, a cell not split by agent).
    public static let none = Symbol(raw: 0)

    public var isNone: Bool { raw == 0 }

    public static func < (lhs: Symbol, rhs: Symbol) -> Bool { lhs.raw < rhs.raw }
}
