import KefuCore
import KefuMetrics

/// The conversation model (METRICS.md, "Conversation model"): applies log events in time order and
/// says what happened, as facts, to a `FactSink`. It never counts indicators; the specs do.
///
/// State is kept per customer of a product, and agent statuses apart, so the caller may run several
/// models over disjoint sets of customers (all `agent_status` events going to one of them): the facts
/// do not depend on the split, only the order in which the sink receives them does.
///
/// Fact seqs: the event with global index `sequence` has seq `4 * sequence + 3`; the transitions it
/// implies (an `agent_message` to a customer in nobody's reception) take `4 * sequence + 0`
/// (`transfer_to_human`) and `4 * sequence + 1` (`reception_enter`). Stints, queue waits and
/// invitations take the seq of the event that began them; sessions the seq of their first message;
/// day-end facts the seq of the customer's (agent's) latest event. Facts are not delivered in seq
/// order: a pending customer message is delivered when it is attributed, a session when it is
/// complete.
public struct ConversationModel<Sink: FactSink> {
    var sink: Sink
    var days: DayEndSnapshots
    /// The position + 1 of a customer's state in `customers`, by the customer's symbol: symbols are
    /// small dense numbers, so most look-ups need no hashing. A name used with a second product is
    /// found in `customerIndex` instead.
    var customerBySymbol: [Int32] = []
    /// The position of the states `customerBySymbol` does not point to.
    var customerIndex = FlatHashMap<CustomerKey, Int>()
    var customers = SegmentedArray<CustomerState>()
    var agents = AgentStateTracker()
    var anomalyCounts = AnomalyCounts()
    /// The customers whose ledgers hold items that may settle at a coming day change.
    var settleQueue: [Int] = []
    /// The customer whose ledger is in the sink: kept there from one event to the next while they
    /// are the same customer's (a part applies each customer's events together), and given back
    /// before anything else reads ledgers (`releaseLedger`).
    var ledgerHolder: Int?

    /// A model that places events in the local days of `calendar` and delivers facts to `sink`.
    public init(calendar: LocalCalendar, sink: Sink) {
        self.sink = sink
        self.days = DayEndSnapshots(calendar: calendar)
    }

    /// The impossible events met so far, by kind; kinds that did not occur are absent.
    public var anomalies: [AnomalyKind: Int] { anomalyCounts.byKind }

    /// Applies `event`, the next one in time order.
    ///
    /// `sequence` is the event's index in the global applied order, given by the caller (the same
    /// whichever model applies it); it makes the facts' `seq`.
    public mutating func apply(_ event: LogEvent, sequence: Int) {
        let day = days.day(of: event.ts)
        if let ended = days.enter(day) {
            releaseLedger()
            days.emit(ended, customers: &customers, agents: agents, into: &sink)
            settleLedgers(today: day, now: days.calendar.start(of: day))
        }
        let seq = 4 * sequence + 3
        if event.type == .agentStatus {
            agents.update(agent: event.agent, connection: event.connection, work: event.work, seq: seq)
            return
        }
        let key = CustomerKey(product: event.product, customer: event.customer)
        let c: Int
        if let held = ledgerHolder, customers[held].key == key {
            c = held
        } else {
            releaseLedger()
            c = customer(key, seq: seq)
            swap(&sink.ledger, &customers[c].ledger)
            ledgerHolder = c
        }
        let wasIdle = customers[c].list == .idle
        let pendingFrom = customers[c].pending.firstDay
        customers[c].sessions.flush(before: day, pendingFrom: pendingFrom, of: key, into: &sink)

        switch event.type {
        case .openService, .autoReply: plainEvent(event, c, seq: seq)
        case .customerMessage: customerMessage(event, c, seq: seq, day: day)
        case .agentMessage: agentMessage(event, c, sequence: sequence, day: day)
        case .botEnter: botEnter(event, c, seq: seq)
        case .transferToHuman: transferToHuman(event, c, seq: seq)
        case .queueEnter: queueEnter(event, c, seq: seq)
        case .queueLeave: queueLeave(event, c, seq: seq)
        case .receptionEnter: receptionEnter(event, c, seq: seq)
        case .receptionEnd: receptionEnd(event, c, seq: seq)
        case .transfer: transfer(event, c, seq: seq)
        case .ratingInvite: ratingInvite(event, c, seq: seq)
        case .rating: rating(event, c, seq: seq)
        case .agentStatus: break
        }

        customers[c].lastSeq = seq
        assert((customers[c].list == .reception) == (customers[c].stint != nil), "a stint is open in reception only")
        assert((customers[c].list == .queue) == (customers[c].wait != nil), "a wait is open in the queue only")
        assert(customers[c].holder == nil || customers[c].pending.isEmpty, "nothing is pending in reception")
        let isIdle = customers[c].list == .idle
        if isIdle != wasIdle { days.setIdle(isIdle, customer: c) }
    }

