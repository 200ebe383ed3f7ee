import KefuMetrics
/// One reported value: a count, a measured number (seconds, points, a fraction), or none.
public enum MetricValue: Sendable, Equatable {
    case integer(Int64)
    case number(Double)
    /// An average or rate with nothing to divide by.
    case null

    public var doubleValue: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        case .null: nil
        }
    }
}
