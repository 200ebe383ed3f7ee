import KefuCore
import KefuMetrics
import Testing

@testable import KefuRuntime

/// METRICS.md, "Assisting reply": an agent message to another agent's customer is a manual message
/// of its sender and nothing else.
@Suite struct AssistingReplyTests {
    @Test func assistingReplyIsOnlyAManualMessageOfItsSender() {
        var s = ConversationScript()
        s.queue("09:00")
        s.ask("09:01")
        s.enter("09:02", "a1", mode: .queueAuto)
        s.ask("09:03")
        s.reply("09:04", "a2")
        s.reply("09:05", "a1")
        let facts = s.run().facts
        let (a1, a2) = (s.sym("a1"), s.sym("a2"))

        let assisting = facts.events.first { $0.type == .agentMessage && $0.agent == a2 }
        #expect(assisting?.assisting == true)
        #expect(assisting?.manual == true)
        #expect(assisting?.list == .reception)
        #expect(assisting?.implied == false)
        #expect(facts.events.filter { $0.assisting }.count == 1)
        // No move, no stint, no session, no reply for the sender.
        #expect(facts.events.filter { $0.implied }.isEmpty)
        #expect(facts.stints.map(\.agent) == [a1])
        #expect(facts.sessions.map(\.agent) == [a1])
        #expect(facts.replies.map(\.agent) == [a1])
        // The holder's first reply is its own, and answers the session's first unanswered message.
        #expect(facts.stints.first?.firstReplyAt == s.instant("09:05"))
        #expect(facts.stints.first?.lastManualMessageAt == s.instant("09:05"))
        #expect(facts.replies.first?.firstUnansweredAt == s.instant("09:01"))
        #expect(facts.sessions.first?.agentMessages == 1)
        #expect(facts.sessions.first?.manualMessages == 2)
        #expect(facts.customerDayEnds.map(\.agent) == [a1])
    }
}
