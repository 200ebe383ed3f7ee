import CPrefetch
import KefuCore
import KefuMetrics

/// Prefetching the customer state that coming events will use.
///
/// Customers come back at random times, so on a large log nearly every event's state (its entry in
/// `customerBySymbol`, the state, the ledger, sessions and stint it holds out of line) misses the
/// caches, one miss waiting on the other. A caller that knows the next events runs these stages a
/// batch or two ahead of applying them, each stage reading what the one before brought in: the
/// misses of a whole batch then overlap. Prefetching only reads, and a stage that finds nothing (a
/// customer not seen yet) does nothing, so it never changes a result. The stages are `mutating`
/// only so that they reach the model and the customer states in place: a non-mutating call on the
/// model in `PartModels` would copy it, retaining every buffer it holds.
extension ConversationModel {
    /// Stage 1: the entry of the customer name `customer` in `customerBySymbol`.
    @inline(__always)
    mutating func prefetchEntry(of customer: Symbol) {
        let name = Int(customer.raw)
        guard name < customerBySymbol.count else { return }
        customerBySymbol.withUnsafeBufferPointer { kefu_prefetch($0.baseAddress! + name) }
    }

    /// Stage 2: the customer's state, found through its entry.
    @inline(__always)
    mutating func prefetchState(of customer: Symbol) {
        if let c = knownCustomer(customer) { customers.prefetch(c) }
    }

    /// Stage 3: what the customer's state holds out of line.
    @inline(__always)
    mutating func prefetchOutOfLineState(of customer: Symbol) {
        if let c = knownCustomer(customer) { customers[c].prefetchOutOfLineState() }
    }

    /// The state `customerBySymbol` has for the customer name `customer`, if any: most likely, but
    /// not surely, the event's customer (a name used with several products has several).
    @inline(__always)
    private func knownCustomer(_ customer: Symbol) -> Int? {
        let name = Int(customer.raw)
        guard name < customerBySymbol.count else { return nil }
        let known = Int(customerBySymbol[name]) - 1
        return known >= 0 ? known : nil
    }
}
