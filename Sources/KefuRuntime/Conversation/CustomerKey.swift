import KefuCore

/// A customer of one product: customer ids are only unique within a product (EVENTS.md).
struct CustomerKey: Hashable, Sendable {
    var product: Symbol
    var customer: Symbol
}

extension CustomerKey: TableHashable {
    /// The model looks up a customer on every event, so the key hashes by one multiplication.
    var tableHash: UInt64 {
        TableHash.hash(UInt64(product.raw), UInt64(customer.raw))
    }
}
