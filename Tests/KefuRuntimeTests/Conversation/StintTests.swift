import KefuCore
import KefuMetrics
import Testing

@testable import KefuRuntime

/// METRICS.md, "Stint": one stay of a customer in one agent's reception list.
@Suite struct StintTests {
    @Test func transferEndsOneStintAndStartsAnother() {
        var s = ConversationScript()
        s.queue("09:00")
        s.ask("09:01")
        s.enter("09:02", "a1", mode: .queueAuto)
        s.reply("09:03", "a1")
        s.ask("09:04")
        s.transfer("09:05", "a1", to: "a2")
        s.ask("09:06")
        s.reply("09:07", "a2")
        s.end("09:08", "a2")
        let facts = s.run().facts
        let (p1, c1, a1, a2) = (s.sym("p1"), s.sym("c1"), s.sym("a1"), s.sym("a2"))
        #expect(
            facts.stints.sorted { $0.seq < $1.seq } == [
                StintFact(
                    seq: 11, product: p1, customer: c1, agent: a1, mode: .queueAuto, enteredAt: s.instant("09:02"),
                    end: .transferred, endedAt: s.instant("09:05"), firstReplyAt: s.instant("09:03"),
                    lastCustomerMessageAt: s.instant("09:01"), lastManualMessageAt: s.instant("09:04")),
                StintFact(
                    seq: 23, product: p1, customer: c1, agent: a2, mode: .transfer, enteredAt: s.instant("09:05"),
                    end: .ended, endedAt: s.instant("09:08"), firstReplyAt: s.instant("09:07"),
                    lastCustomerMessageAt: s.instant("09:06"), lastManualMessageAt: s.instant("09:07")),
            ])
        let transfer = facts.events.first { $0.type == .transfer }
        #expect(transfer?.agent == a1)
        #expect(transfer?.toAgent == a2)
        #expect(transfer?.ignored == false)
    }

    @Test func severalStintsOfOneCustomerWithOneAgentInADay() {
        var s = ConversationScript()
        s.enter("09:00", "a1")
        s.ask("09:01")
        s.reply("09:02", "a1")
        s.end("09:03", "a1")
        s.ask("10:00")
        s.enter("10:01", "a1")
        s.reply("10:02", "a1")
        s.end("10:03", "a1")
        let facts = s.run().facts
        let stints = facts.stints.sorted { $0.seq < $1.seq }
        #expect(stints.map(\.agent) == [s.sym("a1"), s.sym("a1")])
        #expect(stints.map(\.end) == [.ended, .ended])
        #expect(stints.map(\.enteredAt) == [s.instant("09:00"), s.instant("10:01")])
        #expect(stints.map(\.endedAt) == [s.instant("09:03"), s.instant("10:03")])
        #expect(stints.map(\.firstReplyAt) == [s.instant("09:02"), s.instant("10:02")])
        // The second conversation's message, sent while idle, is its stint's anchor.
        #expect(stints.map(\.lastCustomerMessageAt) == [s.instant("09:01"), s.instant("10:00")])
        #expect(stints.map(\.lastManualMessageAt) == [s.instant("09:02"), s.instant("10:02")])
        // One session for the day: C B C B, the idle message not manual.
        #expect(facts.sessions.count == 1)
        #expect(facts.sessions.first?.customerMessages == 2)
        #expect(facts.sessions.first?.agentMessages == 2)
        #expect(facts.sessions.first?.manualMessages == 3)
        #expect(facts.sessions.first?.rounds == 2)
        #expect(facts.sessions.first?.firstMessageAt == s.instant("09:01"))
        #expect(facts.sessions.first?.lastMessageAt == s.instant("10:02"))
    }

    @Test func stintStillOpenAtEndOfInputIsOpen() {
        var s = ConversationScript()
        s.enter("09:00", "a1", mode: .manual)
        s.ask("09:01")
        let facts = s.run().facts
        #expect(facts.stints.count == 1)
        #expect(facts.stints.first?.end == .open)
        #expect(facts.stints.first?.endedAt == nil)
        #expect(facts.stints.first?.firstReplyAt == nil)
        #expect(facts.stints.first?.lastCustomerMessageAt == nil)
        #expect(facts.stints.first?.lastManualMessageAt == s.instant("09:01"))
    }

    @Test func firstReplyAnchorIsTheConversationsLastCustomerMessageBeforeIt() {
        var s = ConversationScript()
        s.ask("09:00")
        s.bot("09:01")
        s.ask("09:02")
        s.reply("09:03", "a1")
        s.ask("09:04")
        s.reply("09:05", "a1")
        let stint = s.run().facts.stints.first
        #expect(stint?.firstReplyAt == s.instant("09:03"))
        #expect(stint?.lastCustomerMessageAt == s.instant("09:02"))
        #expect(stint?.lastManualMessageAt == s.instant("09:05"))
    }
}
