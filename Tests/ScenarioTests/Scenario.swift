import Foundation
import Testing

/// A golden scenario: an event log, the report arguments, and the values an analyst derived by hand
/// from the indicator rules.
///
/// The file format (`Scenarios/*.scenario`):
///
///     scenario: a one-line name
///     checks: which rules the scenario pins, in a sentence
///     report: --by agent --from 2026-12-01        (kefu-metrics report arguments; optional)
///
///     events:
///     {"ts": "2026-12-01T09:00:00+08:00", "type": "customer_message", "product": "p1", "customer": "c1"}
///
///     roster:                                      (optional, for --by group)
///     agent,group
///
///     expect total:
///     consulting_customers = 1      # the rule this value checks
///
///     expect agent=a1:
///     received_customers = 1
///     avg_queue_time = null         # null: no value; absent: not in the row
///
///     expect input:                 (lines, applied, rejected, duplicates)
///     expect anomalies:             (anomaly kinds)
///     expect no row agent=a2:       (no such row)
///
/// Lines starting with `#` are comments, except inside `events:`, where every line is log input.
struct Scenario: Sendable, CustomTestStringConvertible {
    enum Section: Sendable, Equatable {
        case total
        case row([String: String])
        case noRow([String: String])
        case input
        case anomalies
    }

    struct Expectation: Sendable {
        let section: Section
        let metric: String
        /// nil means `null`; `absent` is kept apart.
        let value: Double?
        let absent: Bool
        let rule: String
        let line: Int
    }

    let file: String
    let name: String
    let checks: String
    let arguments: [String]
    let events: [UInt8]
    let roster: String?
    let expectations: [Expectation]

    var testDescription: String { file }

    struct FormatError: Error, CustomStringConvertible {
        let description: String
    }

    init(file: String, text: String) throws {
        self.file = file
        var name = ""
        var checks = ""
        var arguments: [String] = []
        var events: [String] = []
        var roster: [String] = []
        var expectations: [Expectation] = []
        var mode = "header"
        var section: Section = .total
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if mode == "events", !line.hasSuffix(":") || line.hasPrefix("{") {
                if !line.isEmpty { events.append(String(rawLine)) }
                continue
            }
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line == "events:" {
                mode = "events"
                continue
            }
            if line == "roster:" {
                mode = "roster"
                continue
            }
            if line.hasPrefix("expect "), line.hasSuffix(":") {
                mode = "expect"
                section = try Self.section(String(line.dropFirst(7).dropLast()), file: file, line: number)
                continue
            }
            switch mode {
            case "header":
                let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2 else { throw FormatError(description: "\(file):\(number): expected 'key: value'") }
                switch parts[0] {
                case "scenario": name = parts[1]
                case "checks": checks = parts[1]
                case "report": arguments = parts[1].split(separator: " ").map(String.init)
                default: throw FormatError(description: "\(file):\(number): unknown header '\(parts[0])'")
                }
            case "roster":
                roster.append(line)
            case "expect":
                expectations.append(try Self.expectation(line, section: section, file: file, line: number))
            default:
                throw FormatError(description: "\(file):\(number): unexpected line")
            }
        }
        guard !name.isEmpty, !checks.isEmpty else {
            throw FormatError(description: "\(file): a scenario needs 'scenario:' and 'checks:' lines")
        }
        guard !expectations.isEmpty else { throw FormatError(description: "\(file): a scenario needs expectations") }
        self.name = name
        self.checks = checks
        self.arguments = arguments
        self.events = Array((events.joined(separator: "\n") + "\n").utf8)
        self.roster = roster.isEmpty ? nil : roster.joined(separator: "\n")
        self.expectations = expectations
    }

    private static func section(_ text: String, file: String, line: Int) throws -> Section {
        switch text {
        case "total": return .total
        case "input": return .input
        case "anomalies": return .anomalies
        default:
            let negated = text.hasPrefix("no row ")
            let body = negated ? String(text.dropFirst(7)) : text
            var keys: [String: String] = [:]
            for pair in body.split(separator: " ") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                guard parts.count == 2 else {
                    throw FormatError(description: "\(file):\(line): expected 'expect KEY=VALUE …:', found '\(pair)'")
                }
                keys[parts[0]] = parts[1].replacing("\"", with: "")
            }
            return negated ? .noRow(keys) : .row(keys)
        }
    }

    private static func expectation(_ text: String, section: Section, file: String, line: Int) throws -> Expectation {
        let (body, rule) =
            text.firstRange(of: "#").map {
                (String(text[..<$0.lowerBound]), text[$0.upperBound...].trimmingCharacters(in: .whitespaces))
            } ?? (text, "")
        let parts = body.split(separator: "=").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2 else { throw FormatError(description: "\(file):\(line): expected 'metric = value'") }
        switch parts[1] {
        case "null": return Expectation(section: section, metric: parts[0], value: nil, absent: false, rule: rule, line: line)
        case "absent": return Expectation(section: section, metric: parts[0], value: nil, absent: true, rule: rule, line: line)
        default:
            guard let value = Double(parts[1]) else {
                throw FormatError(description: "\(file):\(line): '\(parts[1])' is not a number, null or absent")
            }
            return Expectation(section: section, metric: parts[0], value: value, absent: false, rule: rule, line: line)
        }
    }

    /// Every scenario in the package's Scenarios folder.
    static func all() -> [Scenario] {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appending(path: "Scenarios")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".scenario") }.sorted()
        return names.map { name in
            let text = (try? String(contentsOf: folder.appending(path: name), encoding: .utf8)) ?? ""
            do {
                return try Scenario(file: name, text: text)
            } catch {
                return Scenario(invalid: name, reason: "\(error)")
            }
        }
    }

    /// A scenario file that could not be read: running it fails with the reason.
    private init(invalid file: String, reason: String) {
        self.file = file
        name = file
        checks = reason
        arguments = []
        events = []
        roster = nil
        expectations = []
    }

    var isInvalid: Bool { expectations.isEmpty }
}
