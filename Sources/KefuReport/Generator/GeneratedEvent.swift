/// One event of the synthetic log, before it is written: 24 bytes, so a day of a large log sorts
/// and writes without touching strings. Names are indices into the `ShopModel`.
struct GeneratedEvent: Sendable {
    enum Kind: UInt8, Sendable {
        case openService, botEnter, customerMessage, autoReply, transferToHuman, queueEnter, queueLeave
        case receptionEnter, agentMessage, transfer, receptionEnd, ratingInvite, rating, agentStatus
    }

    /// `open_service`'s `channel`: 0 when absent, else 1 + an index into `ShopModel.channelNames`.
    typealias Channel = UInt8

    /// `reception_enter`'s `mode`.
    enum Mode: UInt8, Sendable { case auto, queueAuto, manual }

    /// `transfer_to_human`'s `by`.
    enum Requester: UInt8, Sendable { case customer, agent }

    /// `rating`'s `score`.
    enum Score: UInt8, Sendable { case satisfied, neutral, unsatisfied }

    /// `agent_status`'s changes: a work status, a connection status, or both.
    struct Status: OptionSet, Sendable {
        let rawValue: UInt8
        static let online = Status(rawValue: 1)
        static let offline = Status(rawValue: 2)
        static let connected = Status(rawValue: 4)
        static let disconnected = Status(rawValue: 8)
    }

    /// Local wall-clock seconds since 1970-01-01 00:00 in the log's zone (Asia/Shanghai, +08:00).
    var time: Int64
    /// The customer's index (`c000001` is index 0); unused by `agent_status`.
    var customer: UInt32
    var kind: Kind
    var product: UInt8
    /// The acting agent's index + 1; 0 when the event has none.
    var agent: UInt16
    /// A `transfer`'s receiving agent index + 1.
    var toAgent: UInt16
    /// The kind's one enumerated field: channel, mode, requester, score or status, as raw value.
    var detail: UInt8
    /// Written only with `--explicit`: a transition the conversation model infers from an agent's
    /// reply when it is absent (EVENTS.md, "Implied transitions").
    var impliedByReply: Bool

    init(
        _ kind: Kind, at time: Int64, product: Int = 0, customer: Int = 0, agent: Int? = nil, toAgent: Int? = nil,
        detail: UInt8 = 0, impliedByReply: Bool = false
    ) {
        self.time = time
        self.customer = UInt32(customer)
        self.kind = kind
        self.product = UInt8(product)
        self.agent = agent.map { UInt16($0 + 1) } ?? 0
        self.toAgent = toAgent.map { UInt16($0 + 1) } ?? 0
        self.detail = detail
        self.impliedByReply = impliedByReply
    }
}
