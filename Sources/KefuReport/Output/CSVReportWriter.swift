import KefuMetrics
/// Writes a report as CSV for spreadsheets: one column per key and per metric id, the total last.
public enum CSVReportWriter {
    public static func write(_ report: Report) -> String {
        let keys = report.by.map(\.rawValue)
        var out = (keys + report.metrics.map(\.id)).map(field).joined(separator: ",") + "\n"
        for row in report.rows {
            let values = Dictionary(row.values.map { ($0.id, $0.value) }, uniquingKeysWith: { a, _ in a })
            let cells = row.keys + report.metrics.map { values[$0.id].map(raw) ?? "" }
            out += cells.map(field).joined(separator: ",") + "\n"
        }
        let totals = Dictionary(report.total.map { ($0.id, $0.value) }, uniquingKeysWith: { a, _ in a })
        let label = keys.isEmpty ? [] : ["total"] + Array(repeating: "", count: keys.count - 1)
        out += (label + report.metrics.map { raw(totals[$0.id] ?? .null) }).map(field).joined(separator: ",") + "\n"
        return out
    }

    private static func raw(_ value: MetricValue) -> String {
        value == .null ? "" : JSONReportWriter.number(value)
    }

    private static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return text }
        return "\"" + text.replacing("\"", with: "\"\"") + "\""
    }
}
