import KefuMetrics
import Testing

/// The generated `MetricSet` merges: facts split between two sets, in any way, and merged give the
/// tables of one set fed every fact. And a few values derived by hand: `distinct`, `first per`,
/// `last per` and a mean over merged halves.
@Suite struct MergeTests {
    // MARK: The fixture

    /// One fact of any stream.
    enum Fact {
        case event(EventFact)
        case stint(StintFact)
        case queueWait(QueueWaitFact)
        case session(SessionFact)
        case reply(ReplyFact)
        case invitation(InvitationFact)
        case customerDayEnd(CustomerDayEndFact)
        case agentDayEnd(AgentDayEndFact)

        var seq: Int {
            switch self {
            case .event(let fact): fact.seq
            case .stint(let fact): fact.seq
            case .queueWait(let fact): fact.seq
            case .session(let fact): fact.seq
            case .reply(let fact): fact.seq
            case .invitation(let fact): fact.seq
            case .customerDayEnd(let fact): fact.seq
            case .agentDayEnd(let fact): fact.seq
            }
        }

        var customer: Symbol? {
            switch self {
            case .event(let fact): fact.customer
            case .stint(let fact): fact.customer
            case .queueWait(let fact): fact.customer
            case .session(let fact): fact.customer
            case .reply(let fact): fact.customer
            case .invitation(let fact): fact.customer
            case .customerDayEnd(let fact): fact.customer
            case .agentDayEnd: nil
            }
        }
    }

    static let calendar = LocalCalendar(identifier: "Asia/Shanghai")!
    static let history = Day(year: 2026, month: 11, day: 30)
    static let firstDay = Day(year: 2026, month: 12, day: 1)
    static let lastDay = Day(year: 2026, month: 12, day: 3)
    static let afterRange = Day(year: 2026, month: 12, day: 4)
    static let context = AggregationContext(calendar: calendar, firstDay: firstDay, lastDay: lastDay)

    static let p1 = Symbol(raw: 1), p2 = Symbol(raw: 2)
    static let c1 = Symbol(raw: 11), c2 = Symbol(raw: 12), c3 = Symbol(raw: 13), c4 = Symbol(raw: 14)
    static let a1 = Symbol(raw: 21), a2 = Symbol(raw: 22), a3 = Symbol(raw: 23)

    static func at(_ day: Day, _ hour: Int, _ minute: Int = 0, _ second: Int = 0) -> Instant {
        Instant(microseconds: calendar.start(of: day).microseconds + Int64(hour * 3600 + minute * 60 + second) * 1_000_000)
    }

