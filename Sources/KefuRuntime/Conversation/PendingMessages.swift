import KefuCore
import KefuMetrics

/// Customer messages sent while the customer was in nobody's reception list, not yet attributed.
///
/// They wait for the conversation's next stint begun by `reception_enter`, whose agent they are
/// attributed to; if the conversation ends first (`reception_end`, `queue_leave`) or the input does,
/// they are emitted attributed to nobody. Their facts keep the seq and list of their own event.
struct PendingMessages: Sendable {
    struct Message: Sendable {
        var fact: EventFact
        /// The local day the message was sent on: the day of the session it will join.
        var day: Day
    }

    private(set) var messages: [Message] = []

    var isEmpty: Bool { messages.isEmpty }

    /// The day of the earliest pending message; sessions of that day or later may still grow.
    var firstDay: Day? { messages.first?.day }

    /// The earliest pending message's fact: messages are pending in time order.
    var firstFact: EventFact? { messages.first?.fact }

    mutating func append(_ fact: EventFact, day: Day) {
        // Messages mostly come several at a time (a chat with the bot): one allocation for them.
        if messages.capacity == 0 { messages.reserveCapacity(4) }
        messages.append(Message(fact: fact, day: day))
    }

    /// Removes and returns the pending messages, in the order they were sent.
    mutating func take() -> [Message] {
        defer { messages = [] }
        return messages
    }
}
