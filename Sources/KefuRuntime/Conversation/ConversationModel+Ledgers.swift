import KefuCore
import KefuMetrics

/// Customers' ledgers (`CustomerLedger`): swapped into the sink while a customer's facts are
/// delivered, and settled at each day change, so that deduplicated metrics keep only what later facts
/// can still change.
extension ConversationModel {
    /// Takes the ledger of customer `c` back from the sink, and queues the customer for the day
    /// changes if it holds ledger items that may settle early or sessions to close.
    mutating func putBackLedger(of c: Int) {
        swap(&sink.ledger, &customers[c].ledger)
        if !customers[c].awaitsSettling && needsSettling(c) {
            customers[c].awaitsSettling = true
            settleQueue.append(c)
        }
    }

    private func needsSettling(_ c: Int) -> Bool {
        customers[c].ledger.hasSettlingItems || !customers[c].sessions.isEmpty
    }

    /// On entering `today`, which starts at `now` (no event from now on is earlier), for each queued
    /// customer: delivers the sessions of earlier days (as the customer's next event would), and
    /// settles the ledger items no later fact can change. Customers left with nothing to settle early
    /// leave the queue, so a customer who does not come back holds neither sessions nor items that
    /// are done.
    mutating func settleLedgers(today: Day, now: Instant) {
        var remaining = 0
        var settled: [CustomerLedger.Item] = []
        for position in settleQueue.indices {
            let c = settleQueue[position]
            swap(&sink.ledger, &customers[c].ledger)
            let key = customers[c].key
            let pendingFrom = customers[c].pending.firstDay
            customers[c].sessions.flush(before: today, pendingFrom: pendingFrom, of: key, into: &sink)
            var ledger = CustomerLedger()
            swap(&ledger, &sink.ledger)
            ledger.settle(
                into: &settled,
                watermark: { time in FactTime(rawValue: time).flatMap { watermark($0, of: c, today: today) } },
                sequenceMark: { stream in FactStream(rawValue: stream).flatMap { sequenceMark($0, of: c) } },
                timeMark: { time in FactTime(rawValue: time).flatMap { timeMark($0, of: c, now: now) } })
            customers[c].ledger = ledger
            // Deliver each customer's items at once, so the scratch array stays a customer's size.
            for item in settled {
                sink.settle(item)
            }
            settled.removeAll(keepingCapacity: true)
            if needsSettling(c) {
                settleQueue[remaining] = c
                remaining += 1
            } else {
                customers[c].awaitsSettling = false
            }
        }
        settleQueue.removeLast(settleQueue.count - remaining)
    }

    /// The smallest seq that a fact of `stream` of customer `c` delivered from now on can have; nil
    /// when the model does not track it for that stream.
    ///
    /// Events are applied in order, so only pending messages, delivered when attributed, can bring an
    /// event fact with a smaller seq than the ones already delivered.
    func sequenceMark(_ stream: FactStream, of c: Int) -> Int64? {
        switch stream {
        case .events:
            return customers[c].pending.firstFact.map { Int64($0.seq) } ?? .max
        case .stints, .queueWaits, .sessions, .replies, .invitations, .customerDayEnds, .agentDayEnds:
            return nil
        }
    }

    /// The earliest instant, in microseconds, that a fact of customer `c` delivered from now on can
    /// carry in `time`, when no event to come is earlier than `now`; nil when the model does not
    /// track it.
    func timeMark(_ time: FactTime, of c: Int, now: Instant) -> Int64? {
        switch time {
        case .eventsTs:
            return min(now, customers[c].pending.firstFact?.ts ?? now).microseconds
        default:
            return nil
        }
    }

    /// The earliest day that a fact of customer `c` delivered from now on can carry in `time`, on
    /// entering `today`; nil when any day can still come.
    ///
    /// New events are not earlier than today. What the customer has open can still deliver facts
    /// dated earlier: pending messages (delivered, and joined to sessions, when attributed), the
    /// open stint and queue wait, sessions, invitations awaiting their answer.
    func watermark(_ time: FactTime, of c: Int, today: Day) -> Day? {
        let calendar = days.calendar
        var mark = today
        func lower(_ day: Day?) {
            if let day, day < mark { mark = day }
        }
        switch time {
        case .eventsTs:
            lower(customers[c].pending.firstDay)
        case .stintsEnteredAt, .stintsEndedAt, .stintsFirstReplyAt, .stintsLastManualMessageAt:
            // Every time of a stint is at or after its start; a stint still to come starts from now on.
            lower(customers[c].stint.map { calendar.day(of: $0.enteredAt) })
        case .stintsLastCustomerMessageAt:
            // A later stint carries the conversation's last customer message, of any earlier day.
            return nil
        case .queueWaitsEnteredAt, .queueWaitsEndedAt:
            lower(customers[c].wait.map { calendar.day(of: $0.enteredAt) })
        case .sessionsDay, .sessionsFirstMessageAt, .sessionsLastMessageAt, .repliesFirstUnansweredAt:
            lower(customers[c].pending.firstDay)
            lower(customers[c].sessions.earliestDay)
        case .repliesTs, .customerDayEndsDay, .agentDayEndsDay:
            break
        case .invitationsInvitedAt, .invitationsRatedAt:
            lower(customers[c].invitations.earliestInvitation.map { calendar.day(of: $0) })
        }
        return mark
    }
}
