import KefuCore
import KefuMetrics

/// An open stint (接待): the customer's current stay in one agent's reception list.
///
/// It begins with a `reception_enter` (explicit or implied) or with the `transfer` that handed the
/// customer to the agent, and becomes a `StintFact` when it ends, or at the end of input as `open`.
struct Stint: Sendable {
    /// The seq of the event that began it.
    var seq: Int
    var agent: Symbol
    var mode: ReceptionMode
    var enteredAt: Instant
    /// The holder's first `agent_message` in the stint.
    var firstReplyAt: Instant? = nil
    /// The conversation's last customer message before `firstReplyAt`, fixed at the first reply.
    var lastCustomerMessageAt: Instant? = nil
    /// The last customer message or holder's `agent_message` in the stint.
    var lastManualMessageAt: Instant? = nil

    init(seq: Int, agent: Symbol, mode: ReceptionMode, enteredAt: Instant) {
        self.seq = seq
        self.agent = agent
        self.mode = mode
        self.enteredAt = enteredAt
    }

    /// Notes a customer message sent in the stint.
    mutating func customerMessage(at ts: Instant) {
        lastManualMessageAt = ts
    }

    /// Notes the holder's `agent_message`; `conversationLastCustomerMessageAt` is the conversation's
    /// last customer message so far, kept when this is the stint's first reply.
    mutating func holderMessage(at ts: Instant, conversationLastCustomerMessageAt: Instant?) {
        if firstReplyAt == nil {
            firstReplyAt = ts
            lastCustomerMessageAt = conversationLastCustomerMessageAt
        }
        lastManualMessageAt = ts
    }

    /// The fact of this stint, ended as `end` at `endedAt` (nil while open).
    func fact(of key: CustomerKey, end: StintEnd, at endedAt: Instant?) -> StintFact {
        StintFact(
            seq: seq, product: key.product, customer: key.customer, agent: agent, mode: mode,
            enteredAt: enteredAt, end: end, endedAt: endedAt, firstReplyAt: firstReplyAt,
            lastCustomerMessageAt: lastCustomerMessageAt, lastManualMessageAt: lastManualMessageAt)
    }
}
