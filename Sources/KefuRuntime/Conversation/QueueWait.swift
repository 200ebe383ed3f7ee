import KefuCore
import KefuMetrics

/// An open queue wait: the customer's current stay in the queue, from the `queue_enter` that put
/// them there (a second `queue_enter` while queued does not restart it).
struct QueueWait: Sendable {
    /// The seq of the `queue_enter` that began it.
    var seq: Int
    var enteredAt: Instant

    /// The fact of this wait, ended as `end` at `endedAt` (nil while open); `agent` is the agent whose
    /// `reception_enter` took the customer out of the queue.
    func fact(of key: CustomerKey, end: WaitEnd, at endedAt: Instant?, agent: Symbol?) -> QueueWaitFact {
        QueueWaitFact(
            seq: seq, product: key.product, customer: key.customer, enteredAt: enteredAt, end: end,
            endedAt: endedAt, agent: agent)
    }
}
