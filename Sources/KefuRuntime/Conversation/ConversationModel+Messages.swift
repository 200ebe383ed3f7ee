import KefuCore
import KefuMetrics

/// Customer and agent messages: attribution, implied transitions, assisting replies, sessions.
extension ConversationModel {
    /// A customer message in a reception list is a manual message attributed to the holder; in
    /// nobody's reception it is pending until the conversation's next `reception_enter`.
    mutating func customerMessage(_ event: LogEvent, _ c: Int, seq: Int, day: Day) {
        var fact = eventFact(event, c, seq: seq)
        customers[c].lastCustomerMessageAt = event.ts
        guard let holder = customers[c].holder else {
            customers[c].pending.append(fact, day: day)
            return
        }
        fact.agent = holder
        fact.manual = true
        customers[c].updateStint { $0.customerMessage(at: event.ts) }
        customers[c].sessions.addCustomerMessage(agent: holder, day: day, seq: seq, at: event.ts, manual: true)
        sink.add(fact)
    }

    /// An agent message: an assisting reply to another agent's customer; or, to a customer in nobody's
    /// reception, a pick-up that implies `transfer_to_human` (from the bot list) and `reception_enter`
    /// (mode `manual`) at the same instant; then a reply of the holder in the stint and the session.
    mutating func agentMessage(_ event: LogEvent, _ c: Int, sequence: Int, day: Day) {
        let agent = event.agent
        var fact = eventFact(event, c, seq: 4 * sequence + 3)
        fact.agent = Self.present(agent)
        fact.manual = true
        if let holder = customers[c].holder, holder != agent {
            fact.assisting = true
            sink.add(fact)
            return
        }
        if customers[c].holder == nil {
            if customers[c].list == .bot {
                var implied = eventFact(event, c, seq: 4 * sequence, type: .transferToHuman)
                implied.agent = Self.present(agent)
                implied.by = .agent
                implied.implied = true
                sink.add(implied)
                customers[c].list = .waiting
            }
            var implied = eventFact(event, c, seq: 4 * sequence + 1, type: .receptionEnter)
            implied.agent = Self.present(agent)
            implied.mode = .manual
            implied.implied = true
            sink.add(implied)
            receive(c, by: agent, mode: .manual, seq: 4 * sequence + 1, at: event.ts)
            fact.list = customers[c].list
        }
        let lastCustomerMessageAt = customers[c].lastCustomerMessageAt
        customers[c].updateStint {
            $0.holderMessage(at: event.ts, conversationLastCustomerMessageAt: lastCustomerMessageAt)
        }
        let key = customers[c].key
        let reply = customers[c].sessions.addAgentMessage(of: key, agent: agent, day: day, seq: fact.seq, at: event.ts)
        sink.add(reply)
        sink.add(fact)
    }

    /// Gives the conversation's pending customer messages to `agent`, whose stint just began by
    /// `reception_enter`: their facts are delivered, and they join `agent`'s sessions of their days.
    mutating func attributePending(_ c: Int, to agent: Symbol) {
        guard !customers[c].pending.isEmpty else { return }
        for message in customers[c].pending.take() {
            var fact = message.fact
            fact.agent = Self.present(agent)
            customers[c].sessions.addCustomerMessage(
                agent: agent, day: message.day, seq: fact.seq, at: fact.ts, manual: fact.manual)
            sink.add(fact)
        }
    }
}
