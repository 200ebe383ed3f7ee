import Foundation
import Testing

/// `kefu-metrics generate`, through the built binary: deterministic, valid, and explicit or implied
/// transitions giving the same report.
@Suite("generate")
struct GenerateCommandTests {
    static let types: Set<String> = [
        "open_service", "customer_message", "bot_enter", "transfer_to_human", "queue_enter", "queue_leave",
        "reception_enter", "agent_message", "auto_reply", "reception_end", "transfer", "rating_invite", "rating",
        "agent_status",
    ]

    @Test("The same seed gives the same bytes; another seed another log")
    func deterministic() throws {
        let arguments = ["--seed", "42", "--customers", "300", "--days", "3"]
        let one = try Fixtures.generated(arguments)
        let two = try Fixtures.generated(arguments)
        #expect(!one.isEmpty)
        #expect(one == two)
        let other = try Fixtures.generated(["--seed", "43", "--customers", "300", "--days", "3"])
        #expect(one != other)
    }

    @Test("Without --bad-lines every line is a valid event: unique ids, sorted ts, every type")
    func validLines() throws {
        let log = try Fixtures.generated(["--seed", "5", "--customers", "600", "--days", "4", "--start", "2027-01-30"])
        var ids = Set<String>()
        var types = Set<String>()
        var previous = ""
        var days = Set<Substring>()
        for line in log.split(separator: UInt8(ascii: "\n")) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
            let id = try #require(object["id"] as? String)
            let ts = try #require(object["ts"] as? String)
            let type = try #require(object["type"] as? String)
            #expect(ids.insert(id).inserted, "repeated id \(id)")
            #expect(ts.count == 25 && ts.hasSuffix("+08:00"), "\(ts)")
            #expect(ts >= previous, "\(ts) after \(previous)")
            previous = ts
            types.insert(type)
            days.insert(ts.prefix(10))
            if type == "agent_status" {
                #expect(object["agent"] is String)
                #expect(object["work"] != nil || object["connection"] != nil)
            } else {
                #expect(object["product"] is String && object["customer"] is String, "\(object)")
            }
        }
        #expect(types == Self.types)
        #expect(days == ["2027-01-30", "2027-01-31", "2027-02-01", "2027-02-02"])
        let report = try CLI.reportJSON(events: String(decoding: log, as: UTF8.self))
        let input = try #require(report["input"] as? [String: Any])
        #expect(input["rejected"] as? Int == 0)
        #expect(input["duplicates"] as? Int == 0)
        #expect(input["applied"] as? Int == ids.count)
        #expect((input["anomalies"] as? [String: Any])?.isEmpty == true)
    }

    @Test("--explicit and implied logs of a seed give the same report; only the line counts differ")
    func explicitMatchesImplied() throws {
        let arguments = ["--seed", "11", "--customers", "500", "--days", "3", "--agents", "4"]
        let implied = try Fixtures.generated(arguments)
        let explicit = try Fixtures.generated(arguments + ["--explicit"])
        #expect(explicit.count > implied.count)
        let impliedText = String(decoding: implied, as: UTF8.self)
        let explicitText = String(decoding: explicit, as: UTF8.self)
        #expect(!impliedText.contains("\"mode\":\"manual\""), "implied logs leave manual pick-ups to the reply")
        #expect(explicitText.contains("\"mode\":\"manual\""))
        #expect(explicitText.contains("\"by\":\"agent\""))
        for by in [[], ["--by", "day,product,agent"]] {
            let one = try CLI.reportJSON(events: impliedText, by)
            let two = try CLI.reportJSON(events: explicitText, by)
            #expect(NSArray(array: one["rows"] as? [Any] ?? []) == NSArray(array: two["rows"] as? [Any] ?? []))
            #expect(NSDictionary(dictionary: one["total"] as? [String: Any] ?? [:]) == NSDictionary(dictionary: two["total"] as? [String: Any] ?? [:]))
            let linesOne = (one["input"] as? [String: Any])?["lines"] as? Int ?? 0
            let linesTwo = (two["input"] as? [String: Any])?["lines"] as? Int ?? 0
            #expect(linesTwo > linesOne)
        }
        let total = try #require(CLI.reportJSON(events: impliedText)["total"] as? [String: Any])
        #expect((total["transfers_to_human"] as? Int ?? 0) > 0)
        #expect((total["received_customers"] as? Int ?? 0) > 0)
    }

    @Test("--bad-lines adds rejected and repeated lines and leaves the report of the events alone")
    func badLines() throws {
        let arguments = ["--seed", "3", "--customers", "400", "--days", "2"]
        let clean = String(decoding: try Fixtures.generated(arguments), as: UTF8.self)
        let messy = String(decoding: try Fixtures.generated(arguments + ["--bad-lines", "0.02"]), as: UTF8.self)
        let one = try CLI.reportJSON(events: clean, ["--by", "day,agent"])
        let two = try CLI.reportJSON(events: messy, ["--by", "day,agent"])
        #expect(NSArray(array: one["rows"] as? [Any] ?? []) == NSArray(array: two["rows"] as? [Any] ?? []))
        #expect(NSDictionary(dictionary: one["total"] as? [String: Any] ?? [:]) == NSDictionary(dictionary: two["total"] as? [String: Any] ?? [:]))
        let input = try #require(two["input"] as? [String: Any])
        let rejected = try #require(input["rejected"] as? Int)
        let duplicates = try #require(input["duplicates"] as? Int)
        let applied = try #require(input["applied"] as? Int)
        #expect(rejected > 0 && duplicates > 0)
        #expect(applied == (one["input"] as? [String: Any])?["applied"] as? Int)
        let fraction = Double(rejected) / Double(applied)
        #expect(fraction > 0.01 && fraction < 0.03, "\(fraction)")
        let reasons = (input["errors"] as? [[String: Any]] ?? []).compactMap { $0["reason"] as? String }
        #expect(reasons.count == 20)
    }

    @Test("--out writes the file, --roster the agents' groups")
    func outAndRoster() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let out = scratch.file("log.jsonl").path
        let roster = scratch.file("roster.csv").path
        let arguments = ["generate", "--seed", "9", "--customers", "50", "--days", "1", "--agents", "5"]
        let result = try CLI.run(arguments + ["--out", out, "--roster", roster])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Fixtures.generated(Array(arguments.dropFirst())))
        let csv = try String(contentsOfFile: roster, encoding: .utf8)
        #expect(csv == "agent,group\na01,售前\na02,售前\na03,售前\na04,售后\na05,售后\n")
        let json = try CLI.run(["report", "--events", out, "--by", "group", "--roster", roster, "--format", "json"]).json()
        #expect((json["rows"] as? [[String: Any]])?.compactMap { $0["group"] as? String } == ["售前", "售后"])
    }

    @Test("The embedded sample is the documented generate command's output")
    func sampleIsFresh() throws {
        let resources = CLI.packageRoot.appendingPathComponent("Sources/KefuReport/Resources")
        let sample = try Data(contentsOf: resources.appendingPathComponent("sample.jsonl"))
        #expect(sample == (try Fixtures.generated(["--seed", "7", "--customers", "400", "--days", "7", "--bad-lines", "0.001"])))
        #expect(sample.count < 1_000_000)
        let roster = try String(contentsOf: resources.appendingPathComponent("sample-roster.csv"), encoding: .utf8)
        #expect(roster == "agent,group\na01,售前\na02,售前\na03,售前\na04,售后\na05,售后\na06,售后\n")
    }

    @Test("The sample week reads as a real shop: plausible values, conversations over midnight")
    func sampleIsPlausible() throws {
        let json = try CLI.run(["report", "--by", "day", "--format", "json"]).json()
        let total = try #require(json["total"] as? [String: Any])
        let queue = try #require(total["avg_queue_time"] as? Double)
        #expect(queue > 30 && queue < 1800, "queue waits are minutes")
        #expect(try #require(total["max_queue_time"] as? Double) <= 1800)
        let firstResponse = try #require(total["avg_first_response_time"] as? Double)
        #expect(firstResponse > 5 && firstResponse < 600)
        let rate = try #require(total["rating_rate"] as? Double)
        #expect(rate > 0.2 && rate < 1)
        let satisfaction = try #require(total["avg_satisfaction"] as? Double)
        #expect(satisfaction > 2 && satisfaction < 5)
        #expect(try #require(total["online_agents"] as? Int) > 0)
        let rows = try #require(json["rows"] as? [[String: Any]])
        #expect(rows.count == 7)
        let input = try #require(json["input"] as? [String: Any])
        let anomalies = (input["anomalies"] as? [String: Int] ?? [:]).values.reduce(0, +)
        #expect(anomalies <= 5)
        let sample = try String(
            contentsOf: CLI.packageRoot.appendingPathComponent("Sources/KefuReport/Resources/sample.jsonl"), encoding: .utf8)
        #expect(sample.contains(/T00:[0-2]\d:\d\d\+08:00","type":"agent_message"/), "agents answer after midnight")
    }

    @Test("generate --help lists every option with examples", arguments: [["generate", "--help"], ["generate", "-h"]])
    func help(_ arguments: [String]) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 0)
        for option in [
            "--seed", "--customers", "--days", "--start", "--products", "--agents", "--explicit", "--bad-lines", "--out",
            "--roster",
        ] {
            #expect(result.text.contains(option), "\(option) missing from generate --help")
        }
        #expect(result.text.contains("examples:\n  kefu-metrics generate --seed"))
    }

    @Test(
        "Unusable arguments give a one-line error and a non-zero exit",
        arguments: [
            ["generate"],
            ["generate", "--customers", "10", "--days", "1"],
            ["generate", "--seed", "-1", "--customers", "10", "--days", "1"],
            ["generate", "--seed", "1", "--customers", "zero", "--days", "1"],
            ["generate", "--seed", "1", "--customers", "10", "--days", "0"],
            ["generate", "--seed", "1", "--customers", "10", "--days", "1", "--start", "2026-02-30"],
            ["generate", "--seed", "1", "--customers", "10", "--days", "1", "--bad-lines", "2"],
            ["generate", "--seed", "1", "--customers", "10", "--days", "1", "--agents", "0"],
            ["generate", "--seed", "1", "--customers", "10", "--days", "1", "--products", "100"],
            ["generate", "--seed", "1", "--customers", "10", "--days", "1", "--out", "/nonexistent/kefu/out.jsonl"],
            ["generate", "--seed", "1", "--customers", "10", "--days", "1", "--roster", "/nonexistent/kefu/r.csv"],
            ["generate", "--seed", "1", "--customers", "10", "--days", "1", "--colour"],
            ["generate", "--seed"],
        ])
    func unusable(_ arguments: [String]) throws {
        expectOneLineError(try CLI.run(arguments), arguments)
    }
}
