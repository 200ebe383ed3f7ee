import CPrefetch
import KefuCore
import KefuMetrics

/// Everything the model keeps about one customer of one product.
struct CustomerState: Sendable {
    let key: CustomerKey
    /// The list the customer is in (METRICS.md, "Lists").
    var list: ListState = .idle
    /// The open stint; present exactly when `list` is `.reception`. Kept out of line (`StintBox`):
    /// it is the largest part of the state, and most customers have none open at a time.
    private var stintBox: StintBox? = nil
    var stint: Stint? {
        get { stintBox?.value }
        set {
            guard let newValue else { return stintBox = nil }
            if stintBox != nil && isKnownUniquelyReferenced(&stintBox!) {
                stintBox!.value = newValue
            } else {
                stintBox = StintBox(newValue)
            }
        }
    }
    /// The open queue wait; present exactly when `list` is `.queue`.
    var wait: QueueWait? = nil
    /// Customer messages of the conversation sent in nobody's reception, not yet attributed.
    var pending = PendingMessages()
    /// The conversation's last customer message so far, in any list (nil at a conversation's start).
    var lastCustomerMessageAt: Instant? = nil
    var sessions = SessionBook()
    var invitations = InvitationBook()
    /// The customer's deduplicated facts, for the metrics whose key holds the customer.
    var ledger = CustomerLedger()
    /// Whether the customer is in the model's queue of ledgers to settle at the next day change.
    var awaitsSettling = false
    /// The seq of the customer's latest event, given to the day-end facts it leads to.
    var lastSeq: Int

    init(key: CustomerKey, seq: Int) {
        self.key = key
        self.lastSeq = seq
    }

    /// Changes the open stint in place, if there is one.
    ///
    /// A `_modify` accessor would be shorter to call, but its coroutine frame holds a copy of the
    /// stint, too large for the caller's buffer: it would allocate on every message.
    mutating func updateStint(_ change: (inout Stint) -> Void) {
        guard stintBox != nil else { return }
        if !isKnownUniquelyReferenced(&stintBox!) { stintBox = StintBox(stintBox!.value) }
        change(&stintBox!.value)
    }

    /// Starts bringing the state this one holds out of line (its ledger's first items, open
    /// sessions, pending messages, invitations and stint) into the caches, without waiting for it
    /// (see `kefu_prefetch`). Mutating only to be called in place, without copying the state.
    @inline(__always)
    mutating func prefetchOutOfLineState() {
        // A customer's day brings about five ledger items (88 bytes each), all compared by an offer.
        Self.prefetch(ledger.items, lines: 6)
        Self.prefetch(sessions.sessions)
        Self.prefetch(pending.messages)
        Self.prefetch(invitations.invitations)
        if let stintBox { kefu_prefetch(Unmanaged.passUnretained(stintBox).toOpaque()) }
    }

    /// Prefetches the first `lines` cache lines of `array`'s elements. Not checked for being empty:
    /// that would read the very memory being prefetched; an empty array's address is the shared
    /// empty storage, harmless to prefetch.
    @inline(__always)
    private static func prefetch<Element>(_ array: [Element], lines: Int = 1) {
        array.withUnsafeBufferPointer { elements in
            guard let first = elements.baseAddress else { return }
            for line in 0..<lines { kefu_prefetch(UnsafeRawPointer(first) + line * 64) }
        }
    }

    /// Whether a stint is open, without reading it.
    var hasOpenStint: Bool { stintBox != nil }

    /// The agent whose reception list holds the customer.
    var holder: Symbol? { stint?.agent }
}

/// A customer's open stint, held by reference to keep `CustomerState` small; `CustomerState.stint`
/// copies it on write when shared, so customer states keep value semantics.
final class StintBox: @unchecked Sendable {
    var value: Stint

    init(_ value: Stint) {
        self.value = value
    }
}
