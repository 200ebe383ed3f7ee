import KefuMetrics
/// What the user asked for: the days, the zone, the row keys, the metrics.
public struct ReportRequest: Sendable {
    public var timeZone: String = "Asia/Shanghai"
    public var from: Day?
    public var to: Day?
    public var by: [Dimension] = []
    public var metrics: [String]?
    public var roster: Roster?

    public init() {}
}
