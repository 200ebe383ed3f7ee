/// What a report needs to know about one indicator, as declared in its spec.
public struct MetricDescriptor: Sendable {
    /// Which timestamp places a value, and how several days combine.
    public enum Scope: String, Sendable {
        /// Computed per local day; several days are totalled by the total rule.
        case day
        /// Computed once over the whole selected range.
        case range
        /// The state at the end of a day; over several days, the state at the end of the last.
        case snapshot
    }

    public enum Measure: Sendable, Equatable {
        case count
        case sum
        case mean
        case max
        case min
        /// One indicator's value divided by another's, each totalled first.
        case ratio(numerator: String, denominator: String)
    }

    /// How values of several rows combine into a total (合计).
    public enum TotalRule: String, Sendable {
        case sum
        case weighted
        case max
        case min
        case distinct
        case rate
    }

    public enum Split: String, Sendable {
        case product
        case agent
    }

    public let id: String
    public let title: String
    public let summary: String
    public let unit: String
    public let scope: Scope
    public let measure: Measure
    public let total: TotalRule
    public let splits: [Split]
    /// Values are stored as integers; divide by this for the reported number (microseconds → seconds).
    public let scale: Int64
    /// The spec file that declares the metric.
    public let source: String

    public init(
        id: String, title: String, summary: String, unit: String, scope: Scope, measure: Measure,
        total: TotalRule, splits: [Split], scale: Int64, source: String
    ) {
        self.id = id
        self.title = title
        self.summary = summary
        self.unit = unit
        self.scope = scope
        self.measure = measure
        self.total = total
        self.splits = splits
        self.scale = scale
        self.source = source
    }

    /// Whether the value is a count (an integer in reports) rather than a measured number.
    public var isCount: Bool { measure == .count }
}
