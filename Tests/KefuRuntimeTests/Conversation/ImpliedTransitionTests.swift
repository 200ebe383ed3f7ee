import KefuCore
import KefuMetrics
import Testing

@testable import KefuRuntime

/// EVENTS.md, "Implied transitions": an agent message to a customer in nobody's reception picks
/// them up, as if the log said `transfer_to_human` (from the bot list) and `reception_enter`.
@Suite struct ImpliedTransitionTests {
    /// A customer brought to `list`, then picked up by a1's reply, with the pick-up written or not.
    static func pickUp(from list: ListState, explicit: Bool) -> ConversationScript {
        var s = ConversationScript()
        s.open("09:00")
        switch list {
        case .bot:
            s.bot("09:00:01")
            s.ask("09:01")
        case .waiting:
            s.bot("09:00:01")
            s.ask("09:01")
            s.human("09:01:30")
        case .queue:
            s.ask("09:01")
            s.queue("09:01:30")
        default:
            s.ask("09:01")
        }
        if explicit {
            if list == .bot { s.human("09:02", by: .agent, agent: "a1") }
            s.enter("09:02", "a1", mode: .manual)
        }
        s.reply("09:02", "a1")
        s.ask("09:03")
        s.reply("09:04", "a1")
        s.invite("09:04:30", "a1")
        s.end("09:05", "a1")
        return s
    }

    @Test(arguments: [ListState.idle, .bot, .waiting, .queue])
    func impliedTransitionsEqualExplicitOnes(from list: ListState) {
        let implied = Self.pickUp(from: list, explicit: false).run()
        let explicit = Self.pickUp(from: list, explicit: true).run()
        #expect(implied.facts.multisets(ignoringSeq: true) == explicit.facts.multisets(ignoringSeq: true))
        #expect(implied.anomalies.isEmpty)
        #expect(explicit.anomalies.isEmpty)
        #expect(implied.facts.stints.count == 1)
        #expect(implied.facts.sessions.count == 1)
    }

    @Test func impliedTransitionsAreMarkedAndOrderedBeforeTheMessage() {
        let s = Self.pickUp(from: .bot, explicit: false)
        let facts = s.run().facts
        let a1 = s.sym("a1")
        // Events: 0 open, 1 bot_enter, 2 customer_message, 3 agent_message (implies two transitions).
        let pickUp = facts.eventsInOrder.filter { $0.seq / 4 == 3 }
        #expect(pickUp.map(\.type) == [.transferToHuman, .receptionEnter, .agentMessage])
        #expect(pickUp.map(\.seq) == [12, 13, 15])
        #expect(pickUp.map(\.implied) == [true, true, false])
        #expect(pickUp.map(\.list) == [.bot, .waiting, .reception])
        #expect(pickUp.map(\.agent) == [a1, a1, a1])
        #expect(pickUp[0].by == .agent)
        #expect(pickUp[1].mode == .manual)
        #expect(pickUp[2].manual)
        let stint = facts.stints[0]
        #expect(stint.seq == 13)
        #expect(stint.mode == .manual)
        #expect(stint.firstReplyAt == s.instant("09:02"))
        #expect(stint.lastCustomerMessageAt == s.instant("09:01"))
        // The bot-list consultation is attributed to the agent who picked the customer up.
        let consultation = facts.events.first { $0.type == .customerMessage && $0.seq == 11 }
        #expect(consultation?.agent == a1)
        #expect(consultation?.manual == false)
        #expect(facts.replies.first?.firstUnansweredAt == s.instant("09:01"))
    }

    @Test func impliedReceptionFromTheQueueEndsTheWaitReceived() {
        let s = Self.pickUp(from: .queue, explicit: false)
        let facts = s.run().facts
        #expect(
            facts.queueWaits == [
                QueueWaitFact(
                    seq: 4 * 2 + 3, product: s.sym("p1"), customer: s.sym("c1"), enteredAt: s.instant("09:01:30"),
                    end: .received, endedAt: s.instant("09:02"), agent: s.sym("a1"))
            ])
    }
}
