import KefuCore

/// An event of a chunk that a part applies: its index in the chunk, and its customer, for ordering
/// and for the prefetch stages to read without reading the event.
struct PartEvent {
    var index: UInt32
    var customer: Symbol
}

/// The order in which a part applies its events of a chunk: day by day, and within a day each
/// customer's events one after another, in file order, customers by symbol.
///
/// Customers come back at random times, so applying events in file order reads a customer's state
/// (its entry, state, ledger items, sessions) from memory again for nearly every event. A chunk spans
/// about two hours of a busy log, in which a customer writes and is answered several times (about 8
/// events per customer in a chunk of the benchmark's log): applied together, they read that state
/// once. Customers by symbol also walk the states in about the order they lie in memory (symbols and
/// states are both numbered on first sight).
///
/// The facts do not change. A customer's events keep their order, and no customer's facts depend on
/// another's state; agent statuses (customer `.none`) keep their order among themselves, and customer
/// events never read agent state. Days stay apart, so a day change (the day's end snapshots, the
/// settling of ledgers) still sees every event of the day before it and none after. The sink receives
/// the same facts in another order, which its aggregates do not depend on (as when the customers are
/// split over parts).
struct PartEventOrder {
    private var first: [PartEvent] = []
    private var second: [PartEvent] = []
    /// The events themselves in the order applied: read in that order from the chunk, they would
    /// each wait for memory; gathered in a loop of nothing else, their reads overlap.
    private var gathered: [LogEvent] = []
    /// The counts of each digit of each radix pass, for one day's events.
    private var counts: [Int] = []

    /// A radix pass sorts by this many bits of the customer's symbol.
    private static var digitBits: Int { 11 }
    private static var digitMask: UInt32 { (1 << digitBits) - 1 }

    /// Calls `body` with `owned` (a part's events of the chunk `events`, in file order) in the order
    /// the part applies them, and with their events in that order.
    mutating func arrange<Result>(
        _ owned: UnsafeBufferPointer<PartEvent>, of events: UnsafeBufferPointer<LogEvent>, calendar: LocalCalendar,
        _ body: (_ ordered: UnsafeBufferPointer<PartEvent>, _ events: UnsafeBufferPointer<LogEvent>) -> Result
    ) -> Result {
        let count = owned.count
        if first.count < count {
            first = Array(repeating: PartEvent(index: 0, customer: .none), count: count + count / 4)
            second = first
            gathered = Array(repeating: LogEvent(ts: .distantPast, type: .openService), count: first.count)
        }
        // As many passes as the largest symbol needs, the same for every day, so that all days end
        // in the same buffer.
        let largest = owned.reduce(0) { max($0, $1.customer.raw) }
        let passes = max(1, (32 - largest.leadingZeroBitCount + Self.digitBits - 1) / Self.digitBits)
        if counts.count < passes << Self.digitBits { counts = Array(repeating: 0, count: passes << Self.digitBits) }
        return first.withUnsafeMutableBufferPointer { first in
            second.withUnsafeMutableBufferPointer { second in
                counts.withUnsafeMutableBufferPointer { counts in
                    var start = 0
                    while start < count {
                        let end = Self.dayEnd(owned, from: start, events: events, calendar: calendar)
                        Self.sort(owned, start..<end, passes: passes, first: first, second: second, counts: counts)
                        start = end
                    }
                    let sorted = UnsafeBufferPointer(rebasing: (passes % 2 == 1 ? first : second)[0..<count])
                    return gathered.withUnsafeMutableBufferPointer { gathered in
                        for (position, event) in sorted.enumerated() {
                            gathered[position] = events[Int(event.index)]
                        }
                        return body(sorted, UnsafeBufferPointer(rebasing: gathered[0..<count]))
                    }
                }
            }
        }
    }

    /// The index after the last of `owned`'s events from `start` on that fall on the day of the one at
    /// `start` (times never decrease along `owned`).
    private static func dayEnd(
        _ owned: UnsafeBufferPointer<PartEvent>, from start: Int, events: UnsafeBufferPointer<LogEvent>,
        calendar: LocalCalendar
    ) -> Int {
        func day(_ position: Int) -> Day { calendar.day(of: events[Int(owned[position].index)].ts) }
        let today = day(start)
        if day(owned.count - 1) == today { return owned.count }
        var low = start + 1
        var high = owned.count - 1
        while low < high {
            let middle = (low + high) / 2
            if day(middle) == today { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Stably sorts `owned[range]` by customer symbol, least significant digit first, into the same
    /// range of `first` (after an odd number of passes) or `second` (after an even number).
    private static func sort(
        _ owned: UnsafeBufferPointer<PartEvent>, _ range: Range<Int>, passes: Int,
        first: UnsafeMutableBufferPointer<PartEvent>, second: UnsafeMutableBufferPointer<PartEvent>,
        counts: UnsafeMutableBufferPointer<Int>
    ) {
        let digits = 1 << digitBits
        for index in 0..<(passes * digits) { counts[index] = 0 }
        for event in owned[range] {
            var raw = event.customer.raw
            for pass in 0..<passes {
                counts[pass * digits + Int(raw & digitMask)] += 1
                raw >>= UInt32(digitBits)
            }
        }
        for pass in 0..<passes {
            // Each digit's first position in the range.
            var next = range.lowerBound
            for digit in 0..<digits {
                let count = counts[pass * digits + digit]
                counts[pass * digits + digit] = next
                next += count
            }
            let source = pass == 0 ? owned : UnsafeBufferPointer(pass % 2 == 1 ? first : second)
            let target = pass % 2 == 0 ? first : second
            let shift = UInt32(pass * digitBits)
            for position in range {
                let event = source[position]
                let slot = pass * digits + Int((event.customer.raw >> shift) & digitMask)
                target[counts[slot]] = event
                counts[slot] += 1
            }
        }
    }
}
