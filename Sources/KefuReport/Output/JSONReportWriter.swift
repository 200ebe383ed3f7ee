import KefuMetrics
/// Writes a report as the JSON of the report contract: stable key order and number forms, so the
/// same input gives the same bytes.
public enum JSONReportWriter {
    public static func write(_ report: Report) -> String {
        var out = "{\n"
        out += "  \"timezone\": \(JSONString.quoted(report.timeZone)),\n"
        out += "  \"from\": \(report.from.map { JSONString.quoted($0.description) } ?? "null"),\n"
        out += "  \"to\": \(report.to.map { JSONString.quoted($0.description) } ?? "null"),\n"
        out += "  \"by\": [\(report.by.map { JSONString.quoted($0.rawValue) }.joined(separator: ", "))],\n"
        if report.rows.isEmpty {
            out += "  \"rows\": [],\n"
        } else {
            out += "  \"rows\": [\n"
            out += report.rows.map { row in
                var fields = zip(report.by, row.keys).map { dimension, key in
                    "\(JSONString.quoted(dimension.rawValue)): \(JSONString.quoted(key))"
                }
                fields.append("\"metrics\": \(object(row.values))")
                return "    {" + fields.joined(separator: ", ") + "}"
            }.joined(separator: ",\n")
            out += "\n  ],\n"
        }
        out += "  \"total\": \(object(report.total)),\n"
        let input = report.input
        let errors = input.errors.map { "{\"line\": \($0.line), \"reason\": \(JSONString.quoted($0.reason))}" }
        let anomalies = report.anomalies.keys.sorted().map { "\(JSONString.quoted($0)): \(report.anomalies[$0]!)" }
        out += "  \"input\": {\n"
        out += "    \"lines\": \(input.lines), \"applied\": \(input.applied), \"rejected\": \(input.rejected), \"duplicates\": \(input.duplicates),\n"
        out += "    \"errors\": [\(errors.joined(separator: ", "))],\n"
        out += "    \"anomalies\": {\(anomalies.joined(separator: ", "))}\n"
        out += "  }\n}\n"
        return out
    }

    private static func object(_ values: [(id: String, value: MetricValue)]) -> String {
        "{" + values.map { "\(JSONString.quoted($0.id)): \(number($0.value))" }.joined(separator: ", ") + "}"
    }

    static func number(_ value: MetricValue) -> String {
        switch value {
        case .integer(let integer): String(integer)
        case .number(let double): double.isFinite ? "\(double)" : "null"
        case .null: "null"
        }
    }
}
