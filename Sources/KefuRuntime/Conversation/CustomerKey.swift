import KefuCore

/// A customer of one product: customer ids are only unique within a product (EVENTS.md).
struct CustomerKey: Hashable, Sendable {
    var product: Symbol
    var customer: Symbol
}
