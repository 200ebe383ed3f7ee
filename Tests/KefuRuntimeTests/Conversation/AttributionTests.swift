import KefuCore
import KefuMetrics
import Testing

@testable import KefuRuntime

/// METRICS.md, "Attributed customer message": a message sent in nobody's reception belongs to the
/// agent of the conversation's next stint begun by `reception_enter`.
@Suite struct AttributionTests {
    @Test func queueAndBotConsultationsBelongToTheNextReceptionEnterAgent() {
        var s = ConversationScript()
        s.bot("09:00")
        s.ask("09:01")
        s.human("09:02")
        s.ask("09:03")
        s.queue("09:04")
        s.ask("09:05")
        s.enter("09:10", "a1", mode: .queueAuto)
        s.reply("09:11", "a1")
        let facts = s.run().facts
        let a1 = s.sym("a1")

        let asks = facts.eventsInOrder.filter { $0.type == .customerMessage }
        #expect(asks.map(\.agent) == [a1, a1, a1])
        #expect(asks.map(\.list) == [.bot, .waiting, .queue])
        #expect(asks.map(\.manual) == [false, false, false])
        #expect(asks.map(\.seq) == [7, 15, 23])

        #expect(
            facts.sessions == [
                SessionFact(
                    seq: 7, product: s.sym("p1"), customer: s.sym("c1"), agent: a1, day: s.day("2026-12-01"),
                    customerMessages: 3, agentMessages: 1, manualMessages: 1, rounds: 1,
                    firstMessageAt: s.instant("09:01"), lastMessageAt: s.instant("09:11"))
            ])
        #expect(facts.replies.map(\.firstUnansweredAt) == [s.instant("09:01")])
        let stint = facts.stints.first
        #expect(stint?.mode == .queueAuto)
        #expect(stint?.end == .open)
        #expect(stint?.lastCustomerMessageAt == s.instant("09:05"))
        #expect(stint?.lastManualMessageAt == s.instant("09:11"))
    }

    @Test func consultationsDoNotFollowTheCustomerAcrossATransfer() {
        var s = ConversationScript()
        s.enter("09:00", "a1")
        s.ask("09:01")
        s.transfer("09:02", "a1", to: "a2")
        s.ask("09:03")
        s.reply("09:04", "a2")
        let facts = s.run().facts
        let (a1, a2) = (s.sym("a1"), s.sym("a2"))

        let asks = facts.eventsInOrder.filter { $0.type == .customerMessage }
        #expect(asks.map(\.agent) == [a1, a2])
        #expect(asks.map(\.manual) == [true, true])
        let sessions = Dictionary(uniqueKeysWithValues: facts.sessions.map { ($0.agent, $0) })
        #expect(sessions[a1]?.customerMessages == 1)
        #expect(sessions[a1]?.agentMessages == 0)
        #expect(sessions[a2]?.customerMessages == 1)
        #expect(sessions[a2]?.agentMessages == 1)
        #expect(sessions[a2]?.rounds == 1)
        #expect(facts.replies.map(\.firstUnansweredAt) == [s.instant("09:03")])
    }

    @Test func pendingMessagesOfAnEndedConversationBelongToNobody() {
        var s = ConversationScript()
        s.queue("09:00")
        s.ask("09:01")
        s.leave("09:02")
        s.queue("09:03")
        s.enter("09:04", "a1", mode: .queueAuto)
        s.reply("09:05", "a1")
        let facts = s.run().facts

        let ask = facts.events.first { $0.type == .customerMessage }
        #expect(ask != nil)
        #expect(ask?.agent == nil)
        #expect(ask?.list == .queue)
        #expect(facts.sessions.map(\.customerMessages) == [0])
        #expect(facts.sessions.map(\.rounds) == [0])
        #expect(facts.replies.map(\.firstUnansweredAt) == [nil])
        // A new conversation began after queue_leave: its first reply has no customer message before it.
        #expect(facts.stints.map(\.lastCustomerMessageAt) == [nil])
    }

    @Test func pendingMessagesAtEndOfInputBelongToNobody() {
        var s = ConversationScript()
        s.bot("09:00")
        s.ask("09:01")
        s.ask("09:02")
        let facts = s.run().facts
        #expect(facts.events.filter { $0.type == .customerMessage }.map(\.agent) == [nil, nil])
        #expect(facts.sessions.isEmpty)
    }

    @Test func messagesInIdleAfterAnEndedReceptionBelongToTheNextReception() {
        var s = ConversationScript()
        s.enter("09:00", "a1")
        s.end("09:01", "a1")
        s.ask("09:02")
        s.enter("09:03", "a2")
        let facts = s.run().facts
        let ask = facts.events.first { $0.type == .customerMessage }
        #expect(ask?.agent == s.sym("a2"))
        #expect(ask?.list == .idle)
        #expect(ask?.manual == false)
    }
}