    /// A deterministic generator (SplitMix64), so the fixture is the same on every run.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Facts of every stream over a day of history, the three report days and a day after, from
    /// few products, customers and agents, so that dedup keys repeat often; `seq` is the index.
    static let facts: [Fact] = {
        var random = SeededGenerator(state: 7)
        let days = [history, firstDay, firstDay.advanced(by: 1), lastDay, afterRange]
        let products = [p1, p2]
        let customers = [c1, c2, c3, c4]
        let agents = [a1, a2, a3]
        func pick<T>(_ values: [T]) -> T { values.randomElement(using: &random)! }
        func maybe<T>(_ value: T) -> T? { Bool.random(using: &random) ? value : nil }
        func instant() -> Instant { at(pick(days), Int.random(in: 0..<24, using: &random), Int.random(in: 0..<60, using: &random)) }
        func later(_ instant: Instant) -> Instant {
            Instant(microseconds: instant.microseconds + Int64.random(in: 1...7_200, using: &random) * 1_000_000)
        }
        func earlier(_ instant: Instant) -> Instant {
            Instant(microseconds: instant.microseconds - Int64.random(in: 1...7_200, using: &random) * 1_000_000)
        }
        func flag() -> Bool { Bool.random(using: &random) }

        var facts: [Fact] = []
        for seq in 0..<1_200 {
            let kind = seq < 600 ? 0 : Int.random(in: 1...7, using: &random)
            switch kind {
            case 0:
                facts.append(
                    .event(
                        EventFact(
                            seq: seq, ts: instant(), type: pick(EventType.allCases), product: pick(products),
                            customer: pick(customers), agent: maybe(pick(agents)), toAgent: maybe(pick(agents)),
                            list: pick(ListState.allCases), mode: maybe(pick(ReceptionMode.allCases)),
                            by: maybe(pick(Requester.allCases)), channel: maybe(pick(Channel.allCases)), manual: flag(),
                            assisting: flag(), implied: flag(), ignored: flag())))
            case 1:
                let entered = instant()
                facts.append(
                    .stint(
                        StintFact(
                            seq: seq, product: pick(products), customer: pick(customers), agent: pick(agents),
                            mode: pick(ReceptionMode.allCases), enteredAt: entered, end: pick(StintEnd.allCases),
                            endedAt: maybe(later(entered)), firstReplyAt: maybe(later(entered)),
                            lastCustomerMessageAt: maybe(earlier(entered)), lastManualMessageAt: maybe(later(entered)))))
            case 2:
                let entered = instant()
                facts.append(
                    .queueWait(
                        QueueWaitFact(
                            seq: seq, product: pick(products), customer: pick(customers), enteredAt: entered,
                            end: pick(WaitEnd.allCases), endedAt: maybe(later(entered)), agent: maybe(pick(agents)))))
            case 3:
                let first = instant()
                facts.append(
                    .session(
                        SessionFact(
                            seq: seq, product: pick(products), customer: pick(customers), agent: pick(agents),
                            day: calendar.day(of: first), customerMessages: Int.random(in: 0...3, using: &random),
                            agentMessages: Int.random(in: 0...3, using: &random),
                            manualMessages: Int.random(in: 0...6, using: &random), rounds: Int.random(in: 0...3, using: &random),
                            firstMessageAt: first, lastMessageAt: later(first))))
            case 4:
                let ts = instant()
                facts.append(
                    .reply(
                        ReplyFact(
                            seq: seq, product: pick(products), customer: pick(customers), agent: pick(agents), ts: ts,
                            firstUnansweredAt: maybe(earlier(ts)))))
            case 5:
                let invited = instant()
                facts.append(
                    .invitation(
                        InvitationFact(
                            seq: seq, product: pick(products), customer: pick(customers), agent: pick(agents),
                            invitedAt: invited, score: maybe(pick(RatingScore.allCases)), ratedAt: maybe(later(invited)))))
            case 6:
                facts.append(
                    .customerDayEnd(
                        CustomerDayEndFact(
                            seq: seq, day: pick(days), product: pick(products), customer: pick(customers),
                            list: pick(ListState.allCases), agent: maybe(pick(agents)))))
            default:
                facts.append(
                    .agentDayEnd(
                        AgentDayEndFact(
                            seq: seq, day: pick(days), agent: pick(agents), connection: maybe(pick(Connection.allCases)),
                            work: maybe(pick(WorkStatus.allCases)))))
            }
        }
        return facts
    }()

    static func metricSet(_ facts: some Sequence<Fact>) -> MetricSet {
        var set = MetricSet(context: context)
        for fact in facts {
            switch fact {
            case .event(let fact): set.add(fact)
            case .stint(let fact): set.add(fact)
            case .queueWait(let fact): set.add(fact)
            case .session(let fact): set.add(fact)
            case .reply(let fact): set.add(fact)
            case .invitation(let fact): set.add(fact)
            case .customerDayEnd(let fact): set.add(fact)
            case .agentDayEnd(let fact): set.add(fact)
            }
        }
        return set
    }

    /// The metrics that have tables (a ratio is computed from its operands' tables).
    static let aggregatedIds = MetricSet.descriptors.filter {
        if case .ratio = $0.measure { return false }
        return true
    }.map(\.id)

    static let ranges = [firstDay...lastDay, firstDay.advanced(by: 1)...firstDay.advanced(by: 1), history...afterRange]

