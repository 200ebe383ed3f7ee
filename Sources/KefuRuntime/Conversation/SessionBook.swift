import KefuCore
import KefuMetrics

/// The sessions (会话) of one customer that may still grow, and the replies (`ReplyFact`) they answer.
///
/// A session of customer c with agent a on day d holds the customer messages attributed to a and sent
/// on d, and a's non-assisting `agent_message`s to c sent on d. Messages join in time order: a pending
/// message joins when it is attributed, which is before any message of the stint that attributes it
/// and after any earlier message of the customer with any agent (pending messages are sent outside
/// every reception).
struct SessionBook: Sendable {
    struct Session: Sendable {
        var agent: Symbol
        var day: Day
        /// The seq of the session's first message.
        var seq: Int
        var customerMessages = 0
        var agentMessages = 0
        var manualMessages = 0
        var rounds = 0
        var firstMessageAt: Instant
        var lastMessageAt: Instant
        /// Whether the last message so far is the customer's (an agent message after it ends a round).
        var lastIsCustomer = false
        /// The first customer message not yet answered by an agent message of the session.
        var firstUnansweredAt: Instant? = nil

        func fact(of key: CustomerKey) -> SessionFact {
            SessionFact(
                seq: seq, product: key.product, customer: key.customer, agent: agent, day: day,
                customerMessages: customerMessages, agentMessages: agentMessages,
                manualMessages: manualMessages, rounds: rounds, firstMessageAt: firstMessageAt,
                lastMessageAt: lastMessageAt)
        }
    }

    /// Open sessions, few per customer (one per agent and day since the last flush).
    private(set) var sessions: [Session] = []
    /// The earliest open session's day (`Int32.max` when none), so the flush every event asks for
    /// need not read the sessions themselves.
    private var earliest = Day(index: .max)

    var isEmpty: Bool { sessions.isEmpty }

    /// The day of the earliest open session.
    var earliestDay: Day? { sessions.isEmpty ? nil : earliest }

    /// Adds a customer message attributed to `agent`, sent on `day`.
    mutating func addCustomerMessage(agent: Symbol, day: Day, seq: Int, at ts: Instant, manual: Bool) {
        let index = session(agent: agent, day: day, seq: seq, at: ts)
        sessions[index].customerMessages += 1
        if manual { sessions[index].manualMessages += 1 }
        if sessions[index].firstUnansweredAt == nil { sessions[index].firstUnansweredAt = ts }
        sessions[index].lastIsCustomer = true
        note(ts, in: index)
    }

    /// Adds `agent`'s non-assisting message sent on `day`, and returns its reply fact.
    mutating func addAgentMessage(
        of key: CustomerKey, agent: Symbol, day: Day, seq: Int, at ts: Instant
    ) -> ReplyFact {
        let index = session(agent: agent, day: day, seq: seq, at: ts)
        sessions[index].agentMessages += 1
        sessions[index].manualMessages += 1
        if sessions[index].lastIsCustomer { sessions[index].rounds += 1 }
        sessions[index].lastIsCustomer = false
        let firstUnansweredAt = sessions[index].firstUnansweredAt
        sessions[index].firstUnansweredAt = nil
        note(ts, in: index)
        return ReplyFact(
            seq: seq, product: key.product, customer: key.customer, agent: agent, ts: ts,
            firstUnansweredAt: firstUnansweredAt)
    }

    /// Emits the sessions that can no longer grow: those of days before `day` (the day of the
    /// customer's current event) and before `pendingFrom` (the day of the earliest pending message,
    /// which may still be attributed to any agent).
    mutating func flush<S: FactSink>(before day: Day, pendingFrom: Day?, of key: CustomerKey, into sink: inout S) {
        let limit = pendingFrom.map { min($0, day) } ?? day
        guard earliest < limit else { return }
        for session in sessions where session.day < limit {
            sink.add(session.fact(of: key))
        }
        sessions.removeAll { $0.day < limit }
        // Most customers' sessions all close: free the storage rather than keep its capacity.
        if sessions.isEmpty { sessions = [] }
        earliest = sessions.lazy.map(\.day).min() ?? Day(index: .max)
    }

    /// Emits every open session (end of input).
    mutating func flushAll<S: FactSink>(of key: CustomerKey, into sink: inout S) {
        for session in sessions {
            sink.add(session.fact(of: key))
        }
        sessions = []
        earliest = Day(index: .max)
    }

    /// The index of the session of `agent` on `day`, opened by a message with `seq` at `ts` if new.
    private mutating func session(agent: Symbol, day: Day, seq: Int, at ts: Instant) -> Int {
        if let index = sessions.lastIndex(where: { $0.agent == agent && $0.day == day }) {
            sessions[index].seq = min(sessions[index].seq, seq)
            return index
        }
        sessions.append(Session(agent: agent, day: day, seq: seq, firstMessageAt: ts, lastMessageAt: ts))
        earliest = min(earliest, day)
        return sessions.count - 1
    }

    private mutating func note(_ ts: Instant, in index: Int) {
        assert(ts >= sessions[index].lastMessageAt, "session messages must join in time order")
        if ts < sessions[index].firstMessageAt { sessions[index].firstMessageAt = ts }
        if ts > sessions[index].lastMessageAt { sessions[index].lastMessageAt = ts }
    }
}
