import Foundation
import Testing

/// The JSON output of `kefu-metrics report` against REPORT.md, through the built binary.
@Suite("report --format json")
struct ReportJSONContractTests {
    @Test("Top-level fields, their types and the input section")
    func topLevelShape() throws {
        let json = try CLI.reportJSON(events: Fixtures.threeDays, ["--by", "agent"])
        #expect(Set(json.keys) == ["timezone", "from", "to", "by", "rows", "total", "input"])
        #expect(json["timezone"] as? String == "Asia/Shanghai")
        #expect(json["from"] as? String == "2026-12-01")
        #expect(json["to"] as? String == "2026-12-03")
        #expect(json["by"] as? [String] == ["agent"])
        let rows = try #require(json["rows"] as? [[String: Any]])
        for row in rows {
            #expect(Set(row.keys) == ["agent", "metrics"])
            #expect(row["agent"] is String)
            let metrics = try #require(row["metrics"] as? [String: Any])
            for (id, value) in metrics {
                #expect(value is NSNull || value is NSNumber, "\(id) is not a number or null")
            }
        }
        let total = try #require(json["total"] as? [String: Any])
        #expect(Set(total.keys) == Fixtures.metricIDs)
        for (id, value) in total {
            #expect(value is NSNull || value is NSNumber, "\(id) is not a number or null")
        }
        let input = try #require(json["input"] as? [String: Any])
        #expect(Set(input.keys) == ["lines", "applied", "rejected", "duplicates", "errors", "anomalies"])
        #expect(input["lines"] as? Int == 18)
        #expect(input["applied"] as? Int == 18)
        #expect(input["rejected"] as? Int == 0)
        #expect(input["duplicates"] as? Int == 0)
        #expect((input["errors"] as? [Any])?.isEmpty == true)
        #expect((input["anomalies"] as? [String: Any])?.isEmpty == true)
    }

    @Test("Counts are integers; averages, maxima and rates are numbers or null")
    func numberForms() throws {
        let result = try CLI.run(["report", "--format", "json"])
        #expect(result.status == 0)
        let text = result.text
        for id in Fixtures.metricIDs {
            let pattern = Fixtures.averageIDs.contains(id) ? #"(null|-?\d+\.\d+(e-?\d+)?)"# : #"-?\d+"#
            let regex = try Regex("\"\(id)\": \(pattern)[,}]")
            #expect(text.contains(regex), "\(id) is not written as a \(Fixtures.averageIDs.contains(id) ? "number" : "count")")
        }
    }

    @Test("Hand-computed totals of a small log")
    func totals() throws {
        let json = try CLI.reportJSON(events: Fixtures.threeDays)
        let total = try #require(json["total"] as? [String: Any])
        #expect(total["consulting_customers"] as? Int == 3)
        #expect(total["received_customers"] as? Int == 2)
        #expect(total["queue_entries"] as? Int == 2)
        #expect(total["avg_queue_time"] as? Double == 120)
        #expect(total["avg_first_response_time"] as? Double == 30)
        #expect(total["ratings"] as? Int == 1)
        #expect(total["rating_rate"] as? Double == 1)
        #expect(total["online_agents"] as? Int == 1)
        #expect((json["rows"] as? [Any])?.isEmpty == true, "no rows without --by")
        #expect(json["by"] as? [String] == [])
    }

    @Test("An average with nothing to divide by is null, not 0")
    func nullAverages() throws {
        let json = try CLI.reportJSON(
            events: Fixtures.threeDays,
            ["--from", "2026-12-02", "--to", "2026-12-02", "--metrics", "avg_first_response_time,rating_rate,consulting_customers"])
        let total = try #require(json["total"] as? [String: Any])
        #expect(total["avg_first_response_time"] is NSNull)
        #expect(total["rating_rate"] is NSNull)
        #expect(total["consulting_customers"] as? Int == 1)
    }

