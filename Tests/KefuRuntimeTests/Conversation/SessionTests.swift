import KefuCore
import KefuMetrics
import Testing

@testable import KefuRuntime

/// METRICS.md, "Session" and "Round", and the replies (`ReplyFact`) of a session.
@Suite struct SessionTests {
    @Test func roundsCountRunsOfCustomerMessagesFollowedByAgentMessages() {
        var s = ConversationScript()
        s.enter("09:00", "a1", "c1")
        s.ask("09:01", "c1")
        s.ask("09:02", "c1")
        s.reply("09:03", "a1", "c1")
        s.ask("09:04", "c1")
        s.reply("09:05", "a1", "c1")
        s.reply("09:06", "a1", "c1")
        s.enter("09:00", "a1", "c2")
        s.reply("09:01", "a1", "c2")
        s.ask("09:02", "c2")
        let facts = s.run().facts
        let sessions = Dictionary(uniqueKeysWithValues: facts.sessions.map { ($0.customer, $0) })
        let c1 = sessions[s.sym("c1")]
        #expect(c1?.rounds == 2)
        #expect(c1?.customerMessages == 3)
        #expect(c1?.agentMessages == 3)
        #expect(c1?.manualMessages == 6)
        let c2 = sessions[s.sym("c2")]
        #expect(c2?.rounds == 0)
        #expect(c2?.customerMessages == 1)
        #expect(c2?.agentMessages == 1)
    }

    @Test func replyAnswersTheFirstUnansweredMessageOfItsSession() {
        var s = ConversationScript()
        s.enter("09:00", "a1")
        s.ask("09:01")
        s.ask("09:02")
        s.reply("09:03", "a1")
        s.reply("09:04", "a1")
        s.ask("09:05")
        s.reply("09:06", "a1")
        s.reply("2026-12-02 09:00", "a1")
        let facts = s.run().facts
        let replies = facts.replies.sorted { $0.seq < $1.seq }
        #expect(replies.map(\.ts) == ["09:03", "09:04", "09:06", "2026-12-02 09:00"].map(s.instant))
        #expect(replies.map(\.firstUnansweredAt) == [s.instant("09:01"), nil, s.instant("09:05"), nil])
        #expect(replies.allSatisfy { $0.agent == s.sym("a1") && $0.customer == s.sym("c1") })
        #expect(facts.sessions.map(\.day).sorted() == [s.day("2026-12-01"), s.day("2026-12-02")])
    }

    @Test func sessionsSplitAtLocalMidnightInShanghai() {
        var s = ConversationScript()
        s.enter("2026-12-01 23:50", "a1")
        s.ask("2026-12-01 23:55")
        s.reply("2026-12-01 23:58", "a1")
        s.ask("2026-12-02 00:00")
        s.reply("2026-12-02 00:10", "a1")
        let facts = s.run().facts
        let sessions = facts.sessions.sorted { $0.day < $1.day }
        #expect(sessions.map(\.day) == [s.day("2026-12-01"), s.day("2026-12-02")])
        #expect(sessions.map(\.customerMessages) == [1, 1])
        #expect(sessions.map(\.agentMessages) == [1, 1])
        #expect(sessions.map(\.rounds) == [1, 1])
        #expect(sessions.map(\.firstMessageAt) == [s.instant("2026-12-01 23:55"), s.instant("2026-12-02 00:00")])
        #expect(sessions.map(\.lastMessageAt) == [s.instant("2026-12-01 23:58"), s.instant("2026-12-02 00:10")])
        #expect(facts.replies.sorted { $0.seq < $1.seq }.map(\.firstUnansweredAt) == [
            s.instant("2026-12-01 23:55"), s.instant("2026-12-02 00:00"),
        ])
    }

    @Test func consultationOfYesterdayAnsweredTodayStaysInYesterdaysSession() {
        var s = ConversationScript()
        s.queue("2026-12-01 23:00")
        s.ask("2026-12-01 23:30")
        s.reply("2026-12-02 09:00", "a1")
        let facts = s.run().facts
        let sessions = facts.sessions.sorted { $0.day < $1.day }
        #expect(sessions.map(\.day) == [s.day("2026-12-01"), s.day("2026-12-02")])
        #expect(sessions.map(\.customerMessages) == [1, 0])
        #expect(sessions.map(\.agentMessages) == [0, 1])
        #expect(sessions.map(\.rounds) == [0, 0])
        #expect(facts.replies.map(\.firstUnansweredAt) == [nil])
        // The stint's first reply still sees the conversation's last customer message, of yesterday.
        #expect(facts.stints.first?.lastCustomerMessageAt == s.instant("2026-12-01 23:30"))
    }

    @Test func sessionsSplitAtLocalMidnightAcrossDaylightSavingInNewYork() {
        // 2026-03-08 (23 hours): 23:30 EDT is 03:30Z on 03-09; 00:30 EDT on 03-09 would be 03-08 at -05:00.
        var spring = ConversationScript(zone: "America/New_York")
        spring.enter("2026-03-08T20:00:00-04:00", "a1")
        spring.ask("2026-03-08T23:30:00-04:00")
        spring.reply("2026-03-09T00:30:00-04:00", "a1")
        spring.end("2026-03-09T00:40:00-04:00", "a1")
        let springFacts = spring.run().facts
        let springSessions = springFacts.sessions.sorted { $0.day < $1.day }
        #expect(springSessions.map(\.day) == [spring.day("2026-03-08"), spring.day("2026-03-09")])
        #expect(springSessions.map(\.customerMessages) == [1, 0])
        #expect(springSessions.map(\.agentMessages) == [0, 1])
        #expect(springFacts.replies.map(\.firstUnansweredAt) == [nil])
        #expect(springFacts.customerDayEnds.map(\.day) == [spring.day("2026-03-08")])

        // 2026-11-01 (25 hours): 23:30 EST is 04:30Z on 11-02, still 11-01 locally.
        var autumn = ConversationScript(zone: "America/New_York")
        autumn.enter("2026-11-01T00:30:00-04:00", "a1")
        autumn.ask("2026-11-01T23:30:00-05:00")
        autumn.reply("2026-11-01T23:40:00-05:00", "a1")
        autumn.reply("2026-11-02T00:10:00-05:00", "a1")
        let autumnFacts = autumn.run().facts
        let autumnSessions = autumnFacts.sessions.sorted { $0.day < $1.day }
        #expect(autumnSessions.map(\.day) == [autumn.day("2026-11-01"), autumn.day("2026-11-02")])
        #expect(autumnSessions.map(\.customerMessages) == [1, 0])
        #expect(autumnSessions.map(\.agentMessages) == [1, 1])
        #expect(autumnSessions.map(\.rounds) == [1, 0])
        #expect(autumnFacts.customerDayEnds.map(\.day) == [autumn.day("2026-11-01"), autumn.day("2026-11-02")])
    }
}