    /// Expects `merged` to have exactly the tables of `whole`, metric by metric, in every range.
    private func expectSameTables(
        _ merged: MetricSet, _ whole: MetricSet, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        for days in Self.ranges {
            let mergedTables = merged.tables(in: days)
            let wholeTables = whole.tables(in: days)
            #expect(Set(mergedTables.keys) == Set(Self.aggregatedIds), sourceLocation: sourceLocation)
            for id in Self.aggregatedIds {
                #expect(mergedTables[id] == wholeTables[id], "\(id) in \(days)", sourceLocation: sourceLocation)
            }
        }
    }

    // MARK: Merging

    @Test func fixtureGivesEveryMetricValuesInTheReportDays() {
        let tables = Self.metricSet(Self.facts).tables(in: Self.firstDay...Self.lastDay)
        for id in Self.aggregatedIds {
            #expect(tables[id]?.cells.isEmpty == false, "the fixture gives \(id) no value")
        }
    }

    /// Ways to split the fixture between two workers.
    enum Split: String, CaseIterable {
        case halves, oddAndEven, everySeventh, byCustomer, byStream, random1, random2, random3, allInFirst, allInSecond

        func first(_ facts: [Fact]) -> (first: [Fact], second: [Fact]) {
            var random = SeededGenerator(state: UInt64(rawValue.count))
            let inFirst: (Fact) -> Bool =
                switch self {
                case .halves: { $0.seq < facts.count / 2 }
                case .oddAndEven: { $0.seq % 2 == 0 }
                case .everySeventh: { $0.seq % 7 == 3 }
                case .byCustomer: { $0.customer == MergeTests.c1 || $0.customer == MergeTests.c3 }
                case .byStream: {
                    if case .event = $0 { return true }
                    if case .stint = $0 { return true }
                    return false
                }
                case .random1, .random2, .random3: { _ in Bool.random(using: &random) }
                case .allInFirst: { _ in true }
                case .allInSecond: { _ in false }
                }
            var first: [Fact] = []
            var second: [Fact] = []
            for fact in facts {
                if inFirst(fact) { first.append(fact) } else { second.append(fact) }
            }
            return (first, second)
        }
    }

    @Test(arguments: Split.allCases)
    func twoSetsMergedHaveTheTablesOfOneSetOfEveryFact(_ split: Split) {
        let whole = Self.metricSet(Self.facts)
        let (first, second) = split.first(Self.facts)
        var merged = Self.metricSet(first)
        merged.merge(Self.metricSet(second))
        expectSameTables(merged, whole)
        // Merging is symmetric: the second half merged with the first gives the same.
        var reversed = Self.metricSet(second)
        reversed.merge(Self.metricSet(first))
        expectSameTables(reversed, whole)
    }

    @Test func splitsPutTheSameDedupKeysInBothHalves() {
        // consulting_customers dedups by (product, customer, day): odd/even splits the messages of
        // one key between the halves.
        let (first, second) = Split.oddAndEven.first(Self.facts)
        func keys(_ facts: [Fact]) -> Set<[Int64]> {
            Set(facts.compactMap {
                guard case .event(let fact) = $0, fact.type == .customerMessage else { return nil }
                return [fact.product.keyValue, fact.customer.keyValue, Self.calendar.day(of: fact.ts).keyValue]
            })
        }
        #expect(keys(first).intersection(keys(second)).count >= 10)
    }

    @Test func orderOfTheFactsDoesNotChangeTheTables() {
        expectSameTables(Self.metricSet(Self.facts.reversed()), Self.metricSet(Self.facts))
    }

    @Test func threeSetsMergeInEitherGrouping() {
        let parts = [0, 1, 2].map { part in Self.facts.filter { $0.seq % 3 == part } }
        var left = Self.metricSet(parts[0])
        left.merge(Self.metricSet(parts[1]))
        left.merge(Self.metricSet(parts[2]))
        var inner = Self.metricSet(parts[1])
        inner.merge(Self.metricSet(parts[2]))
        var right = Self.metricSet(parts[0])
        right.merge(inner)
        expectSameTables(left, Self.metricSet(Self.facts))
        expectSameTables(right, Self.metricSet(Self.facts))
    }