    @Test("by echoes the fixed order day, product, agent, group whatever order is given", arguments: [
        ("product,day", ["day", "product"]),
        ("agent,product,day", ["day", "product", "agent"]),
        ("group,agent", ["agent", "group"]),
        ("agent, day", ["day", "agent"]),
    ])
    func byOrder(_ given: String, _ expected: [String]) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let roster = try scratch.write("roster.csv", Fixtures.roster)
        let json = try CLI.reportJSON(events: Fixtures.threeDays, ["--by", given, "--roster", roster])
        #expect(json["by"] as? [String] == expected)
        let rows = try #require(json["rows"] as? [[String: Any]])
        #expect(!rows.isEmpty)
        for row in rows {
            #expect(Set(row.keys) == Set(expected + ["metrics"]))
        }
    }

    @Test("The same split given in another order gives the same bytes")
    func byOrderBytes() throws {
        let one = try CLI.run(["report", "--by", "agent,day,product", "--format", "json"])
        let two = try CLI.run(["report", "--by", "day,product,agent", "--format", "json"])
        #expect(one.status == 0 && two.status == 0)
        #expect(one.stdout == two.stdout)
    }

    @Test("Rows are sorted by their keys", arguments: ["day,product,agent", "agent,day", "product", "day"])
    func rowsSorted(_ by: String) throws {
        let result = try CLI.run(["report", "--by", by, "--format", "json"])
        #expect(result.status == 0)
        let json = try result.json()
        let keys = try #require(json["by"] as? [String])
        let rows = try #require(json["rows"] as? [[String: Any]])
        #expect(rows.count > 1)
        let tuples = rows.map { row in keys.map { row[$0] as? String ?? "" } }
        for (earlier, later) in zip(tuples, tuples.dropFirst()) {
            #expect(earlier.lexicographicallyPrecedes(later), "\(earlier) is not before \(later)")
        }
    }

    @Test("Product-level metrics are absent from agent rows and present in the total")
    func productMetricsNotInAgentRows() throws {
        let result = try CLI.run(["report", "--by", "agent", "--format", "json"])
        let json = try result.json()
        let rows = try #require(json["rows"] as? [[String: Any]])
        #expect(rows.count == 6, "the sample has six agents")
        for row in rows {
            let metrics = try #require(row["metrics"] as? [String: Any])
            #expect(metrics.keys.filter(Fixtures.productOnlyIDs.contains).isEmpty, "\(row["agent"] ?? "?")")
            #expect(metrics["received_customers"] is NSNumber)
            #expect(metrics["online_agents"] is NSNumber)
        }
        let total = try #require(json["total"] as? [String: Any])
        for id in Fixtures.productOnlyIDs {
            #expect(total[id] is NSNumber, "\(id) missing from the total")
        }
    }

    @Test("Rows keyed by product have no online_agents (split by agent only), the total has it")
    func agentMetricsNotInProductRows() throws {
        let json = try CLI.reportJSON(events: Fixtures.threeDays, ["--by", "product"])
        let rows = try #require(json["rows"] as? [[String: Any]])
        #expect(rows.map { $0["product"] as? String } == ["h5", "shop"])
        for row in rows {
            let metrics = try #require(row["metrics"] as? [String: Any])
            #expect(metrics["online_agents"] == nil)
            #expect(metrics["consulting_customers"] is NSNumber)
        }
        #expect((json["total"] as? [String: Any])?["online_agents"] as? Int == 1)
    }

    @Test("Agent rows sum to the total of a count")
    func rowsAddUp() throws {
        let json = try CLI.run(["report", "--by", "agent", "--format", "json"]).json()
        let rows = try #require(json["rows"] as? [[String: Any]])
        let total = try #require(json["total"] as? [String: Any])
        for id in ["received_customers", "served_customers", "manual_messages", "rating_invites"] {
            let sum = rows.compactMap { ($0["metrics"] as? [String: Any])?[id] as? Int }.reduce(0, +)
            #expect(sum == total[id] as? Int, "\(id)")
        }
    }

    @Test("--metrics selects the metrics of the total and the rows, keeping the given order")
    func metricsSelection() throws {
        let result = try CLI.run([
            "report", "--by", "agent", "--metrics", "served_customers,consulting_customers,avg_queue_time", "--format", "json",
        ])
        #expect(result.status == 0)
        let json = try result.json()
        let total = try #require(json["total"] as? [String: Any])
        #expect(Set(total.keys) == ["served_customers", "consulting_customers", "avg_queue_time"])
        for row in try #require(json["rows"] as? [[String: Any]]) {
            let metrics = try #require(row["metrics"] as? [String: Any])
            #expect(Set(metrics.keys) == ["served_customers", "avg_queue_time"])
        }
        let totalText = try #require(result.text.split(separator: "\n").first { $0.contains("\"total\"") })
        let served = try #require(totalText.range(of: "served_customers"))
        let consulting = try #require(totalText.range(of: "consulting_customers"))
        #expect(served.lowerBound < consulting.lowerBound)
    }

    @Test("--from and --to default to the first and last day with applied events, of any type")
    func dayDefaults() throws {
        let all = try CLI.reportJSON(events: Fixtures.threeDays)
        #expect(all["from"] as? String == "2026-12-01")
        #expect(all["to"] as? String == "2026-12-03", "the last event is an agent_status")
        let fromOnly = try CLI.reportJSON(events: Fixtures.threeDays, ["--from", "2026-12-02"])
        #expect(fromOnly["from"] as? String == "2026-12-02")
        #expect(fromOnly["to"] as? String == "2026-12-03")
        let toOnly = try CLI.reportJSON(events: Fixtures.threeDays, ["--to", "2026-12-01"])
        #expect(toOnly["from"] as? String == "2026-12-01")
        #expect(toOnly["to"] as? String == "2026-12-01")
        let total = try #require(toOnly["total"] as? [String: Any])
        #expect(total["consulting_customers"] as? Int == 2)
        let input = try #require(toOnly["input"] as? [String: Any])
        #expect(input["applied"] as? Int == 18, "applied includes the events after the range")
    }

    @Test("History before --from sets the state but is not counted")
    func history() throws {
        let json = try CLI.reportJSON(events: Fixtures.threeDays, ["--from", "2026-12-02", "--to", "2026-12-02"])
        let total = try #require(json["total"] as? [String: Any])
        #expect(total["consulting_customers"] as? Int == 1)
        #expect(total["new_customers"] as? Int == 1)
        #expect(total["received_customers"] as? Int == 0)
        #expect(total["in_reception_customers"] as? Int == 1, "c7 is still with a2 at the end of 12-02")
    }

    @Test("The same input gives the same bytes")
    func byteStable() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try scratch.write("log.jsonl", Fixtures.threeDays)
        let arguments = ["report", "--events", path, "--by", "day,product,agent", "--format", "json"]
        let first = try CLI.run(arguments)
        let second = try CLI.run(arguments)
        #expect(first.status == 0)
        #expect(first.stdout == second.stdout)
        let sample = try CLI.run(["report", "--by", "day,agent", "--format", "json"])
        let sampleAgain = try CLI.run(["report", "--by", "day,agent", "--format", "json"])
        #expect(sample.stdout == sampleAgain.stdout)
    }
}
