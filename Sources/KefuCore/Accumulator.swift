/// The mergeable state behind one metric value: how many values, their sum, maximum and minimum.
///
/// Values are integers (durations in microseconds, points, counts), so adding accumulators is
/// exact and associative: partial results merge to exactly the result of the whole input.
public struct Accumulator: Hashable, Sendable {
    public var count: Int64 = 0
    public var sum: Int64 = 0
    public var maximum: Int64 = .min
    public var minimum: Int64 = .max

    @inlinable
    public init() {}

    /// Counts one occurrence without a value (a `count` measure).
    @inlinable
    public mutating func addOccurrence() {
        count += 1
    }

    /// Adds one measured value.
    @inlinable
    public mutating func add(_ value: Int64) {
        count += 1
        sum += value
        if value > maximum { maximum = value }
        if value < minimum { minimum = value }
    }

    public mutating func merge(_ other: Accumulator) {
        count += other.count
        sum += other.sum
        maximum = Swift.max(maximum, other.maximum)
        minimum = Swift.min(minimum, other.minimum)
    }
}
