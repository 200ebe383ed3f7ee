import KefuCore
import KefuMetrics
import Testing

@testable import KefuRuntime

/// Customers' ledgers (`CustomerLedger`) settle at day changes: an item keyed by a day leaves once the
/// customer can deliver no later fact of that day, and not before; so the model's metric values are
/// those of one `MetricSet` fed every fact, whose single ledger settles nothing until its tables are
/// read.
@Suite struct LedgerSettlingTests {
    /// c1 consults on day 1, is received and goes quiet. c2 writes in a2's reception on day 1, then
    /// in the bot list the same day: that message is pending until c2 is received again, on day 3.
    /// c3 only opens the chat on days 2, 3 and 4, which makes the model enter those days.
    static func script() -> ConversationScript {
        var s = ConversationScript(date: "2026-12-01")
        s.open("09:00", "c1")
        s.ask("09:01", "c1")  // pending: c1 is in nobody's reception
        s.enter("09:02", "a1", "c1")  // attributes the 09:01 message to a1
        s.reply("09:03", "a1", "c1")
        s.end("09:10", "a1", "c1")
        s.open("10:00", "c2")
        s.enter("10:01", "a2", "c2")
        s.ask("10:02", "c2")  // in a2's reception: delivered at once
        s.end("10:05", "a2", "c2")
        s.bot("11:00", "c2")
        s.ask("11:01", "c2")  // in the bot list: pending
        s.open("2026-12-02 09:00", "c3")
        s.open("2026-12-03 09:00", "c3")
        s.human("2026-12-03 10:00", "c2")
        s.enter("2026-12-03 10:01", "a1", "c2")  // delivers the 11:01 message of day 1
        s.end("2026-12-03 10:05", "a1", "c2")
        s.open("2026-12-04 09:00", "c3")
        return s
    }

    static let d1 = Day(iso: "2026-12-01")!
    static let d2 = Day(iso: "2026-12-02")!
    static let d3 = Day(iso: "2026-12-03")!
    static let d4 = Day(iso: "2026-12-04")!

    static func metricSet(_ s: ConversationScript) -> MetricSet {
        MetricSet(context: AggregationContext(calendar: s.calendar))
    }

    /// The ledger slot of `consulting_customers`: of the items one customer message leaves in a
    /// ledger (`consulting_customers`, `new_customers`, `total_customers`; not `received_customers`
    /// outside a reception list), the only one keyed by a day.
    static func consultingSlot(_ s: ConversationScript) throws -> UInt16 {
        var set = metricSet(s)
        set.add(
            EventFact(
                seq: 3, ts: s.instant("09:00"), type: .customerMessage, product: Symbol(raw: 1),
                customer: Symbol(raw: 2), agent: nil, toAgent: nil, list: .bot, mode: nil, by: nil, channel: nil,
                manual: false, assisting: false, implied: false, ignored: false))
        let keyedByDay = set.ledger.items.filter { !$0.settleDay.isNone }
        try #require(keyedByDay.count == 1)
        return keyedByDay[0].slot
    }

