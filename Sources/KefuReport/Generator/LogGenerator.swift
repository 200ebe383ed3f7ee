import KefuMetrics

/// Writes a synthetic event log: day by day, it opens the agents' shifts, plays each arriving
/// customer's visit, closes the shifts, and writes the finished day in time order.
///
/// Each purpose draws from its own random stream (arrivals, conversations, agent statuses, bad
/// lines), so `--bad-lines` and `--explicit` change only what they are about: the same seed gives
/// the same conversations either way.
public struct LogGenerator {
    /// What was written.
    public struct Summary: Sendable, Equatable {
        /// Valid events (lines other than the bad and repeated ones).
        public var events = 0
        /// Lines added that a reader rejects.
        public var malformedLines = 0
        /// Lines added that repeat the line before them, id included.
        public var duplicateLines = 0
        /// Everything written.
        public var bytes = 0
    }

    /// What the log is made of.
    public let options: GeneratorOptions
    let shop: ShopModel

    /// A generator of the log `options` describes.
    public init(options: GeneratorOptions) {
        self.options = options
        shop = ShopModel(products: options.products, agents: options.agents)
    }

    /// The roster of the generated agents: the `agent,group` CSV `report --roster` reads.
    public var rosterCSV: String { shop.rosterCSV }

    /// Writes the log to the file descriptor `descriptor` (named `name` in errors).
    public func write(toDescriptor descriptor: Int32, name: String) throws(GenerateError) -> Summary {
        var sink = ByteSink(descriptor: descriptor, name: name)
        return try write(into: &sink)
    }

    /// The whole log in memory (for tests and small logs).
    public func bytes() -> [UInt8] {
        var sink = ByteSink()
        do {
            _ = try write(into: &sink)
        } catch {
            preconditionFailure("writing to memory cannot fail: \(error)")
        }
        return sink.memory
    }

    func write(into sink: inout ByteSink) throws(GenerateError) -> Summary {
        let root = SplitMix64(seed: options.seed)
        var arrivalRandom = root.fork(0xA1)
        var statusRandom = root.fork(0x57)
        let firstDay = Int(options.start.index)
        let plan = ArrivalPlan(
            customers: options.customers, days: options.days, firstDay: firstDay, random: &arrivalRandom)
        var simulator = ConversationSimulator(
            shop: shop, customers: CustomerBook(expected: options.customers), random: root.fork(0xC0))
        var buckets = DayBuckets(firstDay: firstDay, days: options.days)
        var writer = EventLineWriter(
            shop: shop, explicit: options.explicit, idWidth: Self.width(options.customers * 24),
            customerWidth: Self.width(options.customers))
        var injector = BadLineInjector(fraction: options.badLines, random: root.fork(0xBAD))
        var summary = Summary()
        let productWeights = shop.products.map(\.weight)

        for day in 0..<options.days {
            let midnight = Int64(firstDay + day) * 86_400
            for event in simulator.pool.openShifts(day: firstDay + day, midnight: midnight, random: &statusRandom) {
                buckets.add(event)
            }
            let knownBefore = simulator.customers.count
            for arrival in plan.arrivals(day: day, midnight: midnight, random: &arrivalRandom) {
                let customer: Int
                if arrival.returning {
                    guard let earlier = returningCustomer(
                        among: knownBefore, at: arrival.time, simulator.customers, &arrivalRandom)
                    else { continue }
                    customer = earlier
                } else {
                    customer = simulator.customers.add(product: Self.pick(productWeights, &arrivalRandom))
                }
                simulator.pool.advance(to: arrival.time)
                simulator.visit(customer: customer, at: arrival.time)
                for event in simulator.events where options.explicit || !event.impliedByReply {
                    buckets.add(event)
                }
            }
            for event in simulator.pool.closeShifts(before: midnight + 86_400, random: &statusRandom) {
                buckets.add(event)
            }
            for event in buckets.takeNextDay() {
                try sink.reserveLine()
                let lineStart = sink.count
                writer.write(event, into: &sink)
                summary.events += 1
                if injector.isActive {
                    injector.after(event, lineStart: lineStart, writer: &writer, into: &sink)
                }
            }
        }
        try sink.flush()
        summary.malformedLines = injector.malformed
        summary.duplicateLines = injector.duplicates
        summary.bytes = sink.flushed
        return summary
    }

    /// A customer from an earlier day who is not still busy with their last visit (a rating may
    /// come late); nil after a few tries.
    private func returningCustomer(
        among known: Int, at time: Int64, _ customers: CustomerBook, _ random: inout SplitMix64
    ) -> Int? {
        guard known > 0 else { return nil }
        for _ in 0..<4 {
            let candidate = random.below(known)
            if customers.busyUntil[candidate] < time - 3600 { return candidate }
        }
        return nil
    }

    private static func pick(_ weights: [Int], _ random: inout SplitMix64) -> Int {
        var r = random.below(weights.reduce(0, +))
        for (index, weight) in weights.enumerated() {
            if r < weight { return index }
            r -= weight
        }
        return 0
    }

    /// Digits for numbers up to `count`, at least six (`c000123`, `e000001`).
    private static func width(_ count: Int) -> Int {
        max(6, String(count).count)
    }
}
