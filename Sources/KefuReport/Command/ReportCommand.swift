import KefuMetrics
import Foundation
import KefuRuntime

/// `kefu-metrics report`: parses the command line of the report contract and prints the report.
public enum ReportCommand {
    public static let help = """
        usage: kefu-metrics report [--events FILE|-] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--tz ZONE]
                                   [--by KEY,...] [--roster FILE] [--metrics ID,...] [--view NAME]
                                   [--format table|csv|json]

        Computes the customer-service indicators of an event log (JSON Lines, optionally gzip).

        options:
          --events FILE   the event log; '-' reads standard input; default: the embedded sample week
          --from DAY      first local day (inclusive); default: the first day with events
          --to DAY        last local day (inclusive); default: the last day with events
          --tz ZONE       IANA time zone that places events in days; default Asia/Shanghai
          --by KEYS       split rows by day, product, agent and/or group (group needs --roster)
          --roster FILE   CSV with the header agent,group
          --metrics IDS   metric ids to show; default all (see Generated/CATALOG.md)
          --view NAME     overview (per product), workload or quality (per agent): sets --by and --metrics
          --format FMT    table (default), csv or json

        examples:
          kefu-metrics report
          kefu-metrics report --view workload
          kefu-metrics report --events log.jsonl.gz --from 2026-12-01 --to 2026-12-07 --by day,agent --format json
          zcat log.jsonl.gz | kefu-metrics report --events - --metrics consulting_customers,avg_queue_time
        """

    public enum Format: String, Sendable {
        case table
        case csv
        case json
    }

    /// Parsed arguments.
    public struct Options: Sendable {
        public var events: String?
        public var request = ReportRequest()
        public var rosterPath: String?
        public var format: Format = .table
        public var help = false
    }

    public static func parse(_ arguments: [String]) throws(ReportError) -> Options {
        var options = Options()
        var index = 0
        var explicitBy = false
        var explicitMetrics = false
        var view: ReportView?
        func value(_ name: String) throws(ReportError) -> String {
            index += 1
            guard index < arguments.count else { throw ReportError("\(name) needs a value (see kefu-metrics report --help)") }
            return arguments[index]
        }
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "--events": options.events = try value(argument)
            case "--from": options.request.from = try day(try value(argument), argument)
            case "--to": options.request.to = try day(try value(argument), argument)
            case "--tz": options.request.timeZone = try value(argument)
            case "--by":
                explicitBy = true
                options.request.by = try list(try value(argument)).map { (key: String) throws(ReportError) -> Dimension in
                    guard let dimension = Dimension(rawValue: key) else {
                        throw ReportError("--by: unknown key '\(key)'; use day, product, agent or group")
                    }
                    return dimension
                }
            case "--roster": options.rosterPath = try value(argument)
            case "--metrics":
                explicitMetrics = true
                options.request.metrics = try list(try value(argument))
            case "--view":
                let name = try value(argument)
                guard let named = ReportView(rawValue: name) else {
                    throw ReportError("--view: unknown view '\(name)'; use overview, workload or quality")
                }
                view = named
            case "--format":
                let name = try value(argument)
                guard let format = Format(rawValue: name) else {
                    throw ReportError("--format: unknown format '\(name)'; use table, csv or json")
                }
                options.format = format
            case "--help", "-h": options.help = true
            default: throw ReportError("unknown option '\(argument)' (see kefu-metrics report --help)")
            }
            index += 1
        }
        if let view {
            if !explicitBy { options.request.by = view.by }
            if !explicitMetrics { options.request.metrics = view.metrics }
        }
        if let from = options.request.from, let to = options.request.to, from > to {
            throw ReportError("--from \(from) is after --to \(to)")
        }
        return options
    }

    private static func day(_ text: String, _ option: String) throws(ReportError) -> Day {
        guard let day = Day(iso: text) else { throw ReportError("\(option): '\(text)' is not a date like 2026-12-01") }
        return day
    }

    private static func list(_ text: String) throws(ReportError) -> [String] {
        let items = text.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !items.isEmpty else { throw ReportError("an empty list: give comma-separated values") }
        return items
    }

    /// Runs the command; returns the text to print, or throws a one-line error.
    public static func run(_ arguments: [String]) throws -> String {
        var options = try parse(arguments)
        if options.help { return help + "\n" }
        if let rosterPath = options.rosterPath {
            options.request.roster = try Roster(csv: try readText(rosterPath), path: rosterPath)
        } else if options.events == nil, options.request.by.contains(.group) {
            options.request.roster = try Roster(csv: SampleData.roster(), path: "sample roster")
        }
        _ = try ReportGenerator.validate(options.request)
        let source: LogSource = try options.events.map { .path($0) } ?? .bytes(SampleData.events())
        let clock = ContinuousClock()
        let started = clock.now
        let report = try ReportGenerator.report(options.request, source: source, progress: ProgressLine.reporter())
        ProgressLine.clear()
        if ProcessInfo.processInfo.environment["KEFU_TIMING"] != nil {
            FileHandle.standardError.write(Data("timing: \(clock.now - started)\n".utf8))
        }
        switch options.format {
        case .json: return JSONReportWriter.write(report)
        case .csv: return CSVReportWriter.write(report)
        case .table: return TableReportWriter.write(report)
        }
    }

    static func readText(_ path: String) throws(ReportError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReportError("cannot read \"\(path)\": no such file or not readable")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
