import KefuCore
import KefuMetrics

/// Decodes one line of an event log into a `LogEvent` or the reason it is rejected.
///
/// The decoder is the per-line unit of the reader: it knows nothing of files, order or duplicates,
/// so a streaming or parallel reader can feed it chunks of lines. It owns the interner that turns
/// ids into symbols; ids are interned only once a line is known to be valid.
struct EventLineDecoder {
    /// The result of decoding one line.
    enum Outcome {
        /// A valid event and where its `id` is (nil when it has none or an empty one); read the id's
        /// bytes with `withBytes(of:line:)` before decoding the next line.
        case event(LogEvent, id: StringSlice?)
        case rejected(String)
    }

    /// The fields the log defines; all others are skipped.
    enum Field: Int, CaseIterable {
        case id, ts, type, product, customer, agent, toAgent, mode, by, score, channel, work, connection

        var name: String {
            switch self {
            case .id: "id"
            case .ts: "ts"
            case .type: "type"
            case .product: "product"
            case .customer: "customer"
            case .agent: "agent"
            case .toAgent: "to_agent"
            case .mode: "mode"
            case .by: "by"
            case .score: "score"
            case .channel: "channel"
            case .work: "work"
            case .connection: "connection"
            }
        }
    }

    /// The string value of each field on the current line (nil: absent or null).
    private struct FieldValues {
        var id: StringSlice?
        var ts: StringSlice?
        var type: StringSlice?
        var product: StringSlice?
        var customer: StringSlice?
        var agent: StringSlice?
        var toAgent: StringSlice?
        var mode: StringSlice?
        var by: StringSlice?
        var score: StringSlice?
        var channel: StringSlice?
        var work: StringSlice?
        var connection: StringSlice?

        @inline(__always)
        mutating func set(_ field: Field, _ value: StringSlice?) {
            switch field {
            case .id: id = value
            case .ts: ts = value
            case .type: type = value
            case .product: product = value
            case .customer: customer = value
            case .agent: agent = value
            case .toAgent: toAgent = value
            case .mode: mode = value
            case .by: by = value
            case .score: score = value
            case .channel: channel = value
            case .work: work = value
            case .connection: connection = value
            }
        }
    }

    /// Whether a type requires, allows or ignores its agent.
    private enum AgentRule { case required, optional, ignored }

    private(set) var interner: SymbolInterner
    /// Decoded bytes of the current line's strings that had escapes.
    private var scratch: [UInt8] = []

    private let fields = KeywordTable<Field>(Field.allCases.map { ($0.name, $0) })
    private let types = KeywordTable<EventType>(cases: EventType.allCases)
    private let modes = KeywordTable<ReceptionMode>(cases: [.auto, .queueAuto, .manual])
    private let requesters = KeywordTable<Requester>(cases: [.customer, .agent])
    private let scores = KeywordTable<RatingScore>(cases: [.satisfied, .neutral, .unsatisfied])
    private let channels = KeywordTable<Channel>(cases: [.miniProgram, .officialAccount, .h5, .plugin])
    private let workStatuses = KeywordTable<WorkStatus>(cases: [.online, .offline])
    private let connections = KeywordTable<Connection>(cases: [.connected, .disconnected])

    init(symbols: SymbolTable = SymbolTable()) {
        interner = SymbolInterner(symbols: symbols)
        scratch.reserveCapacity(256)
    }

    var symbols: SymbolTable { interner.symbols }

    /// Calls `body` with the bytes of a string of the line last decoded.
    func withBytes<R>(of slice: StringSlice, line: UnsafeBufferPointer<UInt8>, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        scratch.withUnsafeBufferPointer { body(slice.bytes(line: line, scratch: $0)) }
    }

