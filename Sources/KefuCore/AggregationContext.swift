/// What generated aggregators need to know besides the facts: the calendar that places instants in
/// days, and the report's days as far as they are known while reading.
public struct AggregationContext: Sendable {
    public let calendar: LocalCalendar
    /// The first report day, when the user gave one; earlier facts are history.
    public let firstDay: Day?
    /// The last report day, when the user gave one.
    public let lastDay: Day?

    public init(calendar: LocalCalendar, firstDay: Day? = nil, lastDay: Day? = nil) {
        self.calendar = calendar
        self.firstDay = firstDay
        self.lastDay = lastDay
    }

    /// Always inlined: aggregators ask for the same day several times per fact, and only inlined
    /// calls let the optimizer compute it once.
    @inlinable @inline(__always)
    public func day(_ instant: Instant) -> Day {
        calendar.day(of: instant)
    }

    @inlinable @inline(__always)
    public func day(_ instant: Instant?) -> Day? {
        instant.map { calendar.day(of: $0) }
    }

    /// Whether `day` can be in the report range (used by `distinct`, which dedups only in scope).
    @inlinable
    public func mayInclude(_ day: Day) -> Bool {
        if let firstDay, day < firstDay { return false }
        if let lastDay, day > lastDay { return false }
        return true
    }
}