    // MARK: Values derived by hand

    private static func event(
        _ seq: Int, _ type: EventType, _ ts: Instant, product: Symbol = p1, customer: Symbol, agent: Symbol? = nil
    ) -> Fact {
        .event(
            EventFact(
                seq: seq, ts: ts, type: type, product: product, customer: customer, agent: agent, toAgent: nil,
                list: .bot, mode: nil, by: nil, channel: nil, manual: false, assisting: false, implied: false,
                ignored: false))
    }

    private static func stint(
        _ seq: Int, customer: Symbol, agent: Symbol, entered: Instant, ended: Instant?, firstReply: Instant?
    ) -> Fact {
        .stint(
            StintFact(
                seq: seq, product: p1, customer: customer, agent: agent, mode: .auto, enteredAt: entered,
                end: ended == nil ? .open : .ended, endedAt: ended, firstReplyAt: firstReply,
                lastCustomerMessageAt: nil, lastManualMessageAt: nil))
    }

    /// Feeds `first` and `second` to two sets and merges them.
    private static func merged(_ first: [Fact], _ second: [Fact]) -> MetricSet {
        var set = metricSet(first)
        set.merge(metricSet(second))
        return set
    }

    private static func cell(_ day: Day, product: Symbol = .none, agent: Symbol = .none) -> CellKey {
        CellKey(day: day, product: product, agent: agent)
    }