    /// Decodes `line` (without its line break), numbered `number` in its file.
    mutating func decode(_ line: UnsafeBufferPointer<UInt8>, number: Int) -> Outcome {
        scratch.removeAll(keepingCapacity: true)
        var values = FieldValues()
        var scanner = JSONLineScanner(line)
        do throws(JSONLineScanner.Failure) {
            scanner.skipWhitespace()
            guard scanner.current == UInt8(ascii: "{") else {
                try scanner.skipValue()
                scanner.skipWhitespace()
                guard scanner.isAtEnd else { throw scanner.unexpected(expected: "end of line") }
                return .rejected("not a JSON object")
            }
            scanner.position += 1
            scanner.skipWhitespace()
            if scanner.current != UInt8(ascii: "}") {
                while true {
                    guard scanner.current == UInt8(ascii: "\"") else { throw scanner.unexpected(expected: "a field name") }
                    let nameSlice = try scanner.scanString(scratch: &scratch)
                    let field =
                        nameSlice.inScratch
                        ? scratch.withUnsafeBufferPointer { fields.match(nameSlice.bytes(line: line, scratch: $0)) }
                        : fields.match(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(line)[nameSlice.start..<(nameSlice.start + nameSlice.count)]))
                    scanner.skipWhitespace()
                    try scanner.expect(UInt8(ascii: ":"), "':' after a field name")
                    scanner.skipWhitespace()
                    if let field {
                        switch scanner.current {
                        case UInt8(ascii: "\""):
                            values.set(field, try scanner.scanString(scratch: &scratch))
                        case UInt8(ascii: "n"):
                            try scanner.scanNull()
                            values.set(field, nil)
                        default:
                            guard let kind = scanner.kindOfCurrent else { throw scanner.unexpected(expected: "a value") }
                            return .rejected("field \"\(field.name)\" must be a string, not \(kind.rawValue)")
                        }
                    } else {
                        try scanner.skipValue()
                    }
                    scanner.skipWhitespace()
                    if scanner.current == UInt8(ascii: ",") {
                        scanner.position += 1
                        scanner.skipWhitespace()
                        continue
                    }
                    try scanner.expect(UInt8(ascii: "}"), "',' or '}'")
                    break
                }
            } else {
                scanner.position += 1
            }
            scanner.skipWhitespace()
            guard scanner.isAtEnd else { throw scanner.unexpected(expected: "end of line after the object") }
        } catch {
            return .rejected("invalid JSON at column \(scanner.column(ofOffset: error.offset)): \(error.message)")
        }
        // A second reference (no copy) so that `validate` may mutate `self` while reading it.
        let decoded = scratch
        return decoded.withUnsafeBufferPointer { decoded in
            validate(values, line: line, scratch: decoded, number: number)
        }
    }

    private mutating func validate(
        _ values: FieldValues, line: UnsafeBufferPointer<UInt8>, scratch: UnsafeBufferPointer<UInt8>, number: Int
    ) -> Outcome {
        @inline(__always)
        func bytes(_ slice: StringSlice) -> UnsafeRawBufferPointer { slice.bytes(line: line, scratch: scratch) }

        /// The bytes of a required field, or the reason it is missing.
        func required(_ slice: StringSlice?, _ field: Field) -> Result<UnsafeRawBufferPointer, Rejection> {
            guard let slice else { return .failure(Rejection("missing field \"\(field.name)\"")) }
            guard slice.count > 0 else { return .failure(Rejection("empty field \"\(field.name)\"")) }
            return .success(bytes(slice))
        }

        /// The value of an enum field: nil when absent; throws for a value not in `table`.
        func enumValue<E>(_ slice: StringSlice?, _ table: KeywordTable<E>, _ field: Field) throws(Rejection) -> E? {
            guard let slice else { return nil }
            guard let value = table.match(bytes(slice)) else {
                throw Rejection("unknown \(field.name) \(Self.quoted(bytes(slice)))")
            }
            return value
        }

        do throws(Rejection) {
            let typeBytes = try required(values.type, .type).get()
            guard let type = types.match(typeBytes) else {
                return .rejected("unknown type \(Self.quoted(typeBytes))")
            }
            let tsBytes = try required(values.ts, .ts).get()
            let ts: Instant
            do {
                ts = try TimestampParser.parse(tsBytes.assumingMemoryBound(to: UInt8.self))
            } catch {
                return .rejected("invalid ts \(Self.quoted(tsBytes)): \(error.message)")
            }

            let hasCustomer = type != .agentStatus
            let agentRule: AgentRule
            switch type {
            case .receptionEnter, .agentMessage, .receptionEnd, .transfer, .ratingInvite, .rating, .agentStatus:
                agentRule = .required
            case .transferToHuman, .autoReply:
                agentRule = .optional
            default:
                agentRule = .ignored
            }

            var productBytes = UnsafeRawBufferPointer(start: nil, count: 0)
            var customerBytes = productBytes
            var agentBytes = productBytes
            var toAgentBytes = productBytes
            if hasCustomer {
                productBytes = try required(values.product, .product).get()
                customerBytes = try required(values.customer, .customer).get()
            }
            switch agentRule {
            case .required: agentBytes = try required(values.agent, .agent).get()
            case .optional: if let agent = values.agent { agentBytes = bytes(agent) }
            case .ignored: break
            }
            if type == .transfer { toAgentBytes = try required(values.toAgent, .toAgent).get() }
            if type == .receptionEnter { _ = try required(values.mode, .mode).get() }
            if type == .rating { _ = try required(values.score, .score).get() }

            // Enum values are checked on every line that carries them.
            let mode = try enumValue(values.mode, modes, .mode)
            let by = try enumValue(values.by, requesters, .by)
            let score = try enumValue(values.score, scores, .score)
            let channel = try enumValue(values.channel, channels, .channel)
            let work = try enumValue(values.work, workStatuses, .work)
            let connection = try enumValue(values.connection, connections, .connection)

            var event = LogEvent(ts: ts, type: type, line: number)
            switch type {
            case .receptionEnter: event.mode = mode
            case .transferToHuman: event.by = by ?? .customer
            case .rating: event.score = score
            case .openService: event.channel = channel
            case .agentStatus:
                event.work = work
                event.connection = connection
            default: break
            }
            if hasCustomer {
                event.product = try intern(productBytes, .product)
                event.customer = try intern(customerBytes, .customer)
            }
            if agentRule != .ignored { event.agent = try intern(agentBytes, .agent) }
            if type == .transfer { event.toAgent = try intern(toAgentBytes, .toAgent) }

            let id = values.id.flatMap { $0.count > 0 ? $0 : nil }
            return .event(event, id: id)
        } catch {
            return .rejected(error.reason)
        }
    }

    private mutating func intern(_ bytes: UnsafeRawBufferPointer, _ field: Field) throws(Rejection) -> Symbol {
        guard let symbol = interner.intern(bytes) else { throw Rejection("invalid UTF-8 in field \"\(field.name)\"") }
        return symbol
    }

    private struct Rejection: Error {
        var reason: String
        init(_ reason: String) { self.reason = reason }
    }

    /// A value as messages show it: quoted, escaped, and cut after 64 characters.
    static func quoted(_ bytes: UnsafeRawBufferPointer) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        var out = "\""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == 64 {
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
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return out + "\""
    }
}
