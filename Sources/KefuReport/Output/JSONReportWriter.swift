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
        // Thousands of rows repeat the same keys: each is quoted once, and everything is appended to
        // one string.
        var keys = QuotedKeys()
        if report.rows.isEmpty {
            out += "  \"rows\": [],\n"
        } else {
            let dimensions = report.by.map { JSONString.quoted($0.rawValue) + ": " }
            out += "  \"rows\": [\n"
            for (index, row) in report.rows.enumerated() {
                out += index == 0 ? "    {" : ",\n    {"
                for (dimension, key) in zip(dimensions, row.keys) {
                    out += dimension
                    out += JSONString.quoted(key)
                    out += ", "
                }
                out += "\"metrics\": "
                appendObject(row.values, keys: &keys, to: &out)
                out += "}"
            }
            out += "\n  ],\n"
        }
        out += "  \"total\": "
        appendObject(report.total, keys: &keys, to: &out)
        out += ",\n"
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

    /// The quoted keys of an object, followed by `: `, by position: the rows' objects have the same
    /// keys in the same order.
    private struct QuotedKeys {
        private var keys: [(id: String, quoted: String)] = []

        mutating func key(_ id: String, at position: Int) -> String {
            if position < keys.count, keys[position].id == id { return keys[position].quoted }
            let quoted = JSONString.quoted(id) + ": "
            if position < keys.count {
                keys[position] = (id, quoted)
            } else {
                keys.append((id, quoted))
            }
            return quoted
        }
    }

    private static func appendObject(
        _ values: [(id: String, value: MetricValue)], keys: inout QuotedKeys, to out: inout String
    ) {
        out += "{"
        for (position, entry) in values.enumerated() {
            if position > 0 { out += ", " }
            out += keys.key(entry.id, at: position)
            out += number(entry.value)
        }
        out += "}"
    }

    static func number(_ value: MetricValue) -> String {
        switch value {
        case .integer(let integer): String(integer)
        case .number(let double): double.isFinite ? "\(double)" : "null"
        case .null: "null"
        }
    }
}
