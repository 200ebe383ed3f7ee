import KefuMetrics

/// Writes generated events as JSON Lines in the style of EVENTS.md, straight into bytes:
///
///     {"id":"e000001","ts":"2026-12-01T09:00:00+08:00","type":"customer_message","product":"h5_store","customer":"c000123"}
///
/// Fields come in a fixed order (id, ts, type, product, customer, agent, to_agent, then the type's
/// enumerated field). Timestamps are written by hand as local time with the `+08:00` offset of
/// Asia/Shanghai; ids count up from `e000001` in file order.
struct EventLineWriter {
    /// With `--explicit`, `transfer_to_human` always says `by`; otherwise a customer's request
    /// leaves it out (it is the default).
    let explicit: Bool
    private let idWidth: Int
    private let customerWidth: Int
    /// Every name fragment, back to back; `productFields`, `agentFields` and `toAgentFields` are
    /// ranges in it.
    private var fragments: [UInt8] = []
    /// `,"product":"NAME","customer":"c` per product.
    private var productFields: [Range<Int>] = []
    /// `,"agent":"NAME"` per agent index + 1 (index 0 unused).
    private var agentFields: [Range<Int>] = [0..<0]
    /// `,"to_agent":"NAME"` per agent index + 1.
    private var toAgentFields: [Range<Int>] = [0..<0]
    /// The next line's id number.
    private(set) var nextID = 1
    /// `YYYY-MM-DDT` of `cachedDay`.
    private var dayPrefix = [UInt8](repeating: 0, count: 11)
    private var cachedDay: Int64 = .min

    init(shop: ShopModel, explicit: Bool, idWidth: Int, customerWidth: Int) {
        self.explicit = explicit
        self.idWidth = idWidth
        self.customerWidth = customerWidth
        func add(_ text: String) -> Range<Int> {
            let start = fragments.count
            fragments.append(contentsOf: text.utf8)
            return start..<fragments.count
        }
        productFields = shop.products.map { add(",\"product\":\"\($0.name)\",\"customer\":\"c") }
        agentFields += shop.agents.map { add(",\"agent\":\"\($0.name)\"") }
        toAgentFields += shop.agents.map { add(",\"to_agent\":\"\($0.name)\"") }
    }

    /// Writes `event` as one line; the sink has room (`ByteSink.reserveLine`).
    mutating func write(_ event: GeneratedEvent, into sink: inout ByteSink) {
        writeHead(at: event.time, type: Self.typeName(event.kind), into: &sink)
        writeSubject(of: event, into: &sink)
        if event.agent != 0 { appendFragment(agentFields[Int(event.agent)], into: &sink) }
        switch event.kind {
        case .transfer:
            appendFragment(toAgentFields[Int(event.toAgent)], into: &sink)
        case .receptionEnter:
            switch GeneratedEvent.Mode(rawValue: event.detail)! {
            case .auto: sink.append(",\"mode\":\"auto\"")
            case .queueAuto: sink.append(",\"mode\":\"queue_auto\"")
            case .manual: sink.append(",\"mode\":\"manual\"")
            }
        case .transferToHuman:
            if GeneratedEvent.Requester(rawValue: event.detail)! == .agent {
                sink.append(",\"by\":\"agent\"")
            } else if explicit {
                sink.append(",\"by\":\"customer\"")
            }
        case .rating:
            switch GeneratedEvent.Score(rawValue: event.detail)! {
            case .satisfied: sink.append(",\"score\":\"satisfied\"")
            case .neutral: sink.append(",\"score\":\"neutral\"")
            case .unsatisfied: sink.append(",\"score\":\"unsatisfied\"")
            }
        case .openService:
            switch event.detail {
            case 1: sink.append(",\"channel\":\"mini_program\"")
            case 2: sink.append(",\"channel\":\"official_account\"")
            case 3: sink.append(",\"channel\":\"h5\"")
            case 4: sink.append(",\"channel\":\"plugin\"")
            default: break
            }
        case .agentStatus:
            let status = GeneratedEvent.Status(rawValue: event.detail)
            if status.contains(.online) { sink.append(",\"work\":\"online\"") }
            if status.contains(.offline) { sink.append(",\"work\":\"offline\"") }
            if status.contains(.connected) { sink.append(",\"connection\":\"connected\"") }
            if status.contains(.disconnected) { sink.append(",\"connection\":\"disconnected\"") }
        default:
            break
        }
        sink.append("}\n")
    }

    /// `{"id":"eN","ts":"…","type":"TYPE"`, taking the next id. `spaceForT` writes the timestamp
    /// with a space instead of the `T`, which EVENTS.md rejects (for bad lines).
    mutating func writeHead(at time: Int64, type: StaticString, spaceForT: Bool = false, into sink: inout ByteSink) {
        sink.append("{\"id\":\"e")
        sink.append(decimal: nextID, width: idWidth)
        nextID += 1
        sink.append("\",\"ts\":\"")
        let day = time / 86_400
        if day != cachedDay {
            cachedDay = day
            let text = Day(index: Int32(day)).description + "T"
            dayPrefix = Array(text.utf8)
        }
        dayPrefix.withUnsafeBufferPointer { sink.append($0) }
        if spaceForT { sink.replaceLastByte(with: 0x20) }
        let second = Int(time - day * 86_400)
        sink.append(twoDigits: second / 3600)
        sink.append(UInt8(ascii: ":"))
        sink.append(twoDigits: second / 60 % 60)
        sink.append(UInt8(ascii: ":"))
        sink.append(twoDigits: second % 60)
        sink.append("+08:00\",\"type\":\"")
        sink.append(type)
        sink.append(UInt8(ascii: "\""))
    }

    /// `,"product":"…","customer":"c…"` (nothing for `agent_status`).
    func writeSubject(of event: GeneratedEvent, into sink: inout ByteSink) {
        guard event.kind != .agentStatus else { return }
        appendFragment(productFields[Int(event.product)], into: &sink)
        sink.append(decimal: Int(event.customer) + 1, width: customerWidth)
        sink.append(UInt8(ascii: "\""))
    }

    private func appendFragment(_ range: Range<Int>, into sink: inout ByteSink) {
        fragments.withUnsafeBufferPointer { sink.append(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    static func typeName(_ kind: GeneratedEvent.Kind) -> StaticString {
        switch kind {
        case .openService: "open_service"
        case .botEnter: "bot_enter"
        case .customerMessage: "customer_message"
        case .autoReply: "auto_reply"
        case .transferToHuman: "transfer_to_human"
        case .queueEnter: "queue_enter"
        case .queueLeave: "queue_leave"
        case .receptionEnter: "reception_enter"
        case .agentMessage: "agent_message"
        case .transfer: "transfer"
        case .receptionEnd: "reception_end"
        case .ratingInvite: "rating_invite"
        case .rating: "rating"
        case .agentStatus: "agent_status"
        }
    }
}
