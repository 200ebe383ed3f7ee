import Foundation
import Testing

/// Smoke checks of the outputs for people (table) and spreadsheets (CSV).
@Suite("report table and csv")
struct ReportTextFormatTests {
    @Test("CSV: a header of keys and ids, one line per row, the total last")
    func csv() throws {
        let result = try CLI.run(["report", "--by", "day,agent", "--metrics", "received_customers,avg_first_response_time", "--format", "csv"])
        #expect(result.status == 0)
        let lines = result.text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        #expect(lines.first == "day,agent,received_customers,avg_first_response_time")
        #expect(lines.last?.hasPrefix("total,,") == true)
        #expect(lines.allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == 4 })
        let json = try CLI.run(["report", "--by", "day,agent", "--format", "json"]).json()
        #expect(lines.count == (json["rows"] as? [Any] ?? []).count + 2)
    }

    @Test("Table: 合计 last, columns aligned by display width despite Chinese titles")
    func table() throws {
        let result = try CLI.run(["report", "--view", "workload"])
        #expect(result.status == 0)
        let lines = result.text.split(separator: "\n").map(String.init)
        let header = try #require(lines.firstIndex { $0.hasPrefix("agent") })
        let totalIndex = try #require(lines.firstIndex { $0.hasPrefix("合计") })
        let block = Array(lines[header...totalIndex])
        #expect(block.filter { $0.hasPrefix("a0") }.count == 6, "a row per agent between the headers and 合计")
        #expect(lines[(totalIndex + 1)...].allSatisfy { !$0.hasPrefix("a0") }, "合计 is the last row")
        let widths = Set(block.map(displayWidth))
        #expect(widths.count == 1, "lines of different display widths: \(block.map(displayWidth))")
        // Value columns are right-aligned: where an id ends on the second header line, every line
        // (the Chinese titles, rows after the Chinese group names, 合计) has a character, then a space.
        let ids = block[1]
        var columnEnds: [Int] = []
        for match in ids.matches(of: /[a-z_]+/) {
            columnEnds.append(displayWidth(String(ids[..<match.range.upperBound])))
        }
        #expect(columnEnds.count == 7)
        for line in block where !line.hasPrefix("---") {
            let columns = line.displayColumns
            for end in columnEnds {
                #expect(columns[end - 1] != " ", "not right-aligned at column \(end): \(line)")
                #expect(end == columns.count || columns[end] == " ", "not right-aligned at column \(end): \(line)")
            }
        }
    }

    @Test("Without --by the table lists one metric per line with its Chinese title")
    func totalsTable() throws {
        let result = try CLI.run(["report"])
        #expect(result.status == 0)
        #expect(result.text.contains("咨询人数"))
        #expect(result.text.contains("consulting_customers"))
        #expect(result.text.contains("input: "))
    }
}

/// Terminal columns: East Asian wide characters take two.
func displayWidth(_ text: String) -> Int {
    text.unicodeScalars.reduce(0) { width, scalar in
        let v = scalar.value
        let wide =
            (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v)
        return width + (wide ? 2 : 1)
    }
}

extension String {
    /// The character shown in each terminal column (a wide character fills two).
    var displayColumns: [Character] {
        flatMap { character in Array(repeating: character, count: displayWidth(String(character))) }
    }
}