    /// Ends the input: emits the day-end facts through `lastDay` (the days after the last event
    /// included), then everything still open (stints, queue waits, pending messages, attributed to
    /// nobody, sessions, invitations), and returns the sink. The model is spent afterwards.
    public mutating func finish(through lastDay: Day) -> Sink {
        releaseLedger()
        if let ended = days.finish(through: lastDay) {
            days.emit(ended, customers: &customers, agents: agents, into: &sink)
        }
        // Most customers have long finished: only reading their state, not writing it, keeps the
        // sweep over hundreds of thousands of them (out of the caches) cheap. The states lie in
        // order, but what they hold out of line does not: it is prefetched a few customers ahead.
        for c in customers.indices {
            if c + Self.finishPrefetchDistance < customers.count {
                customers[c + Self.finishPrefetchDistance].prefetchOutOfLineState()
            }
            guard customers[c].holdsOpenState else { continue }
            swap(&sink.ledger, &customers[c].ledger)
            let key = customers[c].key
            if let stint = customers[c].stint {
                sink.add(stint.fact(of: key, end: .open, at: nil))
            }
            if let wait = customers[c].wait {
                sink.add(wait.fact(of: key, end: .open, at: nil, agent: nil))
            }
            for message in customers[c].pending.take() {
                sink.add(message.fact)
            }
            customers[c].sessions.flushAll(of: key, into: &sink)
            customers[c].invitations.flushAll(of: key, into: &sink)
            for item in sink.ledger.takeAll() {
                sink.settle(item)
            }
            swap(&sink.ledger, &customers[c].ledger)
        }
        customers = SegmentedArray()
        customerBySymbol = []
        customerIndex = FlatHashMap()
        return sink
    }

    /// How many customers ahead the end of the input prefetches.
    private static var finishPrefetchDistance: Int { 8 }

    /// The index of the state of `key`, created on its first event.
    private mutating func customer(_ key: CustomerKey, seq: Int) -> Int {
        let name = Int(key.customer.raw)
        if name >= customerBySymbol.count {
            customerBySymbol.append(contentsOf: repeatElement(0, count: max(name + 1, 2 * customerBySymbol.count) - customerBySymbol.count))
        }
        let known = Int(customerBySymbol[name]) - 1
        if known >= 0 && customers[known].key == key { return known }
        if known < 0 {
            customerBySymbol[name] = Int32(customers.count + 1)
            customers.append(CustomerState(key: key, seq: seq))
            return customers.count - 1
        }
        let (inserted, position) = customerIndex.insert(customers.count, forKey: key)
        if inserted { customers.append(CustomerState(key: key, seq: seq)) }
        return customerIndex[valueAt: position]
    }

    mutating func recordAnomaly(_ kind: AnomalyKind) {
        anomalyCounts.record(kind)
    }

    /// The fact of `event` with seq `seq`: its identity and the customer's list before it; the
    /// handler fills in the rest.
    func eventFact(_ event: LogEvent, _ c: Int, seq: Int, type: EventType? = nil) -> EventFact {
        EventFact(
            seq: seq, ts: event.ts, type: type ?? event.type, product: event.product,
            customer: event.customer, agent: nil, toAgent: nil, list: customers[c].list, mode: nil, by: nil,
            channel: nil, manual: false, assisting: false, implied: false, ignored: false)
    }

    /// `symbol`, or nil when it is absent.
    static func present(_ symbol: Symbol) -> Symbol? {
        symbol.isNone ? nil : symbol
    }
}

extension ConversationModel: Sendable where Sink: Sendable {}
