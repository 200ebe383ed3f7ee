import KefuCore
import KefuMetrics
import Testing

@testable import KefuRuntime

/// Day-end state (METRICS.md, "snapshot" scope): where each customer not idle is, and each agent's
/// statuses, at the end of every day, gap days included; an event at 00:00 belongs to the next day.
@Suite struct DayEndSnapshotTests {
    @Test func dayEndStateCoversGapDaysAndPutsMidnightEventsInTheNextDay() {
        var s = ConversationScript()
        s.status("2026-12-01 09:00", "a1", connection: .connected)
        s.queue("2026-12-01 10:00", "c1")
        s.enter("2026-12-01 10:00", "a1", "c2")
        s.end("2026-12-01 11:00", "a1", "c2")
        s.bot("2026-12-01 12:00", "c3")
        s.status("2026-12-01 13:00", "a2", work: .online)
        s.enter("2026-12-03 00:00", "a1", "c1", mode: .queueAuto)
        s.human("2026-12-03 08:00", "c3")
        s.status("2026-12-03 09:00", "a1", work: .offline)
        let facts = s.run(through: s.day("2026-12-04")).facts
        let (a1, a2, c1, c3) = (s.sym("a1"), s.sym("a2"), s.sym("c1"), s.sym("c3"))

        struct Row: Hashable {
            var day: String, customer: Symbol, list: ListState, agent: Symbol?
        }
        let rows = Set(facts.customerDayEnds.map { Row(day: $0.day.description, customer: $0.customer, list: $0.list, agent: $0.agent) })
        #expect(
            rows == [
                Row(day: "2026-12-01", customer: c1, list: .queue, agent: nil),
                Row(day: "2026-12-01", customer: c3, list: .bot, agent: nil),
                Row(day: "2026-12-02", customer: c1, list: .queue, agent: nil),
                Row(day: "2026-12-02", customer: c3, list: .bot, agent: nil),
                Row(day: "2026-12-03", customer: c1, list: .reception, agent: a1),
                Row(day: "2026-12-03", customer: c3, list: .waiting, agent: nil),
                Row(day: "2026-12-04", customer: c1, list: .reception, agent: a1),
                Row(day: "2026-12-04", customer: c3, list: .waiting, agent: nil),
            ])
        #expect(facts.customerDayEnds.count == rows.count)
        #expect(facts.customerDayEnds.allSatisfy { $0.product == s.sym("p1") })

        struct AgentRow: Hashable {
            var day: String, agent: Symbol, connection: Connection?, work: WorkStatus?
        }
        let agentRows = facts.agentDayEnds.map {
            AgentRow(day: $0.day.description, agent: $0.agent, connection: $0.connection, work: $0.work)
        }
        #expect(agentRows.count == 8)
        #expect(
            Set(agentRows) == [
                AgentRow(day: "2026-12-01", agent: a1, connection: .connected, work: nil),
                AgentRow(day: "2026-12-02", agent: a1, connection: .connected, work: nil),
                AgentRow(day: "2026-12-03", agent: a1, connection: .connected, work: .offline),
                AgentRow(day: "2026-12-04", agent: a1, connection: .connected, work: .offline),
                AgentRow(day: "2026-12-01", agent: a2, connection: nil, work: .online),
                AgentRow(day: "2026-12-02", agent: a2, connection: nil, work: .online),
                AgentRow(day: "2026-12-03", agent: a2, connection: nil, work: .online),
                AgentRow(day: "2026-12-04", agent: a2, connection: nil, work: .online),
            ])
    }

    @Test func dayEndFactsTakeTheSeqOfTheLatestEventBeforeThem() {
        var s = ConversationScript()
        s.status("2026-12-01 09:00", "a1", connection: .connected)
        s.queue("2026-12-01 10:00")
        s.ask("2026-12-01 10:01")
        s.enter("2026-12-02 10:00", "a1", mode: .queueAuto)
        let facts = s.run().facts
        #expect(facts.customerDayEnds.sorted { $0.day < $1.day }.map(\.seq) == [4 * 2 + 3, 4 * 3 + 3])
        #expect(facts.agentDayEnds.map(\.seq) == [3, 3])
    }

    @Test func noDayEndFactsBeforeTheFirstEventOrForIdleCustomers() {
        var s = ConversationScript()
        s.open("2026-12-05 10:00")
        s.ask("2026-12-05 10:01")
        let facts = s.run(through: s.day("2026-12-07")).facts
        #expect(facts.customerDayEnds.isEmpty)
        #expect(facts.agentDayEnds.isEmpty)
    }
}
