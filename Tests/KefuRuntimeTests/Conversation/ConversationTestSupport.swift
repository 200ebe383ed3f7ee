import Foundation
import KefuCore
import KefuMetrics
@testable import KefuRuntime

/// A `FactSink` that keeps every fact, by stream, in delivery order.
struct RecordingFactSink: FactSink, Sendable {
    var events: [EventFact] = []
    var stints: [StintFact] = []
    var queueWaits: [QueueWaitFact] = []
    var sessions: [SessionFact] = []
    var replies: [ReplyFact] = []
    var invitations: [InvitationFact] = []
    var customerDayEnds: [CustomerDayEndFact] = []
    var agentDayEnds: [AgentDayEndFact] = []

    mutating func add(_ fact: EventFact) { events.append(fact) }
    mutating func add(_ fact: StintFact) { stints.append(fact) }
    mutating func add(_ fact: QueueWaitFact) { queueWaits.append(fact) }
    mutating func add(_ fact: SessionFact) { sessions.append(fact) }
    mutating func add(_ fact: ReplyFact) { replies.append(fact) }
    mutating func add(_ fact: InvitationFact) { invitations.append(fact) }
    mutating func add(_ fact: CustomerDayEndFact) { customerDayEnds.append(fact) }
    mutating func add(_ fact: AgentDayEndFact) { agentDayEnds.append(fact) }

    /// No metric keeps items here: the recorder only records facts.
    var ledger = CustomerLedger()
    mutating func settle(_ item: CustomerLedger.Item) {}

    /// Event facts in seq order (the order the model applied them).
    var eventsInOrder: [EventFact] { events.sorted { $0.seq < $1.seq } }

    /// Every stream as a multiset, with seqs (and `implied`) erased when `ignoringSeq`.
    func multisets(ignoringSeq: Bool) -> [String: [AnyHashable: Int]] {
        func count<T: Hashable>(_ facts: [T], _ erase: (inout T) -> Void) -> [AnyHashable: Int] {
            var counts: [AnyHashable: Int] = [:]
            for var fact in facts {
                if ignoringSeq { erase(&fact) }
                counts[AnyHashable(fact), default: 0] += 1
            }
            return counts
        }
        return [
            "events": count(events) { $0.seq = 0; $0.implied = false },
            "stints": count(stints) { $0.seq = 0 },
            "queueWaits": count(queueWaits) { $0.seq = 0 },
            "sessions": count(sessions) { $0.seq = 0 },
            "replies": count(replies) { $0.seq = 0 },
            "invitations": count(invitations) { $0.seq = 0 },
            "customerDayEnds": count(customerDayEnds) { $0.seq = 0 },
            "agentDayEnds": count(agentDayEnds) { $0.seq = 0 },
        ]
    }
}

/// A log written by a test: events at local times of one zone, with names interned as symbols.
struct ConversationScript {
    let zone: TimeZone
    let calendar: LocalCalendar
    var symbols = SymbolNames()
    private var symbolsByName: [String: Symbol] = [:]
    var events: [LogEvent] = []
    /// The local date that times without a date fall on, `YYYY-MM-DD`.
    var date: String

    init(zone: String = "Asia/Shanghai", date: String = "2026-12-01") {
        self.zone = TimeZone(identifier: zone)!
        self.calendar = LocalCalendar(identifier: zone)!
        self.date = date
    }

    /// The instant of a local time `HH:MM[:SS]` on `date`, or of `YYYY-MM-DD HH:MM[:SS]`, or of an
    /// RFC 3339 timestamp with an offset (`2026-03-09T00:30:00-04:00`).
    func instant(_ text: String) -> Instant {
        if text.contains("T") {
            let formatter = ISO8601DateFormatter()
            let date = formatter.date(from: text)!
            return Instant(unixSeconds: Int64(date.timeIntervalSince1970))
        }
        let parts = text.split(separator: " ")
        let datePart = parts.count == 2 ? String(parts[0]) : date
        let timePart = parts.count == 2 ? String(parts[1]) : String(parts[0])
        let ymd = datePart.split(separator: "-").map { Int($0)! }
        let hms = timePart.split(separator: ":").map { Int($0)! }
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = zone
        let components = DateComponents(
            year: ymd[0], month: ymd[1], day: ymd[2], hour: hms[0], minute: hms[1],
            second: hms.count > 2 ? hms[2] : 0)
        let date = gregorian.date(from: components)!
        return Instant(unixSeconds: Int64(date.timeIntervalSince1970))
    }

    func day(_ text: String) -> Day { Day(iso: text)! }

    mutating func id(_ name: String?) -> Symbol {
        guard let name, !name.isEmpty else { return .none }
        if let symbol = symbolsByName[name] { return symbol }
        var bytes = name
        let symbol = bytes.withUTF8 { symbols.append(UnsafeRawBufferPointer($0)) }
        symbolsByName[name] = symbol
        return symbol
    }

    /// The symbol of a name the script used.
    func sym(_ name: String) -> Symbol { name.isEmpty ? .none : symbolsByName[name]! }

