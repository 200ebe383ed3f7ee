/// When customers come: `--customers` first visits spread over `--days` (weekends busier, each day
/// a little different), plus returning visits of earlier customers, at times of day that follow a
/// shop's rhythm (quiet at night, peaks late morning, afternoon and evening).
struct ArrivalPlan: Sendable {
    struct Arrival: Sendable {
        /// Local seconds since 1970-01-01 00:00.
        var time: Int64
        /// A visit of a customer from an earlier day, rather than a new customer.
        var returning: Bool
    }

    /// Relative arrivals per local hour, 00:00 to 23:00.
    static let hourWeights = [6, 3, 2, 1, 1, 1, 2, 4, 8, 12, 14, 13, 10, 11, 13, 13, 12, 10, 9, 10, 13, 14, 12, 9]
    /// Percent of a day's new customers that an earlier customer's return adds.
    static let returnPercent = 20

    /// New customers on each day.
    let newCustomers: [Int]
    private let hourCumulative: [Int]

    /// Spreads `customers` over `days` consecutive days beginning with the day `firstDay`.
    init(customers: Int, days: Int, firstDay: Int, random: inout SplitMix64) {
        let weights = (0..<days).map { day -> Int in
            // 1970-01-01 was a Thursday: weekday 0 is Sunday.
            let weekday = (firstDay + day + 4) % 7
            let weekend = weekday == 0 || weekday == 6
            return random.within(85...115) * (weekend ? 125 : 100)
        }
        let total = weights.reduce(0, +)
        var assigned = 0
        var cumulative = 0
        newCustomers = weights.map { weight in
            cumulative += weight
            let upTo = customers * cumulative / total
            defer { assigned = upTo }
            return upTo - assigned
        }
        var sum = 0
        hourCumulative = Self.hourWeights.map {
            sum += $0
            return sum
        }
    }

    /// The arrivals of day `day` (0 is the first), which begins at `midnight`, in time order.
    func arrivals(day: Int, midnight: Int64, random: inout SplitMix64) -> [Arrival] {
        let new = newCustomers[day]
        var returning = 0
        if day > 0 {
            for _ in 0..<new where random.percent(Self.returnPercent) { returning += 1 }
        }
        var arrivals: [Arrival] = []
        arrivals.reserveCapacity(new + returning)
        for index in 0..<(new + returning) {
            arrivals.append(Arrival(time: midnight + Int64(secondOfDay(&random)), returning: index >= new))
        }
        arrivals.sort { $0.time != $1.time ? $0.time < $1.time : !$0.returning && $1.returning }
        return arrivals
    }

    private func secondOfDay(_ random: inout SplitMix64) -> Int {
        let r = random.below(hourCumulative[hourCumulative.count - 1])
        var hour = 0
        while hourCumulative[hour] <= r { hour += 1 }
        return hour * 3600 + random.below(3600)
    }
}
