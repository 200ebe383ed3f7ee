/// A distribution given as weighted ranges: pick a range by its weight, then a uniform value in it.
/// Durations of people (typing, answering, giving up) have long tails; a few ranges say so plainly
/// and stay in integers, so the same seed gives the same log everywhere.
struct Spread: Sendable {
    private let ranges: [ClosedRange<Int>]
    private let cumulative: [Int]

    /// `buckets`: (range, weight) pairs; weights are relative.
    init(_ buckets: [(ClosedRange<Int>, Int)]) {
        precondition(!buckets.isEmpty && buckets.allSatisfy { $0.1 > 0 }, "a spread needs positive weights")
        ranges = buckets.map(\.0)
        var sum = 0
        cumulative = buckets.map {
            sum += $0.1
            return sum
        }
    }

    func sample(_ random: inout SplitMix64) -> Int {
        let r = random.below(cumulative[cumulative.count - 1])
        var index = 0
        while cumulative[index] <= r { index += 1 }
        return random.within(ranges[index])
    }
}