    @Test func distinctCountsACustomerOncePerDayAcrossHalves() {
        let day2 = Self.firstDay.advanced(by: 1)
        let set = Self.merged(
            [
                Self.event(1, .customerMessage, Self.at(Self.firstDay, 9), customer: Self.c1),
                Self.event(3, .customerMessage, Self.at(Self.firstDay, 15), customer: Self.c1),
                Self.event(5, .customerMessage, Self.at(Self.firstDay, 10), product: Self.p2, customer: Self.c1),
            ],
            [
                Self.event(2, .customerMessage, Self.at(Self.firstDay, 11), customer: Self.c1),
                Self.event(4, .customerMessage, Self.at(Self.firstDay, 12), customer: Self.c2),
                Self.event(6, .customerMessage, Self.at(day2, 8), customer: Self.c1),
                Self.event(7, .queueEnter, Self.at(day2, 9), customer: Self.c1),
            ])
        let tables = set.tables(in: Self.firstDay...Self.lastDay)
        // c1 wrote three times on day 1 (in both halves) and c2 once: two customers of p1.
        #expect(
            tables["consulting_customers"]?.cells.mapValues(\.count) == [
                Self.cell(Self.firstDay, product: Self.p1): 2,
                Self.cell(Self.firstDay, product: Self.p2): 1,
                Self.cell(day2, product: Self.p1): 1,
            ])
        // Over the range, c1 of p1 counts once although they wrote on two days.
        #expect(
            tables["total_customers"]?.cells.mapValues(\.count) == [
                Self.cell(.none, product: Self.p1): 2,
                Self.cell(.none, product: Self.p2): 1,
            ])
        #expect(tables["queue_entries"]?.cells.mapValues(\.count) == [Self.cell(day2, product: Self.p1): 1])
    }

    @Test func firstPerKeepsTheEarliestAndCountsHistoryBeforeTheRange() {
        let day2 = Self.firstDay.advanced(by: 1)
        let set = Self.merged(
            [
                // c1 first wrote the day before the report: not new on day 1.
                Self.event(8, .customerMessage, Self.at(Self.firstDay, 9), customer: Self.c1),
                // c2's earliest message comes in the later half of the log (higher seq), at 09:00 on day 2.
                Self.event(9, .customerMessage, Self.at(day2, 10), customer: Self.c2),
                // Two stints of c3 with a1 answered on day 1: the one entered first (seq 21) is kept, 60s.
                Self.stint(20, customer: Self.c3, agent: Self.a1, entered: Self.at(Self.firstDay, 10), ended: nil,
                           firstReply: Self.at(Self.firstDay, 10, 5)),
            ],
            [
                Self.event(1, .customerMessage, Self.at(Self.history, 23), customer: Self.c1),
                Self.event(10, .customerMessage, Self.at(day2, 9), customer: Self.c2),
                Self.stint(21, customer: Self.c3, agent: Self.a1, entered: Self.at(Self.firstDay, 9), ended: nil,
                           firstReply: Self.at(Self.firstDay, 9, 1)),
            ])
        let tables = set.tables(in: Self.firstDay...Self.lastDay)
        #expect(tables["new_customers"]?.cells.mapValues(\.count) == [Self.cell(day2, product: Self.p1): 1])
        // With the day of history in the range, c1 is new there.
        #expect(
            set.tables(in: Self.history...Self.lastDay)["new_customers"]?.cells.mapValues(\.count) == [
                Self.cell(Self.history, product: Self.p1): 1, Self.cell(day2, product: Self.p1): 1,
            ])
        let firstResponse = tables["avg_first_response_time"]?.cells[Self.cell(Self.firstDay, product: Self.p1, agent: Self.a1)]
        #expect(firstResponse?.count == 1)
        #expect(firstResponse?.sum == 60_000_000)
    }

    @Test func lastPerKeepsTheLatest() {
        // Two stints of c1 with a2 on day 1; the later one (entered 11:00, 30 minutes) is kept,
        // whichever half each is in and whatever their order in the log.
        let early = Self.stint(
            31, customer: Self.c1, agent: Self.a2, entered: Self.at(Self.firstDay, 9), ended: Self.at(Self.firstDay, 9, 10),
            firstReply: nil)
        let late = Self.stint(
            30, customer: Self.c1, agent: Self.a2, entered: Self.at(Self.firstDay, 11), ended: Self.at(Self.firstDay, 11, 30),
            firstReply: nil)
        for set in [Self.merged([early], [late]), Self.merged([late], [early]), Self.metricSet([late, early])] {
            let value = set.tables(in: Self.firstDay...Self.lastDay)["avg_reception_duration"]?
                .cells[Self.cell(Self.firstDay, product: Self.p1, agent: Self.a2)]
            #expect(value?.count == 1)
            #expect(value?.sum == 1_800_000_000)
        }
    }

    @Test func meanReAveragesAllValuesNotTheHalvesMeans() {
        func wait(_ seq: Int, minutes: Int, seconds: Int) -> Fact {
            let entered = Self.at(Self.firstDay, 10, minutes)
            return .queueWait(
                QueueWaitFact(
                    seq: seq, product: Self.p1, customer: Self.c1, enteredAt: entered, end: .received,
                    endedAt: Instant(microseconds: entered.microseconds + Int64(seconds) * 1_000_000), agent: Self.a1))
        }
        // 60 s and 120 s in one half (mean 90), 300 s in the other (mean 300): the mean is 160 s, not 195.
        let set = Self.merged([wait(1, minutes: 0, seconds: 60), wait(2, minutes: 5, seconds: 120)], [wait(3, minutes: 20, seconds: 300)])
        let tables = set.tables(in: Self.firstDay...Self.lastDay)
        let cell = Self.cell(Self.firstDay, product: Self.p1, agent: Self.a1)
        let mean = tables["avg_queue_time"]?.cells[cell]
        #expect(mean?.count == 3)
        #expect(mean?.sum == 480_000_000)
        #expect(mean.map { $0.sum / $0.count } == 160_000_000)
        #expect(tables["max_queue_time"]?.cells[cell]?.maximum == 300_000_000)
        let descriptor = MetricSet.descriptors.first { $0.id == "avg_queue_time" }
        #expect(descriptor?.measure == .mean)
        #expect(descriptor?.scale == 1_000_000)
    }
}
