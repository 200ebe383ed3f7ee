import Foundation
import Testing

/// `report`'s options other than the JSON shape: groups, help, and how it refuses what it cannot use.
@Suite("report options")
struct ReportOptionsTests {
    @Test("--by group with --roster: groups from the roster, \"\" for an agent missing from it")
    func groups() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let roster = try scratch.write("roster.csv", Fixtures.roster)
        let json = try CLI.reportJSON(
            events: Fixtures.threeDays + Fixtures.thirdAgent, ["--by", "group", "--roster", roster])
        #expect(json["by"] as? [String] == ["group"])
        let rows = try #require(json["rows"] as? [[String: Any]])
        #expect(rows.map { $0["group"] as? String } == ["", "售前", "售后"])
        let received = rows.map { ($0["metrics"] as? [String: Any])?["received_customers"] as? Int }
        #expect(received == [1, 1, 1])

        let byAgent = try CLI.reportJSON(
            events: Fixtures.threeDays + Fixtures.thirdAgent, ["--by", "agent,group", "--roster", roster])
        let pairs = try #require(byAgent["rows"] as? [[String: Any]]).map { "\($0["agent"] ?? "?")/\($0["group"] ?? "?")" }
        #expect(pairs == ["a1/售前", "a2/售后", "a3/"])
    }

    @Test("The embedded sample comes with its roster: --view workload splits by agent and group")
    func sampleWorkload() throws {
        let result = try CLI.run(["report", "--view", "workload", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        #expect(json["by"] as? [String] == ["agent", "group"])
        let rows = try #require(json["rows"] as? [[String: Any]])
        #expect(Set(rows.compactMap { $0["group"] as? String }) == ["售前", "售后"])
    }

    @Test("--help lists every option", arguments: [["report", "--help"], ["report", "-h"]])
    func help(_ arguments: [String]) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 0)
        for option in ["--events", "--from", "--to", "--tz", "--by", "--roster", "--metrics", "--view", "--format"] {
            #expect(result.text.contains(option), "\(option) missing from report --help")
        }
        #expect(result.text.contains("examples"))
    }

    @Test("kefu-metrics --help names both commands")
    func toolHelp() throws {
        let result = try CLI.run(["--help"])
        #expect(result.status == 0)
        #expect(result.text.contains("kefu-metrics report"))
        #expect(result.text.contains("kefu-metrics generate"))
    }

    @Test(
        "Unusable arguments give a one-line error on standard error and a non-zero exit",
        arguments: [
            ["report", "--by", "week"],
            ["report", "--format", "xml"],
            ["report", "--from", "2026-13-01"],
            ["report", "--from", "2026-12-05", "--to", "2026-12-01"],
            ["report", "--metrics", "consulting_customer"],
            ["report", "--metrics", ","],
            ["report", "--view", "nope"],
            ["report", "--tz", "Mars/Olympus_Mons"],
            ["report", "--bogus"],
            ["report", "--events"],
            ["report", "--events", "/nonexistent/kefu/log.jsonl"],
            ["report", "--roster", "/nonexistent/kefu/roster.csv", "--by", "group"],
            ["frobnicate"],
        ])
    func unusable(_ arguments: [String]) throws {
        let result = try CLI.run(arguments)
        expectOneLineError(result, arguments)
    }

    @Test("--by group with a log but no roster is refused")
    func groupNeedsRoster() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try scratch.write("log.jsonl", Fixtures.threeDays)
        let result = try CLI.run(["report", "--events", path, "--by", "group"])
        expectOneLineError(result, ["--by group"])
        #expect(result.stderr.contains("--roster"))
    }

    @Test("Unreadable files: a folder, a roster without its header, corrupt gzip")
    func unreadableFiles() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let log = try scratch.write("log.jsonl", Fixtures.threeDays)
        let badRoster = try scratch.write("roster.csv", "name,team\na1,x\n")
        let corrupt = try scratch.write("log.gz", Data([0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0, 0xFF, 0xDE, 0xAD, 0xBE, 0xEF]))
        for arguments in [
            ["report", "--events", scratch.url.path],
            ["report", "--events", log, "--by", "group", "--roster", badRoster],
            ["report", "--events", corrupt],
        ] {
            expectOneLineError(try CLI.run(arguments), arguments)
        }
    }

    @Test("A metric id close to a real one gets a suggestion")
    func suggestion() throws {
        let result = try CLI.run(["report", "--metrics", "avg_queue_tim"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("avg_queue_time"))
    }
}

/// The command failed with exactly one line on standard error and nothing on standard output.
func expectOneLineError(
    _ result: CLI.Result, _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(result.status != 0, "\(arguments) succeeded", sourceLocation: sourceLocation)
    let message = result.stderr.hasSuffix("\n") ? String(result.stderr.dropLast()) : result.stderr
    #expect(!message.isEmpty, "\(arguments): no message", sourceLocation: sourceLocation)
    #expect(!message.contains("\n"), "\(arguments): more than one line: \(result.stderr)", sourceLocation: sourceLocation)
    #expect(result.stdout.isEmpty, "\(arguments) printed to standard output", sourceLocation: sourceLocation)
}