    /// The ledger the model keeps for `customer` of p1.
    static func ledger(of customer: String, in model: ConversationModel<MetricSet>, _ s: ConversationScript) throws
        -> CustomerLedger
    {
        let key = CustomerKey(product: s.sym("p1"), customer: s.sym(customer))
        return model.ledger(ofCustomerAt: try #require(model.customers.indices.first { model.customers[$0].key == key }))
    }

    @Test func itemsLeaveWhenNoLaterFactCanHaveTheirDayAndAPendingMessageHoldsThem() throws {
        let s = Self.script()
        let consulting = try Self.consultingSlot(s)
        var model = ConversationModel(calendar: s.calendar, sink: Self.metricSet(s))
        var applied = 0
        /// Applies the events before `time`, and the first one at it.
        func apply(through time: String) {
            let instant = s.instant(time)
            while applied < s.events.count, s.events[applied].ts <= instant {
                model.apply(s.events[applied], sequence: applied)
                applied += 1
            }
        }
        func consultingItems(of customer: String) throws -> [CustomerLedger.Item] {
            try Self.ledger(of: customer, in: model, s).items.filter { $0.slot == consulting }
        }

        // Day 1 ends with both customers' day-1 items in their ledgers.
        apply(through: "11:01")
        #expect(try consultingItems(of: "c1").map(\.settleDay) == [Self.d1])
        #expect(try consultingItems(of: "c2").map(\.settleDay) == [Self.d1])

        // Day 2: c1 has nothing open, so no later fact of c1 can fall on day 1 (or day 1 of a stint's
        // entry or first reply): every item of c1 keyed by a day is settled. c2's pending message of
        // day 1 will still be delivered, dated day 1: its items keyed by day 1 stay.
        apply(through: "2026-12-02 09:00")
        #expect(try Self.ledger(of: "c1", in: model, s).items.allSatisfy { $0.settleDay.isNone })
        #expect(try consultingItems(of: "c2").map(\.settleDay) == [Self.d1])

        // Day 3: the same; c1 has had no event since day 1.
        apply(through: "2026-12-03 09:00")
        #expect(try Self.ledger(of: "c1", in: model, s).items.allSatisfy { $0.settleDay.isNone })
        #expect(try consultingItems(of: "c2").map(\.settleDay) == [Self.d1])
        #expect(model.customers.first { $0.key.customer == s.sym("c2") }?.pending.firstDay == Self.d1)

        // c2 is received: the pending message is delivered, dated day 1, and dedups into the kept item
        // (the 10:02 message, event 7, seq 4 * 7 + 3, comes first); the item stays until the next day.
        apply(through: "2026-12-03 10:05")
        #expect(model.customers.first { $0.key.customer == s.sym("c2") }?.pending.isEmpty == true)
        #expect(try consultingItems(of: "c2").map(\.sequence) == [4 * 7 + 3])

        // Day 4: nothing of c2 is open any more, so its day-1 and day-3 items settle.
        apply(through: "2026-12-04 09:00")
        #expect(applied == s.events.count)
        #expect(try Self.ledger(of: "c2", in: model, s).items.allSatisfy { $0.settleDay.isNone })
        #expect(try Self.ledger(of: "c1", in: model, s).items.allSatisfy { $0.settleDay.isNone })
    }

    /// The model's tables: every event applied to a model whose sink is a `MetricSet`.
    static func modelTables(_ s: ConversationScript, in days: [ClosedRange<Day>]) -> [[String: MetricTable]] {
        var model = ConversationModel(calendar: s.calendar, sink: metricSet(s))
        for (sequence, event) in s.events.enumerated() {
            model.apply(event, sequence: sequence)
        }
        let set = model.finish(through: s.lastDay)
        return days.map { set.tables(in: $0) }
    }

    /// The tables of one `MetricSet` fed the same facts straight: one ledger, nothing settled early.
    static func straightTables(_ s: ConversationScript, in days: [ClosedRange<Day>]) -> [[String: MetricTable]] {
        let facts = s.run().facts
        var set = metricSet(s)
        facts.events.forEach { set.add($0) }
        facts.stints.forEach { set.add($0) }
        facts.queueWaits.forEach { set.add($0) }
        facts.sessions.forEach { set.add($0) }
        facts.replies.forEach { set.add($0) }
        facts.invitations.forEach { set.add($0) }
        facts.customerDayEnds.forEach { set.add($0) }
        facts.agentDayEnds.forEach { set.add($0) }
        return days.map { set.tables(in: $0) }
    }

    static let ranges = [d1...d4, d1...d1, d2...d2, d3...d3, d2...d4]

    /// Random logs over about three days with every event type, impossible ones included, and few
    /// customers (pending messages, stints over midnight, unanswered invitations, transfers): the
    /// watermarks must never let an item leave while a later fact can still change it.
    @Test(arguments: 1...40 as ClosedRange<UInt64>)
    func settlingEarlyIsExactOnRandomLogs(seed: UInt64) {
        let s = RandomLogTests.randomLog(seed: seed, count: 300)
        let first = s.calendar.day(of: s.events[0].ts)
        var ranges = [first...s.lastDay]
        var day = first
        while day <= s.lastDay {
            ranges.append(day...day)
            day = day.advanced(by: 1)
        }
        let model = Self.modelTables(s, in: ranges)
        let straight = Self.straightTables(s, in: ranges)
        for (index, range) in ranges.enumerated() {
            #expect(model[index] == straight[index], "seed \(seed), days \(range)")
        }
    }

    /// The engine splits customers between parts, applies chunks on the parts' own queues, each
    /// customer's events of a day together, and settles at day changes: with 1 to 3 workers, the log
    /// handed over whole or in pieces, it must give exactly what one model fed the whole log in
    /// order gives.
    @Test(arguments: 41...60 as ClosedRange<UInt64>)
    func theEngineGivesTheValuesOfOneModelInLogOrder(seed: UInt64) {
        let s = RandomLogTests.randomLog(seed: seed, count: 300)
        let first = s.calendar.day(of: s.events[0].ts)
        let ranges = [first...s.lastDay, s.lastDay...s.lastDay]
        let straight = Self.straightTables(s, in: ranges)
        let log = EventLog(events: s.events, symbols: s.symbols, summary: InputSummary(), wasSorted: true)
        for workers in 1...3 {
            for piece in [1000, 37] {
                let run = MetricRun.compute(
                    log: log, calendar: s.calendar, requested: RequestedDays(), workers: workers, piece: piece)
                for (index, range) in ranges.enumerated() {
                    #expect(
                        run.metrics.tables(in: range) == straight[index],
                        "seed \(seed), \(workers) workers, pieces of \(piece), \(range)")
                }
            }
        }
    }

