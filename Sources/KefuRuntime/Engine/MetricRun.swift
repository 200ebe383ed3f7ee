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
    /// The names of the products, customers and agents the metrics' symbols stand for.
    public let symbols: SymbolNames
    public let input: InputSummary

    /// Reads the log at `source` and computes every metric over it.
    ///
    /// A log is read in chunks, each decoded on all cores, the next ones read ahead while one is
    /// applied. While its events come in time order they are applied at once and dropped, so memory does not grow with the log; a log found out of
    /// order is read again (or, from standard input, kept) and stably sorted first. Work splits by
    /// customer over `workers` conversation models, each feeding its own aggregators; the parts merge
    /// exactly, so the result does not depend on the number of workers.
    public static func compute(
        source: LogSource, calendar: LocalCalendar, requested: RequestedDays, workers: Int = 2,
        progress: (@Sendable (_ consumedBytes: Int, _ totalBytes: Int?) -> Void)? = nil
    ) throws(EventLogError) -> MetricRun {
        let bytes: LogByteSource =
            switch source {
            case .path(let path): try LogByteSource(path: path)
            case .bytes(let data): LogByteSource(bytes: data)
            }
        if bytes.canRestart {
            if let run = try stream(bytes, calendar: calendar, requested: requested, workers: workers, progress: progress) {
                return run
            }
            try bytes.restart()
        }
        return try collectAndSort(bytes, calendar: calendar, requested: requested, workers: workers)
    }

    /// Computes over a log already read into memory (as tests and `EventLogReader` users hold it).
    public static func compute(
        log: EventLog, calendar: LocalCalendar, requested: RequestedDays, workers: Int = 2
    ) -> MetricRun {
        compute(log: log, calendar: calendar, requested: requested, workers: workers, piece: Run.piece)
    }

    /// Computes over a log in memory, handing the parts at most `piece` events at a time.
    static func compute(
        log: EventLog, calendar: LocalCalendar, requested: RequestedDays, workers: Int, piece: Int
    ) -> MetricRun {
        var run = Run(calendar: calendar, requested: requested, workers: workers, piece: piece)
        run.apply(log.events)
        return run.finish(symbols: log.symbols, input: log.summary)
    }

    /// Applies the log chunk by chunk as it is read; nil when it turns out not to be in time order.
    private static func stream(
        _ bytes: LogByteSource, calendar: LocalCalendar, requested: RequestedDays, workers: Int,
        progress: (@Sendable (Int, Int?) -> Void)?
    ) throws(EventLogError) -> MetricRun? {
        let readAhead = ReadAhead(
            reader: LogChunkReader(source: bytes, threads: workers), source: bytes, progress: progress)
        var run = Run(calendar: calendar, requested: requested, workers: workers)
        do {
            while let events = try readAhead.next() {
                guard run.isInOrder(events) else {
                    _ = readAhead.finish()
                    run.pipeline.drain()
                    return nil
                }
                run.apply(events)
            }
        } catch {
            _ = readAhead.finish()
            run.pipeline.drain()
            throw error
        }
        let reader = readAhead.finish()
        return run.finish(symbols: reader.symbols, input: reader.summary)
    }

    /// Reads the whole log, sorts it stably by time if it is out of order, then applies it.
    private static func collectAndSort(
        _ bytes: LogByteSource, calendar: LocalCalendar, requested: RequestedDays, workers: Int
    ) throws(EventLogError) -> MetricRun {
        let (log, failure) = EventLogReader.collect(bytes, threads: workers)
        if let failure { throw failure }
        return compute(log: log, calendar: calendar, requested: requested, workers: workers)
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

/// The state of one computation: a conversation model per part, fed events in applied order.
private struct Run {
    let calendar: LocalCalendar
    let requested: RequestedDays
    let context: AggregationContext
    /// Events from the start of the day after the last requested day on are not used.
    let cutoff: Instant
    let parts: PartModels
    let pipeline: PartPipeline
    /// The most events handed to the parts at a time.
    let piece: Int
    var applied = 0
    var firstInstant: Instant?
    var lastInstant = Instant.distantPast

    init(calendar: LocalCalendar, requested: RequestedDays, workers: Int, piece: Int = Run.piece) {
        self.calendar = calendar
        self.piece = piece
        self.requested = requested
        context = AggregationContext(calendar: calendar, firstDay: requested.first, lastDay: requested.last)
        cutoff = requested.last.map { calendar.start(of: $0.advanced(by: 1)) } ?? .distantFuture
        parts = PartModels(count: max(1, workers), calendar: calendar, context: context)
        pipeline = PartPipeline(parts: parts)
    }

    /// Whether `events` continue the events applied so far in time order.
    func isInOrder(_ events: [LogEvent]) -> Bool {
        var previous = lastInstant
        for event in events {
            if event.ts < previous { return false }
            previous = event.ts
        }
        return true
    }

    /// Applies events that follow the ones applied so far, each part taking its customers. The parts
    /// apply them on their own queues and may still be at it on return (see `PartPipeline`).
    ///
    /// A whole log (read in full to be sorted) goes in pieces of about a chunk's size: a part orders
    /// the events it is handed (`PartEventOrder`) in buffers their size, which must not grow with
    /// the log.
    mutating func apply(_ events: [LogEvent]) {
        guard let first = events.first else { return }
        if firstInstant == nil { firstInstant = first.ts }
        lastInstant = max(lastInstant, events.last!.ts)
        if events.count <= piece {
            pipeline.submit(events, base: applied, cutoff: cutoff)
        } else {
            for start in stride(from: 0, to: events.count, by: piece) {
                let events = Array(events[start..<min(start + piece, events.count)])
                pipeline.submit(events, base: applied + start, cutoff: cutoff)
            }
        }
        applied += events.count
    }

    /// The most events handed to the parts at a time, unless told: about what a 16 MB chunk of a
    /// log holds.
    static var piece: Int { 1 << 17 }

    /// Closes every part through the last report day and merges them.
    func finish(symbols: SymbolNames, input: InputSummary) -> MetricRun {
        pipeline.drain()
        let first = requested.first ?? firstInstant.map { calendar.day(of: $0) }
        let last = requested.last ?? (firstInstant == nil ? nil : calendar.day(of: lastInstant))
        guard let first, let last, first <= last else {
            return MetricRun(
                metrics: MetricSet(context: context), days: nil, anomalies: [:], symbols: symbols, input: input)
        }
        var results = parts.finish(through: last)
        var metrics = results[0].metrics
        // Drop the array's reference, so merging into `metrics` does not copy its tables.
        results[0].metrics = MetricSet(context: context)
        var anomalies: [String: Int] = [:]
        for (index, result) in results.enumerated() {
            if index > 0 { metrics.merge(result.metrics) }
            for (kind, count) in result.anomalies { anomalies[kind.rawValue, default: 0] += count }
        }
        return MetricRun(metrics: metrics, days: first...last, anomalies: anomalies, symbols: symbols, input: input)
    }
}

/// Applies chunks of events to the part models, each part on a serial queue of its own, so that a
/// part never waits for the other between chunks (a per-chunk barrier idles a core whenever one part
/// is slower or descheduled). Each part takes its customers' events of every chunk in chunk order; at
/// most `depth` chunks per part are in flight, so memory stays bounded.
private final class PartPipeline: @unchecked Sendable {
    private let parts: PartModels
    private let queues: [DispatchQueue]
    private let group = DispatchGroup()
    private let slots: DispatchSemaphore

    init(parts: PartModels, depth: Int = 3) {
        precondition(parts.count <= 256, "a part is named by a byte")
        self.parts = parts
        queues = (0..<parts.count).map { DispatchQueue(label: "kefu.part.\($0)") }
        // Created at 0 and raised: libdispatch traps when a semaphore is released below its initial
        // value.
        slots = DispatchSemaphore(value: 0)
        for _ in 0..<(depth * parts.count) { slots.signal() }
    }

    /// Queues `events`, whose first has the global index `base`, for every part; events from
    /// `cutoff` on are not applied.
    func submit(_ events: [LogEvent], base: Int, cutoff: Instant) {
        let parts = parts
        let count = parts.count
        // Each part's events, found once here rather than by every part's thread, as lists of
        // `PartEvent`s: a part then walks its own events without a branch on each event's part,
        // which the processor can not predict (half the events are the other part's), and which
        // would keep it from running ahead to the next events' memory. The events from the cutoff
        // on are left out.
        let end = events.firstIndex { $0.ts >= cutoff } ?? events.count
        var owned = [[PartEvent]](repeating: [], count: count)
        for index in owned.indices { owned[index].reserveCapacity(end / count + end / 16) }
        for index in 0..<end {
            owned[MetricRun.part(of: events[index], parts: count)].append(
                PartEvent(index: UInt32(index), customer: events[index].customer))
        }
        for part in 0..<count {
            slots.wait()
            let mine = owned[part]
            queues[part].async(group: group) {
                defer { self.slots.signal() }
                events.withUnsafeBufferPointer { events in
                    mine.withUnsafeBufferPointer { mine in
                        parts.apply(events, owned: mine, base: base, part: part)
                    }
                }
            }
        }
    }

    /// Waits until every queued chunk is applied.
    func drain() {
        group.wait()
    }
}

/// One conversation model per part. Each part is touched by one thread at a time: its queue in the
/// `PartPipeline`, then, once drained, the thread finishing it.
private final class PartModels: @unchecked Sendable {
    private let models: UnsafeMutableBufferPointer<ConversationModel<MetricSet>>
    /// The order each part applies a chunk's events in, with its buffers.
    private let orders: UnsafeMutableBufferPointer<PartEventOrder>
    private let calendar: LocalCalendar
    let count: Int

    init(count: Int, calendar: LocalCalendar, context: AggregationContext) {
        self.count = count
        self.calendar = calendar
        models = .allocate(capacity: count)
        _ = models.initialize(
            from: (0..<count).map { _ in ConversationModel(calendar: calendar, sink: MetricSet(context: context)) })
        orders = .allocate(capacity: count)
        orders.initialize(repeating: PartEventOrder())
    }

    deinit {
        models.deinitialize()
        models.deallocate()
        orders.deinitialize()
        orders.deallocate()
    }

    /// Applies the events `owned` of a chunk whose first event has the global index `base` to the
    /// model of `part`, each customer's events of a day together (`PartEventOrder`).
    func apply(_ events: UnsafeBufferPointer<LogEvent>, owned: UnsafeBufferPointer<PartEvent>, base: Int, part: Int) {
        orders[part].arrange(owned, of: events, calendar: calendar) { ordered, events in
            apply(events, ordered: ordered, base: base, part: part)
        }
    }

    /// Applies `events`, the events `ordered` in that order, to the model of `part`. The state of the
    /// customers they are of is prefetched by batches of customers, in three stages two batches ahead
    /// of applying their events (`ConversationModel+Prefetch`); the first stage reads the customer from
    /// `PartEvent`, so that no stage waits for an event's memory.
    private func apply(_ events: UnsafeBufferPointer<LogEvent>, ordered owned: UnsafeBufferPointer<PartEvent>, base: Int, part: Int) {
        // Where each customer's run of events starts, and the end.
        var runs: [Int] = []
        runs.reserveCapacity(owned.count / 4 + 1)
        for position in owned.indices where position == 0 || owned[position].customer != owned[position - 1].customer {
            runs.append(position)
        }
        let runCount = runs.count
        runs.append(owned.count)
        let size = Self.batch
        func batch(_ k: Int) -> Range<Int> {
            min(k * size, runCount)..<min((k + 1) * size, runCount)
        }
        func stageOne(_ k: Int) {
            for run in batch(k) { models[part].prefetchEntry(of: owned[runs[run]].customer) }
        }
        stageOne(0)
        for run in batch(0) { models[part].prefetchState(of: owned[runs[run]].customer) }
        stageOne(1)
        for k in 0..<((runCount + size - 1) / size) {
            stageOne(k + 2)
            for run in batch(k + 1) { models[part].prefetchState(of: owned[runs[run]].customer) }
            for run in batch(k) { models[part].prefetchOutOfLineState(of: owned[runs[run]].customer) }
            for position in runs[batch(k).lowerBound]..<runs[batch(k).upperBound] {
                models[part].apply(events[position], sequence: base + Int(owned[position].index))
            }
        }
    }

    /// How many customers' state is prefetched at a time.
    private static var batch: Int { 16 }

    func finish(through last: Day) -> [(metrics: MetricSet, anomalies: [AnomalyKind: Int])] {
        ParallelWork.map(count: count) { part in
            let anomalies = self.models[part].anomalies
            return (self.models[part].finish(through: last), anomalies)
        }
    }
}
