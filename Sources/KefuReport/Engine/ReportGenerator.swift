import KefuMetrics
import KefuRuntime

/// Computes a report from an event log: the public entry point of the report engine.
public enum ReportGenerator {
    /// Checks the request against the catalog before any work: unknown metrics, `group` without a roster.
    public static func validate(_ request: ReportRequest) throws(ReportError) -> [MetricDescriptor] {
        if request.by.contains(.group), request.roster == nil {
            throw ReportError("--by group needs --roster FILE (a CSV with the header agent,group)")
        }
        if let from = request.from, let to = request.to, from > to {
            throw ReportError("--from \(from) is after --to \(to)")
        }
        guard let ids = request.metrics else { return MetricSet.descriptors }
        return try ids.map { id throws(ReportError) in
            guard let descriptor = MetricSet.descriptor(id) else {
                let known = MetricSet.descriptors.map(\.id)
                let hint = known.min { editDistance(id, $0) < editDistance(id, $1) }.map { "; did you mean '\($0)'?" } ?? ""
                throw ReportError("unknown metric '\(id)'\(hint) (see the catalog for every id)")
            }
            return descriptor
        }
    }

    /// Reads the log at `source` (streaming it when it is in time order) and computes the report.
    public static func report(
        _ request: ReportRequest, source: LogSource, workers: Int = 2,
        progress: (@Sendable (_ consumedBytes: Int, _ totalBytes: Int?) -> Void)? = nil
    ) throws(ReportError) -> Report {
        let descriptors = try validate(request)
        let calendar = try calendar(for: request)
        let run: MetricRun
        do {
            run = try MetricRun.compute(
                source: source, calendar: calendar, requested: RequestedDays(first: request.from, last: request.to),
                workers: workers, progress: progress)
        } catch {
            throw ReportError("\(error)")
        }
        return build(request, descriptors: descriptors, run: run)
    }

    /// Computes the report of a log already read into memory.
    public static func report(_ request: ReportRequest, log: EventLog, workers: Int = 2) throws(ReportError) -> Report {
        let descriptors = try validate(request)
        let run = MetricRun.compute(
            log: log, calendar: try calendar(for: request),
            requested: RequestedDays(first: request.from, last: request.to), workers: workers)
        return build(request, descriptors: descriptors, run: run)
    }

    private static func calendar(for request: ReportRequest) throws(ReportError) -> LocalCalendar {
        guard let calendar = LocalCalendar(identifier: request.timeZone) else {
            throw ReportError("unknown time zone '\(request.timeZone)'; use an IANA name like Asia/Shanghai")
        }
        return calendar
    }

    private static func build(_ request: ReportRequest, descriptors: [MetricDescriptor], run: MetricRun) -> Report {
        let by = Array(Set(request.by)).sorted()
        guard let days = run.days else {
            return Report(
                timeZone: request.timeZone, from: request.from, to: request.to, by: by, metrics: descriptors, rows: [],
                groupTotals: [], total: descriptors.map { ($0.id, $0.isCount ? .integer(0) : .null) }, input: run.input,
                anomalies: run.anomalies)
        }
        let builder = ReportBuilder(
            descriptors: descriptors, tables: run.metrics.tables(in: days), days: days, by: by, symbols: run.symbols,
            roster: request.roster ?? Roster())
        let (rows, total) = builder.build()
        var groupTotals: [Report.Row] = []
        if by.contains(.agent), by.contains(.group) {
            var byGroup = builder
            byGroup.by = by.filter { $0 != .agent }
            groupTotals = byGroup.build().rows
        }
        return Report(
            timeZone: request.timeZone, from: days.lowerBound, to: days.upperBound, by: by, metrics: descriptors,
            rows: rows, groupTotals: groupTotals, total: total, input: run.input, anomalies: run.anomalies)
    }

    private static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(1, b.count) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
