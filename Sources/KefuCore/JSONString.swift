/// A string as a JSON string literal: the report's JSON output and the reasons given for rejected
/// log lines (which quote the offending text) write strings the same way.
public enum JSONString {
    /// `text` quoted and escaped (`"`, `\`, and control characters, DEL included); at most `limit`
    /// characters (Unicode scalars) of it, with `…` standing for the rest.
    public static func quoted(_ text: String, limit: Int = .max) -> String {
        var out = "\""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == limit {
                out += "…"
                break
            }
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return out + "\""
    }
}