    @Test func settlingEarlyGivesTheValuesOfASetThatSettlesNothingEarly() {
        let s = Self.script()
        let model = Self.modelTables(s, in: Self.ranges)
        let straight = Self.straightTables(s, in: Self.ranges)
        for (index, days) in Self.ranges.enumerated() {
            #expect(Set(model[index].keys) == Set(straight[index].keys))
            for (id, table) in straight[index] {
                #expect(model[index][id] == table, "\(id) in \(days)")
            }
        }
    }

    @Test func settledValuesDerivedByHand() {
        let s = Self.script()
        let tables = Self.modelTables(s, in: [Self.d1...Self.d4])[0]
        let (p1, a1, a2) = (s.sym("p1"), s.sym("a1"), s.sym("a2"))
        func counts(_ id: String) -> [CellKey: Int64]? { tables[id]?.cells.mapValues(\.count) }
        func sums(_ id: String) -> [CellKey: Int64]? { tables[id]?.cells.mapValues(\.sum) }
        let (d1, d3) = (Self.d1, Self.d3)

        // `distinct product, customer, day(ts)`: c1 and c2 wrote on day 1. c2's second day-1 message,
        // delivered on day 3, is the same key: had c2's item settled on day 2, it would count twice.
        #expect(counts("consulting_customers") == [CellKey(day: d1, product: p1): 2])
        // `first per product, customer by ts`: both customers' first message is on day 1.
        #expect(counts("new_customers") == [CellKey(day: d1, product: p1): 2])
        // `distinct product, customer` over the range: a cell without a day, kept by its scope day.
        #expect(counts("total_customers") == [CellKey(day: .none, product: p1): 2])
        // `distinct product, customer, agent, day(ts)`: c1 by a1 (reception_enter and reply) and c2 by
        // a2 (reception_enter, message in the reception) on day 1; c2 by a1 on day 3 (reception_enter;
        // the delivered pending message was sent in the bot list, so it does not count).
        #expect(
            counts("received_customers") == [
                CellKey(day: d1, product: p1, agent: a1): 1,
                CellKey(day: d1, product: p1, agent: a2): 1,
                CellKey(day: d3, product: p1, agent: a1): 1,
            ])
        // `distinct product, customer, day(ts)` of bot_enter: c2 on day 1.
        #expect(counts("bot_list_customers") == [CellKey(day: d1, product: p1): 1])
        // `last per product, customer, agent, day(entered_at)`, settled by the day of entered_at:
        // c1–a1 09:02–09:10, c2–a2 10:01–10:05 on day 1, c2–a1 10:01–10:05 on day 3.
        #expect(
            sums("avg_reception_duration") == [
                CellKey(day: d1, product: p1, agent: a1): 480_000_000,
                CellKey(day: d1, product: p1, agent: a2): 240_000_000,
                CellKey(day: d3, product: p1, agent: a1): 240_000_000,
            ])
        // `first per product, customer, agent, day(first_reply_at)`: only c1's stint has a reply,
        // 60 s after the auto reception it is anchored at.
        #expect(sums("avg_first_response_time") == [CellKey(day: d1, product: p1, agent: a1): 60_000_000])
    }
}
