import Foundation
import Testing

/// How `report` reads its input: files, standard input, gzip, and bad lines (EVENTS.md, REPORT.md).
@Suite("report input")
struct ReportInputTests {
    /// 25 bad lines among good ones, with blank lines (which count for line numbers, not for `lines`)
    /// and one repeated id.
    static let messy: String = {
        var lines: [String] = []
        for index in 0..<25 {
            lines.append(
                #"{"id":"g\#(index)","ts":"2026-12-01T09:\#(10 + index):00+08:00","type":"customer_message","product":"shop","customer":"c\#(index)"}"#
            )
            lines.append(index % 5 == 0 ? "" : "   ")
            lines.append(#"{"id":"b\#(index)","ts":"2026-12-01T09:00:00+08:00","type":"customer_typing","product":"shop","customer":"c1"}"#)
        }
        lines.append(#"{"id":"g3","ts":"2026-12-01T11:00:00+08:00","type":"customer_message","product":"shop","customer":"c99"}"#)
        return lines.joined(separator: "\n") + "\n"
    }()

    @Test("lines = applied + rejected + duplicates; at most 20 errors, by 1-based line number")
    func counts() throws {
        let json = try CLI.reportJSON(events: Self.messy)
        let input = try #require(json["input"] as? [String: Any])
        let lines = try #require(input["lines"] as? Int)
        let applied = try #require(input["applied"] as? Int)
        let rejected = try #require(input["rejected"] as? Int)
        let duplicates = try #require(input["duplicates"] as? Int)
        #expect(lines == 51)
        #expect(applied == 25)
        #expect(rejected == 25)
        #expect(duplicates == 1)
        #expect(lines == applied + rejected + duplicates)
        let errors = try #require(input["errors"] as? [[String: Any]])
        #expect(errors.count == 20)
        #expect(errors.compactMap { $0["line"] as? Int } == (0..<20).map { 3 * $0 + 3 })
        for error in errors {
            let reason = try #require(error["reason"] as? String)
            #expect(reason.contains("customer_typing"), "\(reason)")
        }
    }

    @Test("Each kind of bad line is rejected with a reason, and never stops the run")
    func badLineKinds() throws {
        let good = #"{"id":"ok","ts":"2026-12-01T09:00:00+08:00","type":"customer_message","product":"shop","customer":"c1"}"#
        let bad = [
            #"{"id":"x1","ts":"2026-12-01T09:00:00+08:00","type":"customer_mes"#,
            #"{"id":"x2","ts":"2026-12-01T09:00:00+08:00","type":"reception_enter","product":"shop","customer":"c1","mode":"auto"}"#,
            #"{"id":"x3","ts":"2026-12-01 09:00:00+08:00","type":"customer_message","product":"shop","customer":"c1"}"#,
            #"{"id":"x4","ts":"2026-12-01T09:00:00","type":"customer_message","product":"shop","customer":"c1"}"#,
            #"["not","an","object"]"#,
            #"{"id":"x5","ts":"2026-12-01T09:00:00+08:00","type":"rating","product":"shop","customer":"c1","agent":"a1","score":"great"}"#,
        ]
        let json = try CLI.reportJSON(events: ([good] + bad + [good.replacing("\"ok\"", with: "\"ok2\"")]).joined(separator: "\n"))
        let input = try #require(json["input"] as? [String: Any])
        #expect(input["applied"] as? Int == 2)
        #expect(input["rejected"] as? Int == bad.count)
        let errors = try #require(input["errors"] as? [[String: Any]])
        #expect(errors.compactMap { $0["line"] as? Int } == Array(2...(bad.count + 1)))
        #expect(errors.allSatisfy { !(($0["reason"] as? String) ?? "").isEmpty })
    }

    @Test("Impossible events are counted as anomalies by kind")
    func anomalies() throws {
        let log = """
            {"ts":"2026-12-01T09:00:00+08:00","type":"reception_end","product":"shop","customer":"c1","agent":"a1"}
            {"ts":"2026-12-01T09:01:00+08:00","type":"rating","product":"shop","customer":"c1","agent":"a1","score":"neutral"}
            {"ts":"2026-12-01T09:02:00+08:00","type":"queue_leave","product":"shop","customer":"c2"}
            {"ts":"2026-12-01T09:03:00+08:00","type":"queue_leave","product":"shop","customer":"c3"}
            """
        let json = try CLI.reportJSON(events: log)
        let input = try #require(json["input"] as? [String: Any])
        let anomalies = try #require(input["anomalies"] as? [String: Int])
        #expect(
            anomalies == ["reception_end_not_holder": 1, "rating_without_invitation": 1, "queue_leave_not_queued": 2])
        #expect(input["applied"] as? Int == 4, "impossible events are applied (and counted), not rejected")
        #expect((json["total"] as? [String: Any])?["ratings"] as? Int == 0)
    }

    @Test("'-' reads standard input, with the same report as the file")
    func standardInput() throws {
        let fromFile = try CLI.reportJSON(events: Fixtures.threeDays, ["--by", "day"])
        let fromStdin = try CLI.run(
            ["report", "--events", "-", "--by", "day", "--format", "json"], stdin: Data(Fixtures.threeDays.utf8))
        #expect(fromStdin.status == 0, "\(fromStdin.stderr)")
        let json = try fromStdin.json()
        #expect(NSDictionary(dictionary: json) == NSDictionary(dictionary: fromFile))
    }

    @Test("A gzip file is recognised by its content, whatever its name")
    func gzip() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let plain = try scratch.write("plain.jsonl", Fixtures.threeDays)
        let compressed = try scratch.write("log.data", Gzip.stored(Data(Fixtures.threeDays.utf8)))
        let one = try CLI.run(["report", "--events", plain, "--by", "agent", "--format", "json"])
        let two = try CLI.run(["report", "--events", compressed, "--by", "agent", "--format", "json"])
        #expect(two.status == 0, "\(two.stderr)")
        #expect(one.stdout == two.stdout)
        let piped = try CLI.run(
            ["report", "--events", "-", "--by", "agent", "--format", "json"], stdin: Gzip.stored(Data(Fixtures.threeDays.utf8)))
        #expect(piped.stdout == one.stdout)
    }

    @Test("An empty log gives a report with zero counts and null averages")
    func emptyLog() throws {
        let json = try CLI.reportJSON(events: "\n\n")
        let total = try #require(json["total"] as? [String: Any])
        #expect(total["received_customers"] as? Int == 0)
        #expect(total["avg_queue_time"] is NSNull)
        #expect((json["input"] as? [String: Any])?["lines"] as? Int == 0)
    }
}

/// Gzip files for tests, written with stored (uncompressed) deflate blocks: valid gzip any reader
/// accepts, without a compressor.
enum Gzip {
    static func stored(_ data: Data) -> Data {
        var out = Data([0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xFF])
        let bytes = [UInt8](data)
        var offset = 0
        repeat {
            let count = min(65_535, bytes.count - offset)
            let last = offset + count == bytes.count
            out.append(last ? 1 : 0)
            out.append(contentsOf: [UInt8(count & 0xFF), UInt8(count >> 8), UInt8(~count & 0xFF), UInt8((~count >> 8) & 0xFF)])
            out.append(contentsOf: bytes[offset..<(offset + count)])
            offset += count
        } while offset < bytes.count
        for value in [crc32(bytes), UInt32(truncatingIfNeeded: bytes.count)] {
            out.append(contentsOf: (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) })
        }
        return out
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
