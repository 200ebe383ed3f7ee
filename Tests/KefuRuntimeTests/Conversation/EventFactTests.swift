import KefuCore
import KefuMetrics
import Testing

@testable import KefuRuntime

/// `EventFact`: every applied customer event, with the list before it and the agent it is
/// attributed to; `agent_status` has none.
@Suite struct EventFactTests {
    @Test func eventFactsCarryTheEventAndTheListBeforeIt() {
        var s = ConversationScript()
        s.add("09:00", .openService, channel: .miniProgram)
        s.bot("09:01")
        s.add("09:02", .autoReply, agent: "bot-1")
        s.human("09:03")
        s.queue("09:04")
        s.status("09:05", "a1", connection: .connected)
        s.enter("09:06", "a1", mode: .queueAuto)
        s.ask("09:07")
        s.transfer("09:08", "a1", to: "a2")
        s.invite("09:09", "a2")
        s.rate("09:10", "a2", .satisfied)
        s.end("09:11", "a2")
        let facts = s.run().facts
        let events = facts.eventsInOrder
        let (p1, c1, a1, a2) = (s.sym("p1"), s.sym("c1"), s.sym("a1"), s.sym("a2"))

        #expect(
            events.map(\.type) == [
                .openService, .botEnter, .autoReply, .transferToHuman, .queueEnter, .receptionEnter,
                .customerMessage, .transfer, .ratingInvite, .rating, .receptionEnd,
            ])
        #expect(events.map(\.seq) == [3, 7, 11, 15, 19, 27, 31, 35, 39, 43, 47])
        #expect(events.map(\.list) == [.idle, .idle, .bot, .bot, .waiting, .queue, .reception, .reception, .reception, .reception, .reception])
        #expect(events.map(\.agent) == [nil, nil, s.sym("bot-1"), nil, nil, a1, a1, a1, a2, a2, a2])
        #expect(events.allSatisfy { $0.product == p1 && $0.customer == c1 })
        #expect(events.map(\.ts) == ["09:00", "09:01", "09:02", "09:03", "09:04", "09:06", "09:07", "09:08", "09:09", "09:10", "09:11"].map(s.instant))
        #expect(events[0].channel == .miniProgram)
        #expect(events[3].by == .customer)
        #expect(events[5].mode == .queueAuto)
        #expect(events[7].toAgent == a2)
        #expect(events.map(\.manual) == [false, false, false, false, false, false, true, false, false, false, false])
        #expect(events.allSatisfy { !$0.assisting && !$0.implied && !$0.ignored })
    }
}