    mutating func add(
        _ time: String, _ type: EventType, _ customer: String? = "c1", product: String = "p1",
        agent: String? = nil, to toAgent: String? = nil, mode: ReceptionMode? = nil, by: Requester? = nil,
        score: RatingScore? = nil, channel: Channel? = nil, work: WorkStatus? = nil,
        connection: Connection? = nil
    ) {
        let isStatus = type == .agentStatus
        let event = LogEvent(
            ts: instant(time), type: type, product: isStatus ? .none : id(product),
            customer: isStatus ? .none : id(customer), agent: id(agent), toAgent: id(toAgent), mode: mode,
            by: by, score: score, channel: channel, work: work, connection: connection,
            line: events.count + 1)
        events.append(event)
    }

    // Shorthands for the common events.
    mutating func open(_ time: String, _ customer: String = "c1") { add(time, .openService, customer) }
    mutating func ask(_ time: String, _ customer: String = "c1") { add(time, .customerMessage, customer) }
    mutating func reply(_ time: String, _ agent: String, _ customer: String = "c1") {
        add(time, .agentMessage, customer, agent: agent)
    }
    mutating func bot(_ time: String, _ customer: String = "c1") { add(time, .botEnter, customer) }
    mutating func human(_ time: String, _ customer: String = "c1", by: Requester? = nil, agent: String? = nil) {
        add(time, .transferToHuman, customer, agent: agent, by: by)
    }
    mutating func queue(_ time: String, _ customer: String = "c1") { add(time, .queueEnter, customer) }
    mutating func leave(_ time: String, _ customer: String = "c1") { add(time, .queueLeave, customer) }
    mutating func enter(_ time: String, _ agent: String, _ customer: String = "c1", mode: ReceptionMode = .auto) {
        add(time, .receptionEnter, customer, agent: agent, mode: mode)
    }
    mutating func end(_ time: String, _ agent: String, _ customer: String = "c1") {
        add(time, .receptionEnd, customer, agent: agent)
    }
    mutating func transfer(_ time: String, _ agent: String, to toAgent: String, _ customer: String = "c1") {
        add(time, .transfer, customer, agent: agent, to: toAgent)
    }
    mutating func invite(_ time: String, _ agent: String, _ customer: String = "c1") {
        add(time, .ratingInvite, customer, agent: agent)
    }
    mutating func rate(_ time: String, _ agent: String, _ score: RatingScore, _ customer: String = "c1") {
        add(time, .rating, customer, agent: agent, score: score)
    }
    mutating func status(_ time: String, _ agent: String, connection: Connection? = nil, work: WorkStatus? = nil) {
        add(time, .agentStatus, nil, agent: agent, work: work, connection: connection)
    }

    /// The last day of the script's events.
    var lastDay: Day { calendar.day(of: events.map(\.ts).max()!) }

    /// Runs one model over the script's events (their index is their sequence), through `lastDay`.
    func run(through lastDay: Day? = nil) -> ConversationOutcome {
        run(partitions: 1, through: lastDay)[0]
    }

    /// Runs `partitions` models, customers split by (product, customer) and every `agent_status`
    /// going to the first one; sequences stay global.
    func run(partitions: Int, through lastDay: Day? = nil, partition: ((LogEvent) -> Int)? = nil) -> [ConversationOutcome] {
        var models = (0..<partitions).map { _ in
            ConversationModel(calendar: calendar, sink: RecordingFactSink())
        }
        let ordered = events.enumerated().sorted { ($0.element.ts, $0.offset) < ($1.element.ts, $1.offset) }
        for (sequence, event) in ordered.map(\.element).enumerated() {
            let index =
                event.type == .agentStatus
                ? 0
                : partition?(event) ?? Int((event.product.raw &* 31 &+ event.customer.raw) % UInt32(partitions))
            models[index].apply(event, sequence: sequence)
        }
        let last = lastDay ?? self.lastDay
        return models.indices.map { index in
            let anomalies = models[index].anomalies
            return ConversationOutcome(facts: models[index].finish(through: last), anomalies: anomalies)
        }
    }
}

/// What a run produced.
struct ConversationOutcome {
    var facts: RecordingFactSink
    var anomalies: [AnomalyKind: Int]

    /// The facts and anomalies of several partitions' models taken together.
    static func merged(_ outcomes: [ConversationOutcome]) -> ConversationOutcome {
        var merged = ConversationOutcome(facts: RecordingFactSink(), anomalies: [:])
        for outcome in outcomes {
            merged.facts.events += outcome.facts.events
            merged.facts.stints += outcome.facts.stints
            merged.facts.queueWaits += outcome.facts.queueWaits
            merged.facts.sessions += outcome.facts.sessions
            merged.facts.replies += outcome.facts.replies
            merged.facts.invitations += outcome.facts.invitations
            merged.facts.customerDayEnds += outcome.facts.customerDayEnds
            merged.facts.agentDayEnds += outcome.facts.agentDayEnds
            merged.anomalies.merge(outcome.anomalies, uniquingKeysWith: +)
        }
        return merged
    }
}
