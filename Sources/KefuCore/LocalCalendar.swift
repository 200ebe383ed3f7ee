import Foundation

/// Places instants in local days of one IANA time zone, correctly across daylight-saving changes.
///
/// The zone's offsets are read from Foundation once, into a table of transitions, so that the
/// per-event `day(of:)` is a table lookup instead of a Foundation call.
public struct LocalCalendar: Sendable {
    public let identifier: String
    /// Instants (Unix seconds) at which an offset starts, ascending; the first is the distant past.
    private let starts: [Int64]
    /// UTC offsets in seconds, parallel to `starts`.
    private let offsets: [Int64]
    /// The last transition and the offset from it on: most instants of a log fall after it (in a
    /// zone without daylight saving time, all of them), and `day(of:)` then needs no search.
    @usableFromInline let lastStart: Int64
    @usableFromInline let lastOffset: Int64

    /// A calendar for `identifier`, or nil when the zone is unknown.
    public init?(identifier: String) {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        self.identifier = identifier
        var starts: [Int64] = [.min]
        var offsets: [Int64] = []
        var date = Date(timeIntervalSince1970: -2_208_988_800)  // 1900-01-01
        offsets.append(Int64(zone.secondsFromGMT(for: date)))
        let end = Date(timeIntervalSince1970: 4_102_444_800)  // 2100-01-01
        while let next = zone.nextDaylightSavingTimeTransition(after: date), next < end {
            let offset = Int64(zone.secondsFromGMT(for: next))
            if offset != offsets.last {
                starts.append(Int64(next.timeIntervalSince1970.rounded()))
                offsets.append(offset)
            }
            date = next
        }
        self.starts = starts
        self.offsets = offsets
        lastStart = starts[starts.count - 1]
        lastOffset = offsets[offsets.count - 1]
    }

    /// The UTC offset in seconds in force at `unixSeconds`.
    public func offset(atUnixSeconds unixSeconds: Int64) -> Int64 {
        var low = 0
        var high = starts.count - 1
        if unixSeconds >= starts[high] { return offsets[high] }
        while low < high {
            let mid = (low + high + 1) / 2
            if starts[mid] <= unixSeconds { low = mid } else { high = mid - 1 }
        }
        return offsets[low]
    }

    /// The local day `instant` falls on.
    @inlinable @inline(__always)
    public func day(of instant: Instant) -> Day {
        let seconds = Self.floorDivide(instant.microseconds, 1_000_000)
        let local = seconds + (seconds >= lastStart ? lastOffset : offset(atUnixSeconds: seconds))
        return Day(index: Int32(Self.floorDivide(local, 86_400)))
    }

    /// The first instant of `day` (local midnight, or the first local time after it on a day whose
    /// midnight is skipped).
    public func start(of day: Day) -> Instant {
        let localMidnight = Int64(day.index) * 86_400
        var guess = localMidnight - offset(atUnixSeconds: localMidnight)
        guess = localMidnight - offset(atUnixSeconds: guess)
        // If the guess lies in the previous day (a gap at midnight), move to the transition.
        if self.day(of: Instant(unixSeconds: guess)) < day {
            if let next = starts.first(where: { $0 > guess }) { guess = next }
        }
        // If an earlier instant still belongs to `day` (an overlap), step back to it.
        while self.day(of: Instant(unixSeconds: guess - 1)) == day { guess -= 1 }
        return Instant(unixSeconds: guess)
    }

    @inlinable @inline(__always)
    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
