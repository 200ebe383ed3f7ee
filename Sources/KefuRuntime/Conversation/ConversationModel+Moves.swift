import KefuCore
import KefuMetrics

/// The events that move a customer between lists (METRICS.md, "Lists", "Impossible events").
extension ConversationModel {
    /// `open_service` and `auto_reply`: facts only.
    mutating func plainEvent(_ event: LogEvent, _ c: Int, seq: Int) {
        var fact = eventFact(event, c, seq: seq)
        if event.type == .openService { fact.channel = event.channel }
        if event.type == .autoReply { fact.agent = Self.present(event.agent) }
        sink.add(fact)
    }

    mutating func botEnter(_ event: LogEvent, _ c: Int, seq: Int) {
        sink.add(eventFact(event, c, seq: seq))
        interruptStint(c, as: .botEnterInReception, at: event.ts)
        if customers[c].list == .queue { closeWait(c, as: .interrupted, at: event.ts, agent: nil) }
        customers[c].list = .bot
    }

    /// Leaving the bot list for a human; outside the bot list it is ignored.
    mutating func transferToHuman(_ event: LogEvent, _ c: Int, seq: Int) {
        var fact = eventFact(event, c, seq: seq)
        let by = event.by ?? .customer
        fact.by = by
        if by == .agent { fact.agent = Self.present(event.agent) }
        if customers[c].list == .bot {
            customers[c].list = .waiting
        } else {
            recordAnomaly(.transferToHumanNotInBotList)
            fact.ignored = true
        }
        sink.add(fact)
    }

    /// Entering the queue starts a wait, unless already queued (the wait keeps its first start).
    mutating func queueEnter(_ event: LogEvent, _ c: Int, seq: Int) {
        sink.add(eventFact(event, c, seq: seq))
        interruptStint(c, as: .queueEnterInReception, at: event.ts)
        if customers[c].list == .queue {
            recordAnomaly(.queueEnterWhileQueued)
        } else {
            customers[c].wait = QueueWait(seq: seq, enteredAt: event.ts)
            customers[c].list = .queue
        }
    }

    /// Leaving the queue unreceived ends the wait and the conversation; outside the queue it is ignored.
    mutating func queueLeave(_ event: LogEvent, _ c: Int, seq: Int) {
        var fact = eventFact(event, c, seq: seq)
        guard customers[c].list == .queue else {
            recordAnomaly(.queueLeaveNotQueued)
            fact.ignored = true
            sink.add(fact)
            return
        }
        sink.add(fact)
        closeWait(c, as: .left, at: event.ts, agent: nil)
        customers[c].list = .idle
        endConversation(c)
    }

    mutating func receptionEnter(_ event: LogEvent, _ c: Int, seq: Int) {
        var fact = eventFact(event, c, seq: seq)
        fact.agent = Self.present(event.agent)
        fact.mode = event.mode
        sink.add(fact)
        receive(c, by: event.agent, mode: event.mode ?? .auto, seq: seq, at: event.ts)
    }

    /// The effects of a `reception_enter` (explicit or implied): a stint begins, a queue wait ends
    /// received, and the conversation's pending customer messages are attributed to `agent`.
    mutating func receive(_ c: Int, by agent: Symbol, mode: ReceptionMode, seq: Int, at ts: Instant) {
        interruptStint(c, as: .receptionEnterInReception, at: ts)
        if customers[c].list == .queue { closeWait(c, as: .received, at: ts, agent: agent) }
        customers[c].stint = Stint(seq: seq, agent: agent, mode: mode, enteredAt: ts)
        customers[c].list = .reception
        attributePending(c, to: agent)
    }

    /// The holder ends the reception, and the conversation; anyone else's `reception_end` is ignored.
    mutating func receptionEnd(_ event: LogEvent, _ c: Int, seq: Int) {
        var fact = eventFact(event, c, seq: seq)
        fact.agent = Self.present(event.agent)
        guard customers[c].holder == event.agent else {
            recordAnomaly(.receptionEndNotHolder)
            fact.ignored = true
            sink.add(fact)
            return
        }
        sink.add(fact)
        closeStint(c, as: .ended, at: event.ts)
        customers[c].list = .idle
        endConversation(c)
    }

    /// The holder hands the customer to another agent: one stint ends, another begins.
    mutating func transfer(_ event: LogEvent, _ c: Int, seq: Int) {
        var fact = eventFact(event, c, seq: seq)
        fact.agent = Self.present(event.agent)
        fact.toAgent = Self.present(event.toAgent)
        if customers[c].holder != event.agent {
            recordAnomaly(.transferNotHolder)
            fact.ignored = true
        } else if event.toAgent == event.agent {
            recordAnomaly(.transferToSameAgent)
            fact.ignored = true
        }
        sink.add(fact)
        guard !fact.ignored else { return }
        closeStint(c, as: .transferred, at: event.ts)
        customers[c].stint = Stint(seq: seq, agent: event.toAgent, mode: .transfer, enteredAt: event.ts)
    }

    /// An event that takes a customer out of a reception list other than by `reception_end` or
    /// `transfer` is an anomaly of `kind`, applied: the stint closes, interrupted, at `ts`.
    mutating func interruptStint(_ c: Int, as kind: AnomalyKind, at ts: Instant) {
        guard customers[c].list == .reception else { return }
        recordAnomaly(kind)
        closeStint(c, as: .interrupted, at: ts)
    }

    mutating func closeStint(_ c: Int, as end: StintEnd, at ts: Instant) {
        guard let stint = customers[c].stint else { return }
        sink.add(stint.fact(of: customers[c].key, end: end, at: ts))
        customers[c].stint = nil
    }

    mutating func closeWait(_ c: Int, as end: WaitEnd, at ts: Instant, agent: Symbol?) {
        guard let wait = customers[c].wait else { return }
        sink.add(wait.fact(of: customers[c].key, end: end, at: ts, agent: agent))
        customers[c].wait = nil
    }

    /// After `reception_end` or `queue_leave`: messages still pending are attributed to nobody, and
    /// the next event begins a new conversation.
    mutating func endConversation(_ c: Int) {
        for message in customers[c].pending.take() {
            sink.add(message.fact)
        }
        customers[c].lastCustomerMessageAt = nil
    }
}
