import KefuCore
import KefuMetrics

/// Rating invitations and their answers (METRICS.md, `ratings`).
extension ConversationModel {
    /// Opens an invitation of the customer and agent; an earlier one of the same pair is final.
    mutating func ratingInvite(_ event: LogEvent, _ c: Int, seq: Int) {
        var fact = eventFact(event, c, seq: seq)
        fact.agent = Self.present(event.agent)
        sink.add(fact)
        let key = customers[c].key
        if let superseded = customers[c].invitations.invite(agent: event.agent, seq: seq, at: event.ts, of: key) {
            sink.add(superseded)
        }
    }

    /// Answers the latest invitation of the customer and agent; without one it is ignored.
    mutating func rating(_ event: LogEvent, _ c: Int, seq: Int) {
        var fact = eventFact(event, c, seq: seq)
        fact.agent = Self.present(event.agent)
        if !customers[c].invitations.answer(agent: event.agent, score: event.score, at: event.ts) {
            recordAnomaly(.ratingWithoutInvitation)
            fact.ignored = true
        }
        sink.add(fact)
    }
}
