import KefuCore
import KefuMetrics
import Testing

@testable import KefuRuntime

/// Models over disjoint sets of customers, agent statuses all in one, give the facts of one model.
@Suite struct PartitionTests {
    /// Several customers of two products (one customer id in both), over three days.
    static func mixedLog() -> ConversationScript {
        var s = ConversationScript()
        s.status("2026-12-01 08:00", "a1", connection: .connected, work: .online)
        s.status("2026-12-01 08:00", "a2", connection: .connected)
        s.open("2026-12-01 09:00", "c1")
        s.bot("2026-12-01 09:00:01", "c1")
        s.ask("2026-12-01 09:01", "c1")
        s.reply("2026-12-01 09:02", "a1", "c1")
        s.add("2026-12-01 09:02", .customerMessage, "c1", product: "p2")
        s.add("2026-12-01 09:03", .queueEnter, "c1", product: "p2")
        s.queue("2026-12-01 09:04", "c2")
        s.ask("2026-12-01 09:05", "c2")
        s.enter("2026-12-01 09:06", "a2", "c3")
        s.ask("2026-12-01 09:07", "c3")
        s.reply("2026-12-01 09:08", "a1", "c3")
        s.transfer("2026-12-01 09:09", "a2", to: "a1", "c3")
        s.reply("2026-12-01 09:10", "a1", "c3")
        s.invite("2026-12-01 09:11", "a1", "c3")
        s.rate("2026-12-01 09:12", "a1", .neutral, "c3")
        s.rate("2026-12-01 09:13", "a2", .neutral, "c3")
        s.end("2026-12-01 09:14", "a1", "c3")
        s.ask("2026-12-01 23:59", "c2")
        s.status("2026-12-02 08:00", "a2", connection: .disconnected)
        s.add("2026-12-03 00:00", .receptionEnter, "c1", product: "p2", agent: "a2", mode: .queueAuto)
        s.reply("2026-12-03 09:00", "a2", "c2")
        s.human("2026-12-03 09:01", "c4")
        s.queue("2026-12-03 09:02", "c5")
        s.leave("2026-12-03 09:03", "c5")
        s.ask("2026-12-03 09:04", "c6")
        s.add("2026-12-03 09:05", .autoReply, "c6", agent: "a1")
        return s
    }

    @Test func factsDoNotDependOnHowCustomersArePartitioned() {
        let s = Self.mixedLog()
        let last = s.day("2026-12-04")
        let whole = s.run(through: last)

        for parts in [2, 3] {
            let outcomes = s.run(partitions: parts, through: last)
            let combined = ConversationOutcome.merged(outcomes)
            let merged = combined.facts
            let anomalies = combined.anomalies
            #expect(outcomes.filter { !$0.facts.events.isEmpty }.count > 1, "the split must be a real one")
            #expect(merged.multisets(ignoringSeq: false) == whole.facts.multisets(ignoringSeq: false))
            #expect(anomalies == whole.anomalies)
        }
        #expect(!whole.facts.customerDayEnds.isEmpty)
        #expect(whole.anomalies == [.transferToHumanNotInBotList: 1, .ratingWithoutInvitation: 1])
    }
}
