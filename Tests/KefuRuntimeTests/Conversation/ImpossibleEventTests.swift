import KefuCore
import KefuMetrics
import Testing

@testable import KefuRuntime

/// METRICS.md, "Impossible events": each kind is counted, and ignored or applied as it says.
@Suite struct ImpossibleEventTests {
    /// The facts of events of `type`, in applied order.
    static func events(_ facts: RecordingFactSink, _ type: EventType) -> [EventFact] {
        facts.eventsInOrder.filter { $0.type == type }
    }

    @Test func transferToHumanOutsideTheBotListIsIgnored() {
        var s = ConversationScript()
        s.queue("09:00")
        s.human("09:01")
        let outcome = s.run()
        #expect(outcome.anomalies == [.transferToHumanNotInBotList: 1])
        let fact = Self.events(outcome.facts, .transferToHuman).first
        #expect(fact?.ignored == true)
        #expect(fact?.by == .customer)
        #expect(fact?.list == .queue)
        #expect(outcome.facts.customerDayEnds.map(\.list) == [.queue])
        #expect(outcome.facts.queueWaits.map(\.end) == [.open])
    }

    @Test func receptionEndByAnAgentNotHoldingTheCustomerIsIgnored() {
        var s = ConversationScript()
        s.enter("09:00", "a1")
        s.end("09:01", "a2")
        s.end("09:02", "a2", "c2")
        let outcome = s.run()
        #expect(outcome.anomalies == [.receptionEndNotHolder: 2])
        #expect(Self.events(outcome.facts, .receptionEnd).map(\.ignored) == [true, true])
        #expect(outcome.facts.stints.map(\.end) == [.open])
        #expect(outcome.facts.customerDayEnds.map(\.agent) == [s.sym("a1")])
    }

    @Test func transferByAnAgentNotHoldingTheCustomerIsIgnored() {
        var s = ConversationScript()
        s.enter("09:00", "a1")
        s.transfer("09:01", "a2", to: "a3")
        let outcome = s.run()
        #expect(outcome.anomalies == [.transferNotHolder: 1])
        #expect(Self.events(outcome.facts, .transfer).map(\.ignored) == [true])
        #expect(outcome.facts.stints.map(\.agent) == [s.sym("a1")])
        #expect(outcome.facts.stints.map(\.end) == [.open])
    }

    @Test func transferToTheSameAgentIsIgnored() {
        var s = ConversationScript()
        s.enter("09:00", "a1")
        s.transfer("09:01", "a1", to: "a1")
        let outcome = s.run()
        #expect(outcome.anomalies == [.transferToSameAgent: 1])
        #expect(Self.events(outcome.facts, .transfer).map(\.ignored) == [true])
        #expect(outcome.facts.stints.count == 1)
        #expect(outcome.facts.stints.first?.mode == .auto)
    }

    @Test func queueLeaveWhenNotQueuedIsIgnoredAndEndsNothing() {
        var s = ConversationScript()
        s.bot("09:00")
        s.ask("09:01")
        s.leave("09:02")
        s.enter("09:03", "a1")
        let outcome = s.run()
        #expect(outcome.anomalies == [.queueLeaveNotQueued: 1])
        #expect(Self.events(outcome.facts, .queueLeave).map(\.ignored) == [true])
        #expect(Self.events(outcome.facts, .queueLeave).map(\.list) == [.bot])
        // The conversation did not end: the bot-list message still goes to the next reception.
        #expect(Self.events(outcome.facts, .customerMessage).map(\.agent) == [s.sym("a1")])
        #expect(outcome.facts.queueWaits.isEmpty)
    }

    @Test func botEnterInReceptionInterruptsTheStint() {
        var s = ConversationScript()
        s.enter("09:00", "a1")
        s.bot("09:05")
        let outcome = s.run()
        #expect(outcome.anomalies == [.botEnterInReception: 1])
        #expect(Self.events(outcome.facts, .botEnter).map(\.ignored) == [false])
        #expect(outcome.facts.stints.map(\.end) == [.interrupted])
        #expect(outcome.facts.stints.map(\.endedAt) == [s.instant("09:05")])
        #expect(outcome.facts.customerDayEnds.map(\.list) == [.bot])
    }

    @Test func queueEnterInReceptionInterruptsTheStint() {
        var s = ConversationScript()
        s.enter("09:00", "a1")
        s.queue("09:05")
        let outcome = s.run()
        #expect(outcome.anomalies == [.queueEnterInReception: 1])
        #expect(outcome.facts.stints.map(\.end) == [.interrupted])
        #expect(outcome.facts.stints.map(\.endedAt) == [s.instant("09:05")])
        #expect(outcome.facts.queueWaits.map(\.enteredAt) == [s.instant("09:05")])
        #expect(outcome.facts.customerDayEnds.map(\.list) == [.queue])
    }

    @Test func receptionEnterInReceptionInterruptsTheStint() {
        var s = ConversationScript()
        s.enter("09:00", "a1")
        s.enter("09:05", "a2")
        s.enter("09:10", "a2", mode: .manual)
        let outcome = s.run()
        #expect(outcome.anomalies == [.receptionEnterInReception: 2])
        let stints = outcome.facts.stints.sorted { $0.seq < $1.seq }
        #expect(stints.map(\.agent) == [s.sym("a1"), s.sym("a2"), s.sym("a2")])
        #expect(stints.map(\.end) == [.interrupted, .interrupted, .open])
        #expect(stints.map(\.endedAt) == [s.instant("09:05"), s.instant("09:10"), nil])
        #expect(stints.map(\.mode) == [.auto, .auto, .manual])
    }

    @Test func queueEnterWhileQueuedKeepsTheFirstStart() {
        var s = ConversationScript()
        s.queue("09:00")
        s.queue("09:05")
        s.enter("09:10", "a1", mode: .queueAuto)
        let outcome = s.run()
        #expect(outcome.anomalies == [.queueEnterWhileQueued: 1])
        #expect(Self.events(outcome.facts, .queueEnter).map(\.ignored) == [false, false])
        #expect(Self.events(outcome.facts, .queueEnter).map(\.list) == [.idle, .queue])
        #expect(outcome.facts.queueWaits.count == 1)
        #expect(outcome.facts.queueWaits.first?.enteredAt == s.instant("09:00"))
        #expect(outcome.facts.queueWaits.first?.end == .received)
    }

    @Test func ratingWithoutInvitationIsIgnored() {
        var s = ConversationScript()
        s.enter("09:00", "a1")
        s.rate("09:01", "a1", .unsatisfied)
        let outcome = s.run()
        #expect(outcome.anomalies == [.ratingWithoutInvitation: 1])
        #expect(Self.events(outcome.facts, .rating).map(\.ignored) == [true])
        #expect(outcome.facts.invitations.isEmpty)
    }

    @Test func everyAnomalyKindHasItsReportKey() {
        #expect(
            AnomalyKind.allCases.map(\.rawValue) == [
                "transfer_to_human_not_in_bot_list", "reception_end_not_holder", "transfer_not_holder",
                "transfer_to_same_agent", "queue_leave_not_queued", "bot_enter_in_reception",
                "queue_enter_in_reception", "reception_enter_in_reception", "queue_enter_while_queued",
                "rating_without_invitation",
            ])
    }
}
