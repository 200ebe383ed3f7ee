import KefuMetrics

/// What `kefu-metrics generate` is asked for.
public struct GeneratorOptions: Sendable {
    /// The same seed (and other options) gives the same bytes.
    public var seed: UInt64
    /// Distinct customers over the whole log; some return on later days.
    public var customers: Int
    /// Local days of the log, each complete.
    public var days: Int
    /// The first local day (Asia/Shanghai).
    public var start = Day(year: 2026, month: 12, day: 1)
    /// Products: `mini_program_shop`, `h5_store`, … (at most 99).
    public var products = 2
    /// Agents `a01`, `a02`, …, the first half 售前 and the rest 售后.
    public var agents = 6
    /// Write every transition explicitly, including those an agent's reply implies.
    public var explicit = false
    /// The fraction of lines to add that are malformed (plus half as many repeated lines).
    public var badLines = 0.0

    /// A log of `customers` customers over `days` days from `start`, drawn from `seed`.
    public init(seed: UInt64, customers: Int, days: Int) {
        self.seed = seed
        self.customers = customers
        self.days = days
    }
}
