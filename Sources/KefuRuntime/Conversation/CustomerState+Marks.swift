import KefuCore
import KefuMetrics

/// What a customer's open state can still deliver: the bounds a ledger settles its items by
/// (`CustomerLedger.settle`), at a day change.
extension CustomerState {
    /// Whether the customer holds ledger items that may settle before the end of the input, or
    /// sessions to close at a day change.
    var needsSettling: Bool {
        ledger.hasSettlingItems || !sessions.isEmpty
    }

    /// Whether the customer holds anything the end of the input must close or deliver: an open stint
    /// or queue wait, pending messages, sessions, invitations awaiting an answer, ledger items.
    var holdsOpenState: Bool {
        hasOpenStint || wait != nil || !pending.isEmpty || !sessions.isEmpty || !invitations.isEmpty || !ledger.isEmpty
    }

    /// The smallest seq that a fact of `stream` of the customer delivered from now on can have; nil
    /// when the model does not track it for that stream.
    ///
    /// Events are applied in order, so only pending messages, delivered when attributed, can bring an
    /// event fact with a smaller seq than the ones already delivered.
    func sequenceMark(_ stream: FactStream) -> Int64? {
        switch stream {
        case .events:
            return pending.firstFact.map { Int64($0.seq) } ?? .max
        case .stints, .queueWaits, .sessions, .replies, .invitations, .customerDayEnds, .agentDayEnds:
            return nil
        }
    }

    /// The earliest instant, in microseconds, that a fact of the customer delivered from now on can
    /// carry in `time`, when no event to come is earlier than `now`; nil when the model does not
    /// track it.
    func timeMark(_ time: FactTime, now: Instant) -> Int64? {
        switch time {
        case .eventsTs:
            return min(now, pending.firstFact?.ts ?? now).microseconds
        default:
            return nil
        }
    }

    /// The earliest day that a fact of the customer delivered from now on can carry in `time`, on
    /// entering `today`; nil when any day can still come.
    ///
    /// New events are not earlier than today. What the customer has open can still deliver facts
    /// dated earlier: pending messages (delivered, and joined to sessions, when attributed), the
    /// open stint and queue wait, sessions, invitations awaiting their answer.
    func watermark(_ time: FactTime, today: Day, calendar: LocalCalendar) -> Day? {
        var mark = today
        func lower(_ day: Day?) {
            if let day, day < mark { mark = day }
        }
        switch time {
        case .eventsTs:
            lower(pending.firstDay)
        case .stintsEnteredAt, .stintsEndedAt, .stintsFirstReplyAt, .stintsLastManualMessageAt:
            // Every time of a stint is at or after its start; a stint still to come starts from now on.
            lower(stint.map { calendar.day(of: $0.enteredAt) })
        case .stintsLastCustomerMessageAt:
            // A later stint carries the conversation's last customer message, of any earlier day.
            return nil
        case .queueWaitsEnteredAt, .queueWaitsEndedAt:
            lower(wait.map { calendar.day(of: $0.enteredAt) })
        case .sessionsDay, .sessionsFirstMessageAt, .sessionsLastMessageAt, .repliesFirstUnansweredAt:
            lower(pending.firstDay)
            lower(sessions.earliestDay)
        case .repliesTs, .customerDayEndsDay, .agentDayEndsDay:
            break
        case .invitationsInvitedAt, .invitationsRatedAt:
            lower(invitations.earliestInvitation.map { calendar.day(of: $0) })
        }
        return mark
    }
}
