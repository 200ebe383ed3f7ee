import KefuMetrics
/// Formats values for people: durations as `1m 05s`, rates as percentages, averages with two decimals.
enum ValueFormatter {
    static func human(_ value: MetricValue, of descriptor: MetricDescriptor) -> String {
        guard let number = value.doubleValue else { return "–" }
        if case .integer(let integer) = value, descriptor.unit != "seconds" { return String(integer) }
        switch descriptor.unit {
        case "seconds": return duration(number)
        case "ratio": return fixed(number * 100, decimals: 1) + "%"
        default: return fixed(number, decimals: 2)
        }
    }

    /// `45s`, `1m 05s`, `2h 03m 04s`; fractions of a second are rounded.
    static func duration(_ seconds: Double) -> String {
        let negative = seconds < 0
        var total = Int64((abs(seconds)).rounded())
        let hours = total / 3600
        total %= 3600
        let minutes = total / 60
        let rest = total % 60
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let text =
            hours > 0 ? "\(hours)h \(two(minutes))m \(two(rest))s" : minutes > 0 ? "\(minutes)m \(two(rest))s" : "\(rest)s"
        return negative ? "-" + text : text
    }

    static func fixed(_ value: Double, decimals: Int) -> String {
        var factor = 1.0
        for _ in 0..<decimals { factor *= 10 }
        let scaled = (abs(value) * factor).rounded()
        let whole = Int64(scaled / factor)
        var fraction = String(Int64(scaled) - whole * Int64(factor))
        while fraction.count < decimals { fraction = "0" + fraction }
        return (value < 0 && scaled != 0 ? "-" : "") + String(whole) + (decimals > 0 ? "." + fraction : "")
    }
}
