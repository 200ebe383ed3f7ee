import KefuCore
import KefuMetrics

/// One valid line of an event log, as `EVENTS.md` defines it.
///
/// Fields a type does not use are left absent (`.none` or nil) even when the line carries them, so
/// consumers never see, say, an agent on a `customer_message`.
public struct LogEvent: Sendable, Equatable {
    public var ts: Instant
    public var type: EventType
    /// `.none` on `agent_status`.
    public var product: Symbol
    /// `.none` on `agent_status`.
    public var customer: Symbol
    /// The acting agent; `.none` when absent or when the type has no agent.
    public var agent: Symbol
    /// The receiving agent of a `transfer`; `.none` otherwise.
    public var toAgent: Symbol
    /// On `reception_enter` only: `auto`, `queue_auto` or `manual` (a log never says `transfer`).
    public var mode: ReceptionMode?
    /// On `transfer_to_human` only; `customer` when the line does not say.
    public var by: Requester?
    /// On `rating` only.
    public var score: RatingScore?
    /// On `open_service` only, when given.
    public var channel: Channel?
    /// On `agent_status` only, when given.
    public var work: WorkStatus?
    /// On `agent_status` only, when given.
    public var connection: Connection?
    /// The 1-based line number of the event in its file (blank lines count).
    public var line: Int

    public init(
        ts: Instant, type: EventType, product: Symbol = .none, customer: Symbol = .none,
        agent: Symbol = .none, toAgent: Symbol = .none, mode: ReceptionMode? = nil,
        by: Requester? = nil, score: RatingScore? = nil, channel: Channel? = nil,
        work: WorkStatus? = nil, connection: Connection? = nil, line: Int = 0
    ) {
        self.ts = ts
        self.type = type
        self.product = product
        self.customer = customer
        self.agent = agent
        self.toAgent = toAgent
        self.mode = mode
        self.by = by
        self.score = score
        self.channel = channel
        self.work = work
        self.connection = connection
        self.line = line
    }
}
