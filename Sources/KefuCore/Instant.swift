/// A point in time, in microseconds since 1970-01-01T00:00:00Z.
///
/// Integers keep sums of durations exact, so partial results merge to exactly the whole.
public struct Instant: Hashable, Comparable, Sendable {
    public var microseconds: Int64

    public init(microseconds: Int64) {
        self.microseconds = microseconds
    }

    public init(unixSeconds: Int64) {
        self.microseconds = unixSeconds * 1_000_000
    }

    public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.microseconds < rhs.microseconds }

    public static func - (lhs: Instant, rhs: Instant) -> TimeSpan {
        TimeSpan(microseconds: lhs.microseconds - rhs.microseconds)
    }

    public static let distantPast = Instant(microseconds: .min)
    public static let distantFuture = Instant(microseconds: .max)
}

/// A signed length of time in microseconds; reports show it in seconds.
public struct TimeSpan: Hashable, Comparable, Sendable {
    public var microseconds: Int64

    public init(microseconds: Int64) {
        self.microseconds = microseconds
    }

    public static func seconds(_ seconds: Int64) -> TimeSpan {
        TimeSpan(microseconds: seconds * 1_000_000)
    }

    public static let zero = TimeSpan(microseconds: 0)

    public var seconds: Double { Double(microseconds) / 1_000_000 }

    public static func < (lhs: TimeSpan, rhs: TimeSpan) -> Bool { lhs.microseconds < rhs.microseconds }
    public static func + (lhs: TimeSpan, rhs: TimeSpan) -> TimeSpan {
        TimeSpan(microseconds: lhs.microseconds + rhs.microseconds)
    }
    public static func - (lhs: TimeSpan, rhs: TimeSpan) -> TimeSpan {
        TimeSpan(microseconds: lhs.microseconds - rhs.microseconds)
    }
}

extension TimeSpan {
    public static prefix func - (span: TimeSpan) -> TimeSpan {
        TimeSpan(microseconds: -span.microseconds)
    }
}
