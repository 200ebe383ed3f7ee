import KefuCore
import KefuMetrics
import Testing

@testable import KefuRuntime

/// METRICS.md, `ratings`: a rating answers the latest invitation of the same customer and agent.
@Suite struct InvitationTests {
    @Test func reRatedInvitationKeepsTheLatestScore() {
        var s = ConversationScript()
        s.enter("09:00", "a1")
        s.invite("09:05", "a1")
        s.rate("09:06", "a1", .unsatisfied)
        s.rate("09:07", "a1", .satisfied)
        let outcome = s.run()
        #expect(
            outcome.facts.invitations == [
                InvitationFact(
                    seq: 7, product: s.sym("p1"), customer: s.sym("c1"), agent: s.sym("a1"),
                    invitedAt: s.instant("09:05"), score: .satisfied, ratedAt: s.instant("09:07"))
            ])
        #expect(outcome.anomalies.isEmpty)
        #expect(outcome.facts.events.filter { $0.type == .rating }.map(\.ignored) == [false, false])
    }

    @Test func answersGoToTheLatestInvitationOfTheSameAgent() {
        var s = ConversationScript()
        s.invite("09:05", "a1")
        s.invite("09:10", "a1")
        s.invite("09:11", "a2")
        s.rate("09:12", "a1", .neutral)
        let facts = s.run().facts
        let invitations = facts.invitations.sorted { $0.seq < $1.seq }
        #expect(invitations.map(\.agent) == [s.sym("a1"), s.sym("a1"), s.sym("a2")])
        #expect(invitations.map(\.invitedAt) == ["09:05", "09:10", "09:11"].map(s.instant))
        #expect(invitations.map(\.score) == [nil, .neutral, nil])
        #expect(invitations.map(\.ratedAt) == [nil, s.instant("09:12"), nil])
    }

    @Test func ratingWithoutInvitationIsAnAnomalyAndIgnored() {
        var s = ConversationScript()
        s.rate("09:00", "a1", .satisfied)
        s.invite("09:01", "a1")
        s.rate("09:02", "a2", .satisfied)
        let outcome = s.run()
        #expect(outcome.anomalies == [.ratingWithoutInvitation: 2])
        #expect(outcome.facts.events.filter { $0.type == .rating }.map(\.ignored) == [true, true])
        #expect(outcome.facts.invitations.map(\.score) == [nil])
    }
}
