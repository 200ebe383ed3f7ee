import Testing
@testable import MetricCompiler

/// Snippet tests in the manner of swift-openapi-generator: a small spec, and the exact Swift (or
/// Markdown) the back end must print for it, written out by hand from the rules of the emitters.
@Suite struct SnippetTests {
    /// The Swift printed for one spec file `Specs/snippet.metric` compiled with the real schema,
    /// from its first aggregator on (after the header and `import KefuCore`).
    private func aggregators(_ spec: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> String {
        let result = try compileWithSchema(spec, path: "Specs/snippet.metric")
        #expect(result.diagnostics.map(\.description) == [], sourceLocation: sourceLocation)
        let file = try #require(
            result.swiftFiles.first { $0.name == "SnippetMetrics.swift" }, sourceLocation: sourceLocation)
        let prelude = GeneratedFileHeader.lines(sources: ["Specs/snippet.metric"]) + "\nimport KefuCore\n\n"
        #expect(file.contents.hasPrefix(prelude), sourceLocation: sourceLocation)
        return String(file.contents.dropFirst(prelude.count))
    }

    // MARK: Aggregators

    @Test func countWithAWhere() throws {
        let swift = try aggregators(
            """
            metric queue_entries "进入排队次数" {
              description "Entries to the queue on the day."
              unit events
              from events
              where type == queue_enter
              scope day at ts
              split product
              measure count
              total sum
            }
            """)
        #expect(
            swift == """
/// 进入排队次数 (`queue_entries`): Entries to the queue on the day.
struct QueueEntriesAggregator: Sendable {
    private var table = CellAccumulators()

    @inline(__always)
    mutating func add(_ fact: EventFact, context: AggregationContext, cells: inout CellIndex) {
#sourceLocation(file: "Specs/snippet.metric", line: 5)
        guard fact.type == EventType.queueEnter else { return }
#sourceLocation(file: "Specs/snippet.metric", line: 6)
        let day = context.day(fact.ts)
        guard context.mayInclude(day) else { return }
        let cell = CellKey(day: day, product: fact.product)
#sourceLocation(file: "Specs/snippet.metric", line: 8)
        table.addOccurrence(at: cells.number(of: cell))
#sourceLocation()
    }

    mutating func merge(_ other: Self, cells numbers: [Int]) {
        table.merge(other.table, numbers: numbers)
    }

    func table(in days: ClosedRange<Day>, cells: CellIndex) -> MetricTable {
        table.table(in: days, cells: cells)
    }
}

""")
    }

    @Test func distinctCountKeepsOneFactPerKeyInTheRange() throws {
        // The key holds the stream's product and customer, so the customer's ledger keeps it, and the
        // day of `ts`, so the item settles once the customer can deliver no later fact of that day.
        let swift = try aggregators(
            """
            metric consulting_customers "咨询人数" {
              description "Customers who wrote on the day."
              unit customers
              from events
              where type == customer_message
              distinct product, customer, day(ts)
              scope day at ts
              split product
              measure count
              total sum
            }
            """)
        #expect(
            swift == """
/// 咨询人数 (`consulting_customers`): Customers who wrote on the day.
struct ConsultingCustomersAggregator: Sendable {
    private var settled = SettledTable()

    @inline(__always)
    mutating func add(_ fact: EventFact, context: AggregationContext, ledger: inout CustomerLedger, slot: UInt16) {
#sourceLocation(file: "Specs/snippet.metric", line: 5)
        guard fact.type == EventType.customerMessage else { return }
#sourceLocation(file: "Specs/snippet.metric", line: 7)
        let day = context.day(fact.ts)
        guard context.mayInclude(day) else { return }
        let cell = CellKey(day: day, product: fact.product)
#sourceLocation(file: "Specs/snippet.metric", line: 6)
        ledger.offer(
            slot: slot, keep: .first,
            FactKey(fact.product.keyValue, fact.customer.keyValue, day.keyValue),
            settleDay: day, settleTime: FactTime.eventsTs.rawValue,
            order: Int64(fact.seq), sequence: Int64(fact.seq), scopeDay: day, cell: cell, value: nil)
#sourceLocation()
    }

    mutating func settle(_ item: CustomerLedger.Item, cells: inout CellIndex) {
        settled.add(item, counting: true, cells: &cells)
    }

    mutating func merge(_ other: Self, cells numbers: [Int]) {
        settled.merge(other.settled, numbers: numbers)
    }

    func table(in days: ClosedRange<Day>, cells: CellIndex) -> MetricTable {
        settled.table(in: days, cells: cells)
    }
}

""")
    }

    @Test func firstPerByOffersEveryFactWithItsOrderAndHistoryIncluded() throws {
        // No `mayInclude`: the first fact ever may lie before the report range, and must win there.
        // The key holds no day, only the customer: the item is final once no later fact of the
        // customer can come before it by `ts` (`finality`).
        let swift = try aggregators(
            """
            metric new_customers "新客户数" {
              description "Customers whose first message ever is on the day."
              unit customers
              from events
              where type == customer_message
              first per product, customer by ts
              scope day at ts
              split product
              measure count
              total sum
            }
            """)
        #expect(
            swift == """
/// 新客户数 (`new_customers`): Customers whose first message ever is on the day.
struct NewCustomersAggregator: Sendable {
    private var settled = SettledTable()

    @inline(__always)
    mutating func add(_ fact: EventFact, context: AggregationContext, ledger: inout CustomerLedger, slot: UInt16) {
#sourceLocation(file: "Specs/snippet.metric", line: 5)
        guard fact.type == EventType.customerMessage else { return }
#sourceLocation(file: "Specs/snippet.metric", line: 7)
        let day = context.day(fact.ts)
        let cell = CellKey(day: day, product: fact.product)
#sourceLocation(file: "Specs/snippet.metric", line: 6)
        ledger.offer(
            slot: slot, keep: .first,
            FactKey(fact.product.keyValue, fact.customer.keyValue),
            settleDay: .none, settleTime: 0, finality: .byTime(FactTime.eventsTs.rawValue),
            order: fact.ts.keyValue, sequence: Int64(fact.seq), scopeDay: day, cell: cell, value: nil)
#sourceLocation()
    }

    mutating func settle(_ item: CustomerLedger.Item, cells: inout CellIndex) {
        settled.add(item, counting: true, cells: &cells)
    }

    mutating func merge(_ other: Self, cells numbers: [Int]) {
        settled.merge(other.settled, numbers: numbers)
    }

    func table(in days: ClosedRange<Day>, cells: CellIndex) -> MetricTable {
        settled.table(in: days, cells: cells)
    }
}

""")
    }

    @Test func lastPerByKeepsTheMeasuredValueOfTheLatest() throws {
        // The settled item adds its value (`counting: false`), and settles by the day of `entered_at`.
        let swift = try aggregators(
            """
            metric avg_reception_duration "接待时长平均值" {
              description "Length of the last stint of each customer with each agent per day."
              unit seconds
              from stints
              let until = coalesce(ended_at, coalesce(last_manual_message_at, entered_at))
              last per product, customer, agent, day(entered_at) by entered_at
              scope day at entered_at
              split product, agent
              measure mean(until - entered_at)
              total weighted
            }
            """)
        #expect(
            swift == """
/// 接待时长平均值 (`avg_reception_duration`): Length of the last stint of each customer with each agent
/// per day.
struct AvgReceptionDurationAggregator: Sendable {
    private var settled = SettledTable()

    @inline(__always)
    mutating func add(_ fact: StintFact, context: AggregationContext, ledger: inout CustomerLedger, slot: UInt16) {
#sourceLocation(file: "Specs/snippet.metric", line: 5)
        let until: Instant = (fact.endedAt ?? (fact.lastManualMessageAt ?? fact.enteredAt))
#sourceLocation(file: "Specs/snippet.metric", line: 7)
        let day = context.day(fact.enteredAt)
        let cell = CellKey(day: day, product: fact.product, agent: fact.agent)
#sourceLocation(file: "Specs/snippet.metric", line: 9)
        let value: Int64? = (until - fact.enteredAt).measuredValue
#sourceLocation(file: "Specs/snippet.metric", line: 6)
        ledger.offer(
            slot: slot, keep: .last,
            FactKey(fact.product.keyValue, fact.customer.keyValue, fact.agent.keyValue, day.keyValue),
            settleDay: day, settleTime: FactTime.stintsEnteredAt.rawValue,
            order: fact.enteredAt.keyValue, sequence: Int64(fact.seq), scopeDay: day, cell: cell, value: value)
#sourceLocation()
    }

    mutating func settle(_ item: CustomerLedger.Item, cells: inout CellIndex) {
        settled.add(item, counting: false, cells: &cells)
    }

    mutating func merge(_ other: Self, cells numbers: [Int]) {
        settled.merge(other.settled, numbers: numbers)
    }

    func table(in days: ClosedRange<Day>, cells: CellIndex) -> MetricTable {
        settled.table(in: days, cells: cells)
    }
}

""")
    }

    @Test func whenLetOverAnOptionalEnumIsASwitchWithANilCase() throws {
        let swift = try aggregators(
            """
            metric satisfaction_total "满意度总评分" {
              description "Sum of the latest scores."
              unit points
              from invitations
              let points = when score {
                satisfied: 5
                neutral: 3
                unsatisfied: -1
              }
              where score != null
              scope day at invited_at
              split product, agent
              measure sum(points)
              total sum
            }
            """)
        #expect(
            swift == """
/// 满意度总评分 (`satisfaction_total`): Sum of the latest scores.
struct SatisfactionTotalAggregator: Sendable {
    private var table = CellAccumulators()

    @inline(__always)
    mutating func add(_ fact: InvitationFact, context: AggregationContext, cells: inout CellIndex) {
#sourceLocation(file: "Specs/snippet.metric", line: 5)
        let points: Int? =
            switch fact.score {
            case .satisfied?: 5
            case .neutral?: 3
            case .unsatisfied?: -1
            case nil: nil
            }
#sourceLocation(file: "Specs/snippet.metric", line: 10)
        guard fact.score != nil else { return }
#sourceLocation(file: "Specs/snippet.metric", line: 11)
        let day = context.day(fact.invitedAt)
        guard context.mayInclude(day) else { return }
        let cell = CellKey(day: day, product: fact.product, agent: fact.agent)
#sourceLocation(file: "Specs/snippet.metric", line: 13)
        guard let value = points else { return }
        table.add(value.measuredValue, at: cells.number(of: cell))
#sourceLocation()
    }

    mutating func merge(_ other: Self, cells numbers: [Int]) {
        table.merge(other.table, numbers: numbers)
    }

    func table(in days: ClosedRange<Day>, cells: CellIndex) -> MetricTable {
        table.table(in: days, cells: cells)
    }
}

""")
    }

    @Test func optionalMeasureSkipsFactsWithoutAValue() throws {
        let swift = try aggregators(
            """
            metric avg_response_time "平均响应时长" {
              description "Time from the first unanswered message to the reply."
              unit seconds
              from replies
              where first_unanswered_at != null
              scope day at ts
              split product, agent
              measure mean(ts - first_unanswered_at)
              total weighted
            }
            """)
        #expect(
            swift == """
/// 平均响应时长 (`avg_response_time`): Time from the first unanswered message to the reply.
struct AvgResponseTimeAggregator: Sendable {
    private var table = CellAccumulators()

    @inline(__always)
    mutating func add(_ fact: ReplyFact, context: AggregationContext, cells: inout CellIndex) {
#sourceLocation(file: "Specs/snippet.metric", line: 5)
        guard fact.firstUnansweredAt != nil else { return }
#sourceLocation(file: "Specs/snippet.metric", line: 6)
        let day = context.day(fact.ts)
        guard context.mayInclude(day) else { return }
        let cell = CellKey(day: day, product: fact.product, agent: fact.agent)
#sourceLocation(file: "Specs/snippet.metric", line: 8)
        guard let value = SpecOperators.difference(fact.ts, fact.firstUnansweredAt) else { return }
        table.add(value.measuredValue, at: cells.number(of: cell))
#sourceLocation()
    }

    mutating func merge(_ other: Self, cells numbers: [Int]) {
        table.merge(other.table, numbers: numbers)
    }

    func table(in days: ClosedRange<Day>, cells: CellIndex) -> MetricTable {
        table.table(in: days, cells: cells)
    }
}

""")
    }

    @Test func firstPerWithAnOptionalScopeAndALongCondition() throws {
        // The key's day is of an optional instant: a fact without it leaves the item no settle day.
        let swift = try aggregators(
            """
            metric avg_first_response_time "首次响应时长" {
              description "Time from a stint's anchor to the agent's first reply."
              unit seconds
              from stints
              let anchor = when mode {
                auto, queue_auto: entered_at
                manual: last_customer_message_at
                transfer: entered_at
              }
              where first_reply_at != null and day(anchor) == day(first_reply_at)
              first per product, customer, agent, day(first_reply_at) by entered_at
              scope day at first_reply_at
              split product, agent
              measure mean(first_reply_at - anchor)
              total weighted
            }
            """)
        #expect(
            swift == """
/// 首次响应时长 (`avg_first_response_time`): Time from a stint's anchor to the agent's first reply.
struct AvgFirstResponseTimeAggregator: Sendable {
    private var settled = SettledTable()

    @inline(__always)
    mutating func add(_ fact: StintFact, context: AggregationContext, ledger: inout CustomerLedger, slot: UInt16) {
#sourceLocation(file: "Specs/snippet.metric", line: 5)
        let anchor: Instant? =
            switch fact.mode {
            case .auto, .queueAuto: fact.enteredAt
            case .manual: fact.lastCustomerMessageAt
            case .transfer: fact.enteredAt
            }
#sourceLocation(file: "Specs/snippet.metric", line: 10)
        guard
            fact.firstReplyAt != nil
                && SpecOperators.equal(context.day(anchor), context.day(fact.firstReplyAt))
        else { return }
#sourceLocation(file: "Specs/snippet.metric", line: 12)
        guard let day = context.day(fact.firstReplyAt) else { return }
        let cell = CellKey(day: day, product: fact.product, agent: fact.agent)
#sourceLocation(file: "Specs/snippet.metric", line: 14)
        let value = SpecOperators.difference(fact.firstReplyAt, anchor)?.measuredValue
#sourceLocation(file: "Specs/snippet.metric", line: 11)
        ledger.offer(
            slot: slot, keep: .first,
            FactKey(fact.product.keyValue, fact.customer.keyValue, fact.agent.keyValue, context.day(fact.firstReplyAt).keyValue),
            settleDay: context.day(fact.firstReplyAt) ?? .none, settleTime: FactTime.stintsFirstReplyAt.rawValue,
            order: fact.enteredAt.keyValue, sequence: Int64(fact.seq), scopeDay: day, cell: cell, value: value)
#sourceLocation()
    }

    mutating func settle(_ item: CustomerLedger.Item, cells: inout CellIndex) {
        settled.add(item, counting: false, cells: &cells)
    }

    mutating func merge(_ other: Self, cells numbers: [Int]) {
        settled.merge(other.settled, numbers: numbers)
    }

    func table(in days: ClosedRange<Day>, cells: CellIndex) -> MetricTable {
        settled.table(in: days, cells: cells)
    }
}

""")
    }

    @Test func rangeScopeKeepsItsCellsOutsideTheDays() throws {
        let swift = try aggregators(
            """
            metric total_customers "总客户数" {
              description "Customers who wrote in the range, each once."
              unit customers
              from events
              where type == customer_message
              distinct product, customer
              scope range at ts
              split product
              measure count
              total distinct
            }
            """)
        #expect(swift.contains("        let cell = CellKey(day: .none, product: fact.product)\n"))
        #expect(swift.contains("        guard context.mayInclude(day) else { return }\n"))
        #expect(swift.contains("scopeDay: day, cell: cell, value: nil)\n"))
    }

    @Test func snapshotAtADayFieldWithAnOptionalSplitKey() throws {
        let swift = try aggregators(
            """
            metric in_reception_customers "接待中客户数" {
              description "Customers in an agent's reception at the end of the day."
              unit customers
              from customer_day_ends
              where list == reception
              scope snapshot at day
              split product, agent
              measure count
              total sum
            }
            """)
        #expect(
            swift == """
/// 接待中客户数 (`in_reception_customers`): Customers in an agent's reception at the end of the day.
struct InReceptionCustomersAggregator: Sendable {
    private var table = CellAccumulators()

    @inline(__always)
    mutating func add(_ fact: CustomerDayEndFact, context: AggregationContext, cells: inout CellIndex) {
#sourceLocation(file: "Specs/snippet.metric", line: 5)
        guard fact.list == ListState.reception else { return }
#sourceLocation(file: "Specs/snippet.metric", line: 6)
        let day = fact.day
        guard context.mayInclude(day) else { return }
        let cell = CellKey(day: day, product: fact.product, agent: fact.agent ?? .none)
#sourceLocation(file: "Specs/snippet.metric", line: 8)
        table.addOccurrence(at: cells.number(of: cell))
#sourceLocation()
    }

    mutating func merge(_ other: Self, cells numbers: [Int]) {
        table.merge(other.table, numbers: numbers)
    }

    func table(in days: ClosedRange<Day>, cells: CellIndex) -> MetricTable {
        table.table(in: days, cells: cells)
    }
}

""")
    }

    @Test func conditionsOfEveryKindInOneGuard() throws {
        let swift = try aggregators(
            """
            metric weighted_receptions "t" {
              description "d"
              unit events
              from events
              let weight = if manual then 2 else 1
              where mode in [auto, queue_auto] and not implied and not (list == bot or list == queue)
              where type in [reception_enter, transfer]
              scope day at ts
              split agent
              measure sum(weight)
              total sum
            }
            """)
        #expect(
            swift == """
/// t (`weighted_receptions`): d
struct WeightedReceptionsAggregator: Sendable {
    private var table = CellAccumulators()

    @inline(__always)
    mutating func add(_ fact: EventFact, context: AggregationContext, cells: inout CellIndex) {
#sourceLocation(file: "Specs/snippet.metric", line: 5)
        let weight: Int = (fact.manual ? 2 : 1)
#sourceLocation(file: "Specs/snippet.metric", line: 6)
        guard
            (fact.mode.map { [ReceptionMode.auto, ReceptionMode.queueAuto].contains($0) } ?? false)
                && !fact.implied
                && !(fact.list == ListState.bot || fact.list == ListState.queue),
            [EventType.receptionEnter, EventType.transfer].contains(fact.type)
        else { return }
#sourceLocation(file: "Specs/snippet.metric", line: 8)
        let day = context.day(fact.ts)
        guard context.mayInclude(day) else { return }
        let cell = CellKey(day: day, agent: fact.agent ?? .none)
#sourceLocation(file: "Specs/snippet.metric", line: 10)
        let value = weight
        table.add(value.measuredValue, at: cells.number(of: cell))
#sourceLocation()
    }

    mutating func merge(_ other: Self, cells numbers: [Int]) {
        table.merge(other.table, numbers: numbers)
    }

    func table(in days: ClosedRange<Day>, cells: CellIndex) -> MetricTable {
        table.table(in: days, cells: cells)
    }
}

""")
    }

    // MARK: A whole small package: facts, aggregators, metric set, catalog

    private let schema = SourceFile(
        path: "Specs/tickets.schema",
        text: """
            enum kind "What happened" { opened, closed_by_agent }

            stream tickets of TicketFact "A ticket" {
              seq: int
              ts: instant "When it happened"
              kind: kind
              product: id
              agent: id?
            }

            stream surveys of SurveyFact {
              seq: int
              day: day
              agent: id
              score: int?
            }
            """)

    private let metrics = SourceFile(
        path: "Specs/tickets.metric",
        text: """
            metric tickets_opened "开单数" {
              description "Tickets opened."
              unit tickets
              from tickets
              where kind == opened
              scope day at ts
              split product, agent
              measure count
              total sum
            }

            metric surveyed_score "评分" {
              description "Survey points."
              unit points
              from surveys
              scope day at day
              split agent
              measure sum(score)
              total sum
            }

            metric score_per_ticket "单均评分" {
              description "Points per ticket."
              unit points
              split agent
              measure ratio(surveyed_score, tickets_opened)
              total weighted
            }
            """)

    private func compileTickets(scenarios: [(name: String, text: String)]? = nil) throws -> MetricCompiler.Result {
        let result = MetricCompiler.compile([schema, metrics], options: .init(scenarios: scenarios))
        #expect(result.diagnostics.map(\.description) == [])
        #expect(result.swiftFiles.map(\.name) == ["Facts.swift", "TicketsMetrics.swift", "MetricSet.swift"])
        return result
    }

    private func file(_ name: String, of result: MetricCompiler.Result) throws -> String {
        try #require(result.swiftFiles.first { $0.name == name }).contents
    }

    @Test func factsHaveAnEnumAStructPerStreamAndTheSink() throws {
        #expect(
            try file("Facts.swift", of: try compileTickets()) == """
// DO NOT EDIT.
// Generated by metricc from Specs/tickets.schema.
// Edit the spec instead: the build regenerates this code, and
// `swift package --allow-writing-to-package-directory refresh-generated` updates the reviewed copy in Generated/.

import KefuCore

/// What happened.
public enum Kind: String, CaseIterable, Sendable, Hashable, KeyEncodable {
    case opened
    case closedByAgent = "closed_by_agent"

    public var keyValue: Int64 {
        switch self {
        case .opened: 0
        case .closedByAgent: 1
        }
    }
}

/// A ticket.
/// Stream `tickets`.
public struct TicketFact: Sendable, Hashable {
    public var seq: Int
    /// When it happened.
    public var ts: Instant
    public var kind: Kind
    public var product: Symbol
    public var agent: Symbol?

    public init(
        seq: Int,
        ts: Instant,
        kind: Kind,
        product: Symbol,
        agent: Symbol?
    ) {
        self.seq = seq
        self.ts = ts
        self.kind = kind
        self.product = product
        self.agent = agent
    }
}

/// Stream `surveys`.
public struct SurveyFact: Sendable, Hashable {
    public var seq: Int
    public var day: Day
    public var agent: Symbol
    public var score: Int?

    public init(
        seq: Int,
        day: Day,
        agent: Symbol,
        score: Int?
    ) {
        self.seq = seq
        self.day = day
        self.agent = agent
        self.score = score
    }
}

/// A stream of facts, as ledger items name it (`CustomerLedger.Finality`).
public enum FactStream: UInt8, CaseIterable, Sendable {
    case tickets
    case surveys
}

/// A time field of a stream: the runtime says, for each customer, the earliest day a later fact can
/// still carry in it (`CustomerLedger`).
public enum FactTime: UInt8, CaseIterable, Sendable {
    case ticketsTs
    case surveysDay
}

/// Receives the facts the runtime derives from an event log, one call per fact.
public protocol FactSink {
    mutating func add(_ fact: TicketFact)
    mutating func add(_ fact: SurveyFact)

    /// The deduplication ledger of the customer whose facts come next: the runtime keeps one per
    /// customer and swaps it in before delivering that customer's facts.
    var ledger: CustomerLedger { get set }

    /// Counts an item the runtime took out of a customer's ledger for good: no later fact can
    /// change it.
    mutating func settle(_ item: CustomerLedger.Item)
}

""")
    }

    @Test func specFileBecomesOneFileOfAggregatorsAndRatiosHaveNone() throws {
        #expect(
            try file("TicketsMetrics.swift", of: try compileTickets()) == """
// DO NOT EDIT.
// Generated by metricc from Specs/tickets.metric.
// Edit the spec instead: the build regenerates this code, and
// `swift package --allow-writing-to-package-directory refresh-generated` updates the reviewed copy in Generated/.

import KefuCore

/// 开单数 (`tickets_opened`): Tickets opened.
struct TicketsOpenedAggregator: Sendable {
    private var table = CellAccumulators()

    @inline(__always)
    mutating func add(_ fact: TicketFact, context: AggregationContext, cells: inout CellIndex) {
#sourceLocation(file: "Specs/tickets.metric", line: 5)
        guard fact.kind == Kind.opened else { return }
#sourceLocation(file: "Specs/tickets.metric", line: 6)
        let day = context.day(fact.ts)
        guard context.mayInclude(day) else { return }
        let cell = CellKey(day: day, product: fact.product, agent: fact.agent ?? .none)
#sourceLocation(file: "Specs/tickets.metric", line: 8)
        table.addOccurrence(at: cells.number(of: cell))
#sourceLocation()
    }

    mutating func merge(_ other: Self, cells numbers: [Int]) {
        table.merge(other.table, numbers: numbers)
    }

    func table(in days: ClosedRange<Day>, cells: CellIndex) -> MetricTable {
        table.table(in: days, cells: cells)
    }
}

/// 评分 (`surveyed_score`): Survey points.
struct SurveyedScoreAggregator: Sendable {
    private var table = CellAccumulators()

    @inline(__always)
    mutating func add(_ fact: SurveyFact, context: AggregationContext, cells: inout CellIndex) {
#sourceLocation(file: "Specs/tickets.metric", line: 16)
        let day = fact.day
        guard context.mayInclude(day) else { return }
        let cell = CellKey(day: day, agent: fact.agent)
#sourceLocation(file: "Specs/tickets.metric", line: 18)
        guard let value = fact.score else { return }
        table.add(value.measuredValue, at: cells.number(of: cell))
#sourceLocation()
    }

    mutating func merge(_ other: Self, cells numbers: [Int]) {
        table.merge(other.table, numbers: numbers)
    }

    func table(in days: ClosedRange<Day>, cells: CellIndex) -> MetricTable {
        table.table(in: days, cells: cells)
    }
}

""")
    }

    @Test func metricSetFeedsEachFactToItsAggregatorsAndDescribesEveryMetric() throws {
        #expect(
            try file("MetricSet.swift", of: try compileTickets()) == """
// DO NOT EDIT.
// Generated by metricc from Specs/tickets.metric.
// Edit the spec instead: the build regenerates this code, and
// `swift package --allow-writing-to-package-directory refresh-generated` updates the reviewed copy in Generated/.

import KefuCore

/// Every metric declared in the specs, fed fact by fact; two sets over disjoint parts of a log
/// merge into the set of the whole log.
public struct MetricSet: FactSink, Sendable {
    public let context: AggregationContext
    var ticketsOpened = TicketsOpenedAggregator()
    var surveyedScore = SurveyedScoreAggregator()
    /// The ledger of the customer whose facts are being added: the runtime swaps each customer's
    /// own in.
    public var ledger = CustomerLedger()
    /// The cells by day, product and agent, numbered once for the metrics kept by them.
    var dayProductAgentCells = CellIndex()
    /// The cells by day and agent, numbered once for the metrics kept by them.
    var dayAgentCells = CellIndex()

    public init(context: AggregationContext) {
        self.context = context
    }

    public mutating func add(_ fact: TicketFact) {
        // Only the metrics whose conditions the fact's kind can meet.
        switch fact.kind {
        case .opened:
            ticketsOpened.add(fact, context: context, cells: &dayProductAgentCells)
        case .closedByAgent:
            break
        }
    }

    public mutating func add(_ fact: SurveyFact) {
        surveyedScore.add(fact, context: context, cells: &dayAgentCells)
    }

    public mutating func settle(_ item: CustomerLedger.Item) {
        preconditionFailure("no metric keeps a ledger")
    }

    public mutating func merge(_ other: MetricSet) {
        let dayProductAgentNumbers = dayProductAgentCells.merge(other.dayProductAgentCells)
        let dayAgentNumbers = dayAgentCells.merge(other.dayAgentCells)
        ticketsOpened.merge(other.ticketsOpened, cells: dayProductAgentNumbers)
        surveyedScore.merge(other.surveyedScore, cells: dayAgentNumbers)
    }

    /// Each metric's values in `days`, by metric id (ratios are computed from their operands).
    public func tables(in days: ClosedRange<Day>) -> [String: MetricTable] {
        [
            "tickets_opened": ticketsOpened.table(in: days, cells: dayProductAgentCells),
            "surveyed_score": surveyedScore.table(in: days, cells: dayAgentCells),
        ]
    }

    /// The metrics in the order of their specs.
    public static let descriptors: [MetricDescriptor] = [
        MetricDescriptor(
            id: "tickets_opened",
            title: "开单数",
            summary: "Tickets opened.",
            unit: "tickets",
            scope: .day,
            measure: .count,
            total: .sum,
            splits: [.product, .agent],
            scale: 1,
            source: "Specs/tickets.metric"
        ),
        MetricDescriptor(
            id: "surveyed_score",
            title: "评分",
            summary: "Survey points.",
            unit: "points",
            scope: .day,
            measure: .sum,
            total: .sum,
            splits: [.agent],
            scale: 1,
            source: "Specs/tickets.metric"
        ),
        MetricDescriptor(
            id: "score_per_ticket",
            title: "单均评分",
            summary: "Points per ticket.",
            unit: "points",
            scope: .day,
            measure: .ratio(numerator: "surveyed_score", denominator: "tickets_opened"),
            total: .weighted,
            splits: [.agent],
            scale: 1,
            source: "Specs/tickets.metric"
        ),
    ]
}

""")
    }

    @Test func catalogStatesEachMetricsRulesInWordsAndTheScenariosThatCoverIt() throws {
        let result = try compileTickets(scenarios: [
            (name: "b-ratio", text: "expect day=2026-12-01:\ntickets_opened = 2\nscore_per_ticket = 4.5\n"),
            (name: "a-count", text: "checks: tickets_opened counts opened tickets; tickets_opened_later is not a metric"),
        ])
        #expect(
            result.catalog == """
<!-- DO NOT EDIT. Generated by metricc from the specs in Specs/. -->

# Metric catalog

Every indicator KefuMetrics computes, read from its spec. Values are per local day unless the scope says otherwise; durations are in seconds; an average or rate with nothing to divide by has no value.

| id | 名称 | unit | scope | total | split by | scenarios |
| --- | --- | --- | --- | --- | --- | --- |
| [`tickets_opened`](#tickets_opened) | 开单数 | tickets | day | sum | day, product, agent, group | 2 |
| [`surveyed_score`](#surveyed_score) | 评分 | points | day | sum | day, agent, group | **none** |
| [`score_per_ticket`](#score_per_ticket) | 单均评分 | points | day | weighted | day, agent, group | 1 |

## tickets_opened

**开单数** (`tickets_opened`), in tickets. Tickets opened.

- Reads the `tickets` facts.
- Counts only facts where `kind == opened`.
- A value belongs to the day of `ts`.
- Value: the number of such facts.
- Total (合计): values are added.
- Split by day, product, agent, group.
- Scenarios: `a-count`, `b-ratio`.
- Spec: `Specs/tickets.metric:1`.

## surveyed_score

**评分** (`surveyed_score`), in points. Survey points.

- Reads the `surveys` facts.
- A value belongs to the day of `day`.
- Value: the sum of `score`.
- Total (合计): values are added.
- Split by day, agent, group.
- Scenarios: **none cover this metric yet.**
- Spec: `Specs/tickets.metric:12`.

## score_per_ticket

**单均评分** (`score_per_ticket`), in points. Points per ticket.

- Value: `surveyed_score` divided by `tickets_opened`, each added up over the row first.
- Total (合计): re-averaged with weights, all measured values over their number, never the mean of the rows' means.
- Split by day, agent, group.
- Scenarios: `b-ratio`.
- Spec: `Specs/tickets.metric:22`.

""")
    }

    @Test func catalogWithoutScenariosLeavesCoverageOut() throws {
        let catalog = try compileTickets().catalog
        #expect(catalog.contains("| [`surveyed_score`](#surveyed_score) | 评分 | points | day | sum | day, agent, group | – |\n"))
        #expect(!catalog.contains("Scenarios:"))
    }

    @Test func failedCompilationGeneratesNothing() throws {
        let result = MetricCompiler.compile([schema, SourceFile(path: "Specs/broken.metric", text: "metric broken \"t\" {\n}\n")])
        #expect(!result.succeeded)
        #expect(result.swiftFiles.isEmpty)
        #expect(result.catalog.isEmpty)
    }
}
