import KefuReport
import KefuRuntime
import Testing

/// Runs every golden scenario in Scenarios/ through the real report engine and compares each value
/// with the one derived by hand from the indicator rules.
@Suite struct ScenarioTests {
    @Test("Golden scenario", arguments: Scenario.all())
    func scenario(_ scenario: Scenario) throws {
        #expect(!scenario.isInvalid, "\(scenario.file): \(scenario.checks)")
        guard !scenario.isInvalid else { return }
        var options = try ReportCommand.parse(scenario.arguments)
        if let roster = scenario.roster {
            options.request.roster = try Roster(csv: roster, path: scenario.file)
        }
        let report = try ReportGenerator.report(options.request, source: .bytes(scenario.events))
        for expectation in scenario.expectations {
            check(expectation, in: report, scenario: scenario)
        }
    }

    /// The report must give the same result whether one worker or several computed it, and whether
    /// the log was streamed or read whole first.
    @Test("Golden scenario, any number of workers", arguments: Scenario.all())
    func scenarioSingleWorker(_ scenario: Scenario) throws {
        guard !scenario.isInvalid else { return }
        var options = try ReportCommand.parse(scenario.arguments)
        if let roster = scenario.roster {
            options.request.roster = try Roster(csv: roster, path: scenario.file)
        }
        let source = LogSource.bytes(scenario.events)
        let one = JSONReportWriter.write(try ReportGenerator.report(options.request, source: source, workers: 1))
        let two = JSONReportWriter.write(try ReportGenerator.report(options.request, source: source, workers: 2))
        let three = JSONReportWriter.write(try ReportGenerator.report(options.request, source: source, workers: 3))
        let whole = JSONReportWriter.write(
            try ReportGenerator.report(options.request, log: EventLogReader.read(bytes: scenario.events), workers: 2))
        #expect(one == two, "\(scenario.file): one and two workers disagree")
        #expect(one == three, "\(scenario.file): one and three workers disagree")
        #expect(one == whole, "\(scenario.file): streaming and reading the whole log first disagree")
    }

    private func check(_ expectation: Scenario.Expectation, in report: Report, scenario: Scenario) {
        let place = "\(scenario.file):\(expectation.line)"
        let why = expectation.rule.isEmpty ? scenario.checks : expectation.rule
        func expectValue(_ actual: MetricValue?, in what: String) {
            if expectation.absent {
                #expect(actual == nil, "\(place): \(what): \(expectation.metric) should be absent, got \(describe(actual)). Rule: \(why)")
                return
            }
            guard let actual else {
                Issue.record("\(place): \(what): \(expectation.metric) is absent, expected \(describe(expectation.value)). Rule: \(why)")
                return
            }
            let matches: Bool =
                switch (expectation.value, actual.doubleValue) {
                case (nil, nil): true
                case (let e?, let a?): abs(e - a) <= 1e-6 * max(1, abs(e))
                default: false
                }
            #expect(matches, "\(place): \(what): \(expectation.metric) expected \(describe(expectation.value)), got \(describe(actual)). Rule: \(why)")
        }
        switch expectation.section {
        case .total:
            guard report.total.contains(where: { $0.id == expectation.metric }) || expectation.absent else {
                Issue.record("\(place): unknown metric '\(expectation.metric)'")
                return
            }
            expectValue(report.total.first { $0.id == expectation.metric }?.value, in: "total")
        case .row(let keys):
            let label = keys.keys.sorted().map { "\($0)=\(keys[$0]!)" }.joined(separator: " ")
            guard let row = row(keys, in: report) else {
                let rows = report.rows.map { $0.keys.joined(separator: "/") }.joined(separator: ", ")
                Issue.record("\(place): no row \(label) (rows: \(rows.isEmpty ? "none" : rows)). Rule: \(why)")
                return
            }
            expectValue(row.values.first { $0.id == expectation.metric }?.value, in: "row \(label)")
        case .noRow(let keys):
            let label = keys.keys.sorted().map { "\($0)=\(keys[$0]!)" }.joined(separator: " ")
            #expect(row(keys, in: report) == nil, "\(place): row \(label) should not exist. Rule: \(why)")
        case .input:
            let input = report.input
            let values = ["lines": input.lines, "applied": input.applied, "rejected": input.rejected, "duplicates": input.duplicates]
            expectValue(values[expectation.metric].map { .integer(Int64($0)) }, in: "input")
        case .anomalies:
            expectValue(.integer(Int64(report.anomalies[expectation.metric] ?? 0)), in: "anomalies")
        }
    }

    private func row(_ keys: [String: String], in report: Report) -> Report.Row? {
        guard Set(keys.keys) == Set(report.by.map(\.rawValue)) else { return nil }
        return report.rows.first { row in
            zip(report.by, row.keys).allSatisfy { keys[$0.rawValue] == $1 }
        }
    }

    private func describe(_ value: MetricValue?) -> String {
        guard let value else { return "absent" }
        return value.doubleValue.map { "\($0)" } ?? "null"
    }

    private func describe(_ value: Double?) -> String {
        value.map { "\($0)" } ?? "null"
    }
}
