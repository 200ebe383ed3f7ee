import Testing
@testable import MetricCompiler

/// Which deduplicated metrics keep their state in customers' ledgers (`LedgerPlan`), and the Swift
/// the back end prints for them: a metric whose key holds its stream's `product` and `customer`
/// offers to `ledger` with the key's day to settle by; any other keeps its `DedupTable`; the
/// `MetricSet` numbers the ledger metrics' slots and routes settled items back to them.
@Suite struct LedgerPlanTests {
    /// A metric of `stream` keyed by `key`, counting (or measuring `measure`).
    private func metric(
        _ id: String, from stream: String, _ key: String, scope: String = "scope day at ts",
        split: String = "split product", measure: String = "measure count", unit: String = "things",
        total: String = "sum"
    ) -> String {
        """
        metric \(id) "t" {
          description "d"
          unit \(unit)
          from \(stream)
          \(key)
          \(scope)
          \(split)
          \(measure)
          total \(total)
        }
        """
    }

    /// The generated files of `spec` (`Specs/ledger.metric`) compiled with the real schema, by name.
    private func generated(
        _ spec: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws -> [String: String] {
        let result = try compileWithSchema(spec, path: "Specs/ledger.metric")
        #expect(result.diagnostics.map(\.description) == [], sourceLocation: sourceLocation)
        return Dictionary(uniqueKeysWithValues: result.swiftFiles.map { ($0.name, $0.contents) })
    }

    /// The aggregators printed for `spec`.
    private func aggregators(_ spec: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> String {
        try #require(try generated(spec, sourceLocation: sourceLocation)["LedgerMetrics.swift"], sourceLocation: sourceLocation)
    }

    // MARK: Which metrics use a ledger

    @Test func keyWithoutTheCustomerKeepsADedupTable() throws {
        let swift = try aggregators(metric("agent_days", from: "events", "distinct agent, day(ts)", split: "split agent"))
        #expect(swift.contains("    private var kept = DedupTable(keep: .first)\n"))
        #expect(swift.contains("    mutating func add(_ fact: EventFact, context: AggregationContext) {\n"))
        #expect(
            swift.contains(
                """
                        kept.offer(
                            FactKey(fact.agent.keyValue, day.keyValue),
                            order: Int64(fact.seq), sequence: Int64(fact.seq), scopeDay: day, cell: cell, value: nil)

                """))
        #expect(swift.contains("        kept.table(in: days, counting: true)\n"))
        #expect(!swift.contains("CustomerLedger"))
        #expect(!swift.contains("settle"))
    }

    @Test func keyWithTheCustomerButNotTheProductKeepsADedupTable() throws {
        // Customer ids are unique within a product only: without the product, a key spans customers.
        let swift = try aggregators(metric("customer_days", from: "events", "distinct customer, day(ts)"))
        #expect(swift.contains("    private var kept = DedupTable(keep: .first)\n"))
        #expect(swift.contains("        kept.offer(\n"))
        #expect(!swift.contains("CustomerLedger"))
    }

    @Test func optionalCustomerFieldKeepsADedupTable() throws {
        // The runtime splits work by (product, customer); a stream whose customer may be absent has
        // facts no customer's ledger holds.
        let schema = SourceFile(
            path: "Specs/visits.schema",
            text: """
                stream visits of VisitFact {
                  seq: int
                  ts: instant
                  product: id
                  customer: id?
                }
                """)
        let spec = SourceFile(
            path: "Specs/visits.metric", text: metric("visitors", from: "visits", "distinct product, customer, day(ts)"))
        let result = MetricCompiler.compile([schema, spec])
        #expect(result.diagnostics.map(\.description) == [])
        let swift = try #require(result.swiftFiles.first { $0.name == "VisitsMetrics.swift" }).contents
        #expect(swift.contains("    private var kept = DedupTable(keep: .first)\n"))
        #expect(!swift.contains("CustomerLedger"))
    }

    // MARK: How ledger items settle

    @Test func productCustomerAndDayOfATimeFieldSettleByThatDay() throws {
        let swift = try aggregators(metric("writers", from: "events", "distinct product, customer, day(ts)"))
        #expect(swift.contains("    private var settled = SettledTable()\n"))
        #expect(
            swift.contains(
                "    mutating func add(_ fact: EventFact, context: AggregationContext, ledger: inout CustomerLedger, slot: UInt16) {\n"
            ))
        #expect(
            swift.contains(
                """
                        ledger.offer(
                            slot: slot, keep: .first,
                            FactKey(fact.product.keyValue, fact.customer.keyValue, day.keyValue),
                            settleDay: day, settleTime: FactTime.eventsTs.rawValue,
                            order: Int64(fact.seq), sequence: Int64(fact.seq), scopeDay: day, cell: cell, value: nil)

                """))
        #expect(
            swift.contains(
                """
                    mutating func settle(_ item: CustomerLedger.Item, cells: inout CellIndex) {
                        settled.add(item, counting: true, cells: &cells)
                    }

                """))
        #expect(swift.contains("        settled.merge(other.settled, numbers: numbers)\n"))
        #expect(swift.contains("        settled.table(in: days, cells: cells)\n"))
        #expect(!swift.contains("DedupTable"))
    }

    @Test func theDayOfTheTimeFieldNamesTheStreamAndTheField() throws {
        // `last per` keeps its order; the settle time is the `FactTime` case of stints' `entered_at`.
        let swift = try aggregators(
            metric(
                "stint_lengths", from: "stints", "last per product, customer, day(entered_at) by entered_at",
                scope: "scope day at entered_at", measure: "measure mean(coalesce(ended_at, entered_at) - entered_at)",
                unit: "seconds", total: "weighted"))
        #expect(
            swift.contains(
                """
                        ledger.offer(
                            slot: slot, keep: .last,
                            FactKey(fact.product.keyValue, fact.customer.keyValue, day.keyValue),
                            settleDay: day, settleTime: FactTime.stintsEnteredAt.rawValue,
                            order: fact.enteredAt.keyValue, sequence: Int64(fact.seq), scopeDay: day, cell: cell, value: value)

                """))
        // A measured metric adds the settled item's value.
        #expect(swift.contains("        settled.add(item, counting: false, cells: &cells)\n"))
    }

    @Test func aDayFieldInTheKeySettlesByItself() throws {
        let swift = try aggregators(
            metric("session_customers", from: "sessions", "distinct product, customer, day", scope: "scope day at day"))
        #expect(
            swift.contains(
                """
                            slot: slot, keep: .first,
                            FactKey(fact.product.keyValue, fact.customer.keyValue, day.keyValue),
                            settleDay: day, settleTime: FactTime.sessionsDay.rawValue,

                """))
    }

    @Test func productAndCustomerWithoutADaySettleOnlyAtTheEnd() throws {
        let swift = try aggregators(
            metric("customer_agents", from: "events", "distinct product, customer, agent", split: "split product, agent"))
        #expect(
            swift.contains(
                """
                        ledger.offer(
                            slot: slot, keep: .first,
                            FactKey(fact.product.keyValue, fact.customer.keyValue, fact.agent.keyValue),
                            settleDay: .none, settleTime: 0,
                            order: Int64(fact.seq), sequence: Int64(fact.seq), scopeDay: day, cell: cell, value: nil)

                """))
        #expect(!swift.contains("FactTime"))
    }

    @Test func theDayOfAnOptionalTimeFieldFallsBackToNoSettleDay() throws {
        let swift = try aggregators(
            metric(
                "ended_stints", from: "stints", "distinct product, customer, day(ended_at)", scope: "scope day at ended_at"))
        #expect(
            swift.contains(
                """
                            slot: slot, keep: .first,
                            FactKey(fact.product.keyValue, fact.customer.keyValue, context.day(fact.endedAt).keyValue),
                            settleDay: context.day(fact.endedAt) ?? .none, settleTime: FactTime.stintsEndedAt.rawValue,

                """))
    }

    @Test func theFirstDayInTheKeySettles() throws {
        // A key holding two days settles by the first: either day makes the key final once it is past.
        let swift = try aggregators(
            metric(
                "replied_stints", from: "stints", "distinct product, customer, day(first_reply_at), day(entered_at)",
                scope: "scope day at entered_at"))
        #expect(
            swift.contains(
                "            settleDay: context.day(fact.firstReplyAt) ?? .none, settleTime: FactTime.stintsFirstReplyAt.rawValue,\n"
            ))
    }

    // MARK: The facts and the metric set

    @Test func factTimeHasACasePerTimeFieldOfEveryStream() throws {
        let facts = try #require(try generated(metric("writers", from: "events", "distinct product, customer, day(ts)"))["Facts.swift"])
        #expect(
            facts.contains(
                """
                public enum FactTime: UInt8, CaseIterable, Sendable {
                    case eventsTs
                    case stintsEnteredAt
                    case stintsEndedAt
                    case stintsFirstReplyAt
                    case stintsLastCustomerMessageAt
                    case stintsLastManualMessageAt
                    case queueWaitsEnteredAt
                    case queueWaitsEndedAt
                    case sessionsDay
                    case sessionsFirstMessageAt
                    case sessionsLastMessageAt
                    case repliesTs
                    case repliesFirstUnansweredAt
                    case invitationsInvitedAt
                    case invitationsRatedAt
                    case customerDayEndsDay
                    case agentDayEndsDay
                }

                """))
        #expect(facts.contains("    var ledger: CustomerLedger { get set }\n"))
        #expect(facts.contains("    mutating func settle(_ item: CustomerLedger.Item)\n"))
    }

    @Test func metricSetNumbersLedgerSlotsInMetricOrderAndRoutesSettledItems() throws {
        // Slots count the ledger metrics only, in the order of the spec, whatever their streams.
        let spec = [
            metric("writers", from: "events", "distinct product, customer, day(ts)"),
            metric("agent_days", from: "events", "distinct agent, day(ts)", split: "split agent"),
            metric("stint_customers", from: "stints", "distinct product, customer, day(entered_at)", scope: "scope day at entered_at"),
            metric("opens", from: "events", "where type == open_service"),
            metric("customers", from: "events", "distinct product, customer"),
        ].joined(separator: "\n\n")
        let set = try #require(try generated(spec)["MetricSet.swift"])
        #expect(set.contains("    public var ledger = CustomerLedger()\n"))
        #expect(
            set.contains(
                """
                    public mutating func add(_ fact: EventFact) {
                        // Only the metrics whose conditions the fact's type can meet.
                        switch fact.type {
                        case .openService:
                            writers.add(fact, context: context, ledger: &ledger, slot: 0)
                            agentDays.add(fact, context: context)
                            opens.add(fact, context: context, cells: &dayProductCells)
                            customers.add(fact, context: context, ledger: &ledger, slot: 2)
                        case .customerMessage, .botEnter, .transferToHuman, .queueEnter, .queueLeave,
                            .receptionEnter, .agentMessage, .autoReply, .receptionEnd, .transfer, .ratingInvite,
                            .rating, .agentStatus:
                            writers.add(fact, context: context, ledger: &ledger, slot: 0)
                            agentDays.add(fact, context: context)
                            customers.add(fact, context: context, ledger: &ledger, slot: 2)
                        }
                    }

                """))
        #expect(
            set.contains(
                """
                    public mutating func add(_ fact: StintFact) {
                        stintCustomers.add(fact, context: context, ledger: &ledger, slot: 1)
                    }

                """))
        #expect(
            set.contains(
                """
                    public mutating func settle(_ item: CustomerLedger.Item) {
                        switch item.slot {
                        case 0: writers.settle(item, cells: &dayProductCells)
                        case 1: stintCustomers.settle(item, cells: &dayProductCells)
                        case 2: customers.settle(item, cells: &dayProductCells)
                        default: preconditionFailure("no metric has ledger slot \\(item.slot)")
                        }
                    }

                """))
        // Merging keeps the items not settled yet; the tables count them.
        #expect(set.contains("        ledger.merge(other.ledger)\n"))
        #expect(
            set.contains(
                """
                        var set = self
                        for item in set.ledger.takeAll() {
                            set.settle(item)
                        }
                        return [
                            "writers": set.writers.table(in: days, cells: set.dayProductCells),
                            "agent_days": set.agentDays.table(in: days),

                """))
    }

    @Test func metricsOfOneShapeOfCellShareACellIndexAndOthersHaveTheirOwn() throws {
        // Two metrics by day and product share one index; one by day, product and agent, and a
        // range-scoped one (its cells have no day) get one each; a `DedupTable` metric numbers none.
        let spec = [
            metric("writers", from: "events", "distinct product, customer, day(ts)"),
            metric("opens", from: "events", "where type == open_service"),
            metric("served", from: "events", "where type == reception_end", split: "split product, agent"),
            metric("customers", from: "events", "distinct product, customer", scope: "scope range at ts"),
            metric("agent_days", from: "events", "distinct agent, day(ts)", split: "split agent"),
        ].joined(separator: "\n\n")
        let set = try #require(try generated(spec)["MetricSet.swift"])
        let indices = set.split(separator: "\n").filter { $0.hasSuffix(" = CellIndex()") }.map { $0.drop { $0 == " " } }
        #expect(indices.map(String.init) == [
            "var dayProductCells = CellIndex()", "var dayProductAgentCells = CellIndex()", "var productCells = CellIndex()",
        ])
        #expect(set.contains("opens.add(fact, context: context, cells: &dayProductCells)"))
        #expect(set.contains("served.add(fact, context: context, cells: &dayProductAgentCells)"))
        #expect(set.contains("case 1: customers.settle(item, cells: &productCells)"))
        #expect(set.contains("        let productNumbers = productCells.merge(other.productCells)\n"))
        #expect(set.contains("agentDays.merge(other.agentDays)\n"))
    }

    @Test func metricSetWithoutLedgerMetricsHasNoSlots() throws {
        let set = try #require(
            try generated(metric("agent_days", from: "events", "distinct agent, day(ts)", split: "split agent"))["MetricSet.swift"])
        // The sink still has a ledger (the protocol requires it), but no metric offers to it.
        #expect(set.contains("    public var ledger = CustomerLedger()\n"))
        #expect(set.contains("        agentDays.add(fact, context: context)\n"))
        #expect(!set.contains("case 0:"))
        #expect(!set.contains("ledger.merge"))
        #expect(!set.contains("takeAll"))
    }
}
