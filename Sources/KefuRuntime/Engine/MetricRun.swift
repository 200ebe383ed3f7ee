import Dispatch
import KefuMetrics

/// The result of computing every metric over an event log.
public struct MetricRun: Sendable {
    /// Every aggregator, merged over all workers.
    public let metrics: MetricSet
    /// The report's days; nil when the log has no applied events and no days were given.
    public let days: ClosedRange<Day>?
    /// Impossible events by kind (report key → count).
    public let anomalies: [String: Int]

    /// Runs the conversation model over `log` and feeds its facts to the generated aggregators.
    ///
    /// Work splits by customer (a hash of product and customer) over `workers` parts, each with its
    /// own model and aggregators; agent status events go to the first part. The parts merge exactly,
    /// so the result does not depend on the number of workers.
    public static func compute(
        log: EventLog, calendar: LocalCalendar, requested: RequestedDays, workers: Int = 2
    ) -> MetricRun {
        let events = log.events
        let first = requested.first ?? events.first.map { calendar.day(of: $0.ts) }
        let last = requested.last ?? events.last.map { calendar.day(of: $0.ts) }
        let context = AggregationContext(calendar: calendar, firstDay: requested.first, lastDay: requested.last)
        guard let first, let last, first <= last else {
            return MetricRun(metrics: MetricSet(context: context), days: nil, anomalies: [:])
        }
        let cutoff = calendar.start(of: last.advanced(by: 1))
        let parts = max(1, workers)
        let results = ParallelWork.map(count: parts) { part in
            var model = ConversationModel(calendar: calendar, sink: MetricSet(context: context))
            for (sequence, event) in events.enumerated() {
                if event.ts >= cutoff { break }
                guard Self.part(of: event, parts: parts) == part else { continue }
                model.apply(event, sequence: sequence)
            }
            let anomalies = model.anomalies
            return (model.finish(through: last), anomalies)
        }
        var metrics = results[0].0
        var anomalies: [String: Int] = [:]
        for (index, result) in results.enumerated() {
            if index > 0 { metrics.merge(result.0) }
            for (kind, count) in result.1 { anomalies[kind.rawValue, default: 0] += count }
        }
        return MetricRun(metrics: metrics, days: first...last, anomalies: anomalies)
    }

    /// Which part handles an event: by customer, with agent status events in the first part.
    static func part(of event: LogEvent, parts: Int) -> Int {
        guard parts > 1, event.type != .agentStatus else { return 0 }
        var hash = UInt64(event.product.raw) &* 0x9E37_79B9_7F4A_7C15
        hash ^= UInt64(event.customer.raw) &+ 0x632B_E59B_D9B4_E019 &+ (hash << 6) &+ (hash >> 2)
        hash = (hash ^ (hash >> 31)) &* 0xBF58_476D_1CE4_E5B9
        return Int((hash ^ (hash >> 29)) % UInt64(parts))
    }
}
