/// Holds generated events by local day until their day is complete, then hands the day over in
/// time order. A visit's events reach at most two days past its arrival (a conversation over
/// midnight, a rating the next morning), so three days are held at once, never the whole log.
/// Events after the log's last day are dropped: the log is an export of whole days.
struct DayBuckets {
    private static let held = 3
    private let firstDay: Int64
    private let days: Int
    /// The first day not yet handed over, relative to `firstDay`.
    private var current = 0
    private var buckets: [[GeneratedEvent]] = Array(repeating: [], count: held)
    private var secondCounts = [Int32](repeating: 0, count: 86_400)

    /// Days `firstDay` (a day index since 1970-01-01) and the `days - 1` after it.
    init(firstDay: Int, days: Int) {
        self.firstDay = Int64(firstDay)
        self.days = days
    }

    /// Adds an event; it may not be on a day already handed over, nor beyond the days held.
    mutating func add(_ event: GeneratedEvent) {
        let day = Int(event.time / 86_400 - firstDay)
        precondition(day >= current && day < current + Self.held, "an event outside the days held")
        guard day < days else { return }
        buckets[day % Self.held].append(event)
    }

    /// Hands over the next day's events sorted by time; events of the same second keep the order in
    /// which they were added (a stable counting sort on the second of the day, for busy days).
    mutating func takeNextDay() -> [GeneratedEvent] {
        let slot = current % Self.held
        let events = buckets[slot]
        buckets[slot] = []
        buckets[slot].reserveCapacity(events.count)
        current += 1
        guard events.count > 1 else { return events }
        if events.count < 4096 {
            // A quiet day: a comparison sort costs less than clearing 86 400 counters.
            return events.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }
                .map(\.element)
        }
        for index in secondCounts.indices { secondCounts[index] = 0 }
        for event in events { secondCounts[Int(event.time % 86_400)] += 1 }
        var start: Int32 = 0
        for index in secondCounts.indices {
            let count = secondCounts[index]
            secondCounts[index] = start
            start += count
        }
        return [GeneratedEvent](unsafeUninitializedCapacity: events.count) { sorted, initialized in
            for event in events {
                let second = Int(event.time % 86_400)
                (sorted.baseAddress! + Int(secondCounts[second])).initialize(to: event)
                secondCounts[second] += 1
            }
            initialized = events.count
        }
    }
}
