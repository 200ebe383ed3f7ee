import KefuMetrics
import KefuRuntime

/// A computed report: rows by the requested keys, the total (合计), and what was read.
public struct Report: Sendable {
    public struct Row: Sendable {
        /// One value per dimension of `by`, in that order.
        public let keys: [String]
        /// The metrics that apply to the row's keys, in catalog order.
        public let values: [(id: String, value: MetricValue)]
    }

    public let timeZone: String
    /// Nil when the log has no applied events and no days were given.
    public let from: Day?
    public let to: Day?
    public let by: [Dimension]
    public let metrics: [MetricDescriptor]
    public let rows: [Row]
    /// With rows by agent and group: each group's total (小计), keyed like `rows` without the agent.
    public let groupTotals: [Row]
    public let total: [(id: String, value: MetricValue)]
    public let input: InputSummary
    public let anomalies: [String: Int]
}
