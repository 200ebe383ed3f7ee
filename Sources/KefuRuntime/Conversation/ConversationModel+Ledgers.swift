import KefuCore
import KefuMetrics

/// Customers' ledgers (`CustomerLedger`): swapped into the sink while a customer's facts are
/// delivered, and settled at each day change, so that deduplicated metrics keep only what later facts
/// can still change.
extension ConversationModel {
    /// Takes the ledger of the customer who holds the sink's (`ledgerHolder`) back, if any, and
    /// queues the customer for the day changes if it holds ledger items that may settle early or
    /// sessions to close.
    mutating func releaseLedger() {
        guard let c = ledgerHolder else { return }
        ledgerHolder = nil
        swap(&sink.ledger, &customers[c].ledger)
        if !customers[c].awaitsSettling && customers[c].needsSettling {
            customers[c].awaitsSettling = true
            settleQueue.append(c)
        }
    }

    /// The ledger of the customer whose state is at `c`, wherever it is now (in the sink while
    /// the customer holds it).
    func ledger(ofCustomerAt c: Int) -> CustomerLedger {
        ledgerHolder == c ? sink.ledger : customers[c].ledger
    }

    /// On entering `today`, which starts at `now` (no event from now on is earlier), for each queued
    /// customer: delivers the sessions of earlier days (as the customer's next event would), and
    /// settles the ledger items no later fact can change. Customers left with nothing to settle early
    /// leave the queue, so a customer who does not come back holds neither sessions nor items that
    /// are done.
    mutating func settleLedgers(today: Day, now: Instant) {
        // In the order the states lie in memory: the sweep then walks pages in order rather than
        // jumping between them. Customers settle independently, so the order changes no result.
        settleQueue.sort()
        let calendar = days.calendar
        var remaining = 0
        var settled: [CustomerLedger.Item] = []
        // Customers' states prefetched a batch ahead, and what they hold out of line when their
        // batch comes, so that their cache misses overlap.
        func batch(from start: Int) -> ArraySlice<Int> {
            settleQueue[min(start, settleQueue.count)..<min(start + Self.settleBatch, settleQueue.count)]
        }
        for c in batch(from: 0) { customers.prefetch(c) }
        for position in settleQueue.indices {
            if position % Self.settleBatch == 0 {
                for c in batch(from: position + Self.settleBatch) { customers.prefetch(c) }
                for c in batch(from: position) { customers[c].prefetchOutOfLineState() }
            }
            let c = settleQueue[position]
            swap(&sink.ledger, &customers[c].ledger)
            let key = customers[c].key
            let pendingFrom = customers[c].pending.firstDay
            customers[c].sessions.flush(before: today, pendingFrom: pendingFrom, of: key, into: &sink)
            var ledger = CustomerLedger()
            swap(&ledger, &sink.ledger)
            ledger.settle(
                into: &settled,
                watermark: { time in
                    FactTime(rawValue: time).flatMap { customers[c].watermark($0, today: today, calendar: calendar) }
                },
                sequenceMark: { stream in FactStream(rawValue: stream).flatMap { customers[c].sequenceMark($0) } },
                timeMark: { time in FactTime(rawValue: time).flatMap { customers[c].timeMark($0, now: now) } })
            customers[c].ledger = ledger
            // Deliver each customer's items at once, so the scratch array stays a customer's size.
            for item in settled {
                sink.settle(item)
            }
            settled.removeAll(keepingCapacity: true)
            if customers[c].needsSettling {
                settleQueue[remaining] = c
                remaining += 1
            } else {
                customers[c].awaitsSettling = false
            }
        }
        settleQueue.removeLast(settleQueue.count - remaining)
    }

    /// How many queued customers are prefetched at a time in a day-change sweep.
    private static var settleBatch: Int { 16 }
}
