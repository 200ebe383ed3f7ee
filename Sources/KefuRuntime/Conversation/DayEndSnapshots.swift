import KefuCore
import KefuMetrics

/// The model's local days: which day an instant falls on, which days have ended, and who is not
/// idle, for the day-end facts (`CustomerDayEndFact`, `AgentDayEndFact`).
///
/// The end of a day is its last instant before the next local midnight, so the state at the end of a
/// day is the state before the first event of a later day (an event at 00:00 belongs to the next day).
/// Every day from the model's first event through the last day asked for gets day-end facts, those
/// without events included.
struct DayEndSnapshots: Sendable {
    let calendar: LocalCalendar
    /// The first day whose end has not been emitted; nil before the first event.
    private(set) var currentDay: Day? = nil
    /// Indices of the customers who are not idle.
    private(set) var notIdle = CustomerIndexSet()

    // The last day looked up, and its bounds: events come in time order, so most look-ups hit it.
    private var cachedDay = Day.none
    private var cachedStart = Instant.distantFuture
    private var cachedEnd = Instant.distantPast

    init(calendar: LocalCalendar) {
        self.calendar = calendar
    }

    /// The local day `ts` falls on.
    mutating func day(of ts: Instant) -> Day {
        if ts >= cachedStart && ts < cachedEnd { return cachedDay }
        let day = calendar.day(of: ts)
        cachedDay = day
        cachedStart = calendar.start(of: day)
        cachedEnd = calendar.start(of: day.advanced(by: 1))
        return day
    }

    /// Notes that an event of `day` is about to be applied; returns the days that ended before it
    /// (whose day-end facts are due now, with the state as it is before the event), or nil.
    mutating func enter(_ day: Day) -> ClosedRange<Day>? {
        guard let current = currentDay else {
            currentDay = day
            return nil
        }
        guard day > current else { return nil }
        currentDay = day
        return current...day.advanced(by: -1)
    }

    /// The days whose end is due at the end of input, through `lastDay`, or nil.
    mutating func finish(through lastDay: Day) -> ClosedRange<Day>? {
        guard let current = currentDay, current <= lastDay else { return nil }
        currentDay = lastDay.advanced(by: 1)
        return current...lastDay
    }

    mutating func setIdle(_ idle: Bool, customer index: Int) {
        if idle {
            notIdle.remove(index)
        } else {
            notIdle.insert(index)
        }
    }

    /// Emits the day-end facts of each of `days`, with the current state of customers and agents.
    func emit<S: FactSink>(
        _ days: ClosedRange<Day>, customers: inout SegmentedArray<CustomerState>, agents: AgentStateTracker, into sink: inout S
    ) {
        var day = days.lowerBound
        while day <= days.upperBound {
            for index in notIdle.members {
                let fact = CustomerDayEndFact(
                    seq: customers[index].lastSeq, day: day, product: customers[index].key.product,
                    customer: customers[index].key.customer, list: customers[index].list,
                    agent: customers[index].holder)
                // The customer's own ledger, for metrics keyed by the customer.
                swap(&sink.ledger, &customers[index].ledger)
                sink.add(fact)
                swap(&sink.ledger, &customers[index].ledger)
            }
            agents.emitDayEnds(of: day, into: &sink)
            day = day.advanced(by: 1)
        }
    }
}
