import KefuMetrics
/// Writes a report as an aligned table for people: Chinese titles beside ids, units, the total
/// (合计) last, then a summary of the input.
public enum TableReportWriter {
    public static func write(_ report: Report) -> String {
        let applicable = Set(report.rows.first?.values.map(\.id) ?? [])
        let keyHeaders = report.by.map(\.rawValue)
        var header1 = keyHeaders
        var header2 = keyHeaders.map { _ in "" }
        for descriptor in report.metrics {
            header1.append(descriptor.title)
            header2.append(descriptor.id)
        }
        func cells(_ row: Report.Row, keys: [String]) -> [String] {
            let values = Dictionary(row.values.map { ($0.id, $0.value) }, uniquingKeysWith: { a, _ in a })
            return keys.map { $0.isEmpty ? "\"\"" : $0 }
                + report.metrics.map { descriptor in values[descriptor.id].map { ValueFormatter.human($0, of: descriptor) } ?? "" }
        }
        var body: [[String]] = []
        if let agent = report.by.firstIndex(of: .agent), !report.groupTotals.isEmpty {
            // Agents grouped under their group, each group closed by its total (小计).
            for total in report.groupTotals {
                let members = report.rows.filter { row in
                    row.keys.enumerated().filter { $0.offset != agent }.map(\.element) == total.keys
                }
                body += members.map { cells($0, keys: $0.keys) }
                var keys = total.keys
                keys.insert("小计", at: agent)
                body.append(cells(total, keys: keys))
            }
        } else {
            body = report.rows.map { cells($0, keys: $0.keys) }
        }
        let totalValues = Dictionary(report.total.map { ($0.id, $0.value) }, uniquingKeysWith: { a, _ in a })
        let totalLabel: [String] = keyHeaders.isEmpty ? [] : ["合计"] + Array(repeating: "", count: keyHeaders.count - 1)
        let totalRow: [String] =
            totalLabel + report.metrics.map { ValueFormatter.human(totalValues[$0.id] ?? .null, of: $0) }
        let all = [header1, header2] + body + [totalRow]
        // Each cell's width is measured once, for the column widths and again for its padding.
        let cellWidths = all.map { $0.map(TerminalWidth.of) }
        let widths = (0..<header1.count).map { column in cellWidths.map { $0[column] }.max() ?? 0 }
        func line(_ row: Int) -> String {
            all[row].enumerated().map { index, cell in
                TerminalWidth.pad(cell, measured: cellWidths[row][index], to: widths[index], right: index >= keyHeaders.count)
            }.joined(separator: "  ")
        }
        var out = "KefuMetrics report  \(report.from?.description ?? "–") … \(report.to?.description ?? "–")  (\(report.timeZone))\n\n"
        if report.by.isEmpty {
            // One metric per line reads better than one very wide row.
            let titleWidth = report.metrics.map { TerminalWidth.of($0.title) }.max() ?? 0
            let idWidth = report.metrics.map(\.id.count).max() ?? 0
            for descriptor in report.metrics {
                out += TerminalWidth.pad(descriptor.title, to: titleWidth, right: false) + "  "
                out += TerminalWidth.pad(descriptor.id, to: idWidth, right: false) + "  "
                out += ValueFormatter.human(totalValues[descriptor.id] ?? .null, of: descriptor) + "\n"
            }
        } else {
            out += line(0) + "\n" + line(1) + "\n"
            out += String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1)) + "\n"
            for row in 2..<all.count { out += line(row) + "\n" }
            if !applicable.isEmpty, applicable.count < report.metrics.count {
                out += "\nBlank cells: the metric is not split by \(report.by.map(\.rawValue).joined(separator: "/")); its value is in 合计.\n"
            }
        }
        out += "\n" + InputSummaryText.line(report) + "\n"
        for error in report.input.errors.prefix(5) {
            out += "  line \(error.line): \(error.reason)\n"
        }
        return out
    }
}

/// The one-line summary of what was read.
enum InputSummaryText {
    static func line(_ report: Report) -> String {
        let input = report.input
        let anomalies = report.anomalies.values.reduce(0, +)
        var text = "input: \(input.lines) lines, \(input.applied) applied, \(input.rejected) rejected, \(input.duplicates) duplicates, \(anomalies) anomalies"
        if anomalies > 0 {
            text += " (" + report.anomalies.keys.sorted().map { "\($0) \(report.anomalies[$0]!)" }.joined(separator: ", ") + ")"
        }
        return text
    }
}
