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
        ///
        /// `customer`, when not nil, is where the event's customer id is in the line, and its hash:
        /// its symbol is left for the caller to find with `internCustomer` (the event holds
        /// `Symbol.none` until then). Its table slot is being prefetched meanwhile: customers come
        /// back at random times, so the look-up misses the caches, and a caller that interns several
        /// lines' customers together has the misses overlap with each other and with decoding.
        case event(LogEvent, id: StringSlice?, customer: (slice: StringSlice, hash: UInt64)?)
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

    /// The string value of each field on the current line (nil: absent or null), stored by the
    /// field's index so that scanners set them without a switch; absent fields' slots are stale.
    struct FieldSlots {
        private var slices = (
            StringSlice.empty, StringSlice.empty, StringSlice.empty, StringSlice.empty, StringSlice.empty,
            StringSlice.empty, StringSlice.empty, StringSlice.empty, StringSlice.empty, StringSlice.empty,
            StringSlice.empty, StringSlice.empty, StringSlice.empty
        )
        /// Bit `field.rawValue` is set when the field has a string value.
        private var present: UInt16 = 0

        init() {
            assert(Field.allCases.count == 13 && Field.allCases.allSatisfy { $0.rawValue < 13 }, "one slice per field")
        }

        @inline(__always)
        mutating func removeAll() { present = 0 }

        @inline(__always)
        mutating func set(_ field: Field, _ value: StringSlice) {
            withUnsafeMutableBytes(of: &slices) {
                $0.baseAddress!.assumingMemoryBound(to: StringSlice.self)[field.rawValue] = value
            }
            present |= 1 &<< UInt16(truncatingIfNeeded: field.rawValue)
        }

        @inline(__always)
        mutating func setNull(_ field: Field) {
            present &= ~(1 &<< UInt16(truncatingIfNeeded: field.rawValue))
        }

        @inline(__always)
        subscript(_ field: Field) -> StringSlice? {
            guard present & 1 &<< UInt16(truncatingIfNeeded: field.rawValue) != 0 else { return nil }
            return withUnsafeBytes(of: slices) { $0.baseAddress!.assumingMemoryBound(to: StringSlice.self)[field.rawValue] }
        }
    }

    /// What a type's lines carry, as bits (`rules(of:)`): a product and customer (every type but
    /// `agent_status`), and an agent, required or allowed (else ignored).
    private static var hasCustomer: UInt8 { 1 }
    private static var requiresAgent: UInt8 { 2 }
    private static var allowsAgent: UInt8 { 4 }

    /// The rules of `type` (a switch of constants, which compiles to a table lookup).
    @inline(__always)
    private static func rules(of type: EventType) -> UInt8 {
        switch type {
        case .openService, .customerMessage, .botEnter, .queueEnter, .queueLeave: hasCustomer
        case .transferToHuman, .autoReply: hasCustomer | allowsAgent
        case .receptionEnter, .agentMessage, .receptionEnd, .transfer, .ratingInvite, .rating: hasCustomer | requiresAgent
        case .agentStatus: requiresAgent
        }
    }

    private(set) var interner: SymbolInterner
    /// The fields of the line being decoded.
    private var fields = FieldSlots()
    /// The order of the keys of the lines before, which the next line most likely repeats.
    private var shape = PlainLineScanner.Shape()
    /// Decoded bytes of the current line's strings that had escapes (lines read by `scanGeneral`).
    private var scratch = ScratchBuffer()
    /// The date, minute and offset of the last timestamp, which the next one most likely shares.
    private var timestamps = TimestampParser.Cache()
    /// The products and agents of the last lines, and their symbols: a log has few of each.
    private var recentProducts = SymbolInterner.RecentSet()
    private var recentAgents = SymbolInterner.RecentSet()

    /// Whether the keyword constants are right; checked once, by `assert`, in debug builds.
    private static let keywordsChecked = KeywordMatcher.selfCheck()

    init() {
        assert(Self.keywordsChecked, "KeywordMatcher constants disagree with the keywords")
        interner = SymbolInterner()
    }

    /// The symbols' names, by symbol.
    var names: SymbolNames { interner.names }

    /// Forgets the symbols, for a new chunk: its caller has mapped them to shared ones, and a log's
    /// customers mostly come and go within a chunk or two, so a table of every customer seen
    /// would grow with the log and miss the caches.
    mutating func forgetSymbols() {
        interner.removeAll()
        recentProducts = SymbolInterner.RecentSet()
        recentAgents = SymbolInterner.RecentSet()
    }

    /// The symbol of a customer id that `decode` left to the caller (ASCII, and so valid): the `n`
    /// bytes at `p`, whose hash is `hash` (see `Outcome.event`).
    mutating func internCustomer(_ p: UnsafeRawPointer, _ n: Int, hash: UInt64) -> Symbol {
        interner.intern(p, n, hash: hash)!
    }

    /// Calls `body` with the bytes of a string of the line last decoded.
    func withBytes<R>(of slice: StringSlice, line: UnsafeBufferPointer<UInt8>, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        scratch.withUnsafeBytes { body(slice.bytes(line: line, scratch: $0.assumingMemoryBound(to: UInt8.self))) }
    }

    /// Decodes `line` (without its line break), numbered `number` in its file.
    ///
    /// The fields are read by `PlainLineScanner`, or for the lines it does not take by `scanGeneral`,
    /// then checked here: in this function rather than one it calls, so that the outcome is built
    /// where the caller wants it instead of copied there.
    mutating func decode(_ lineBytes: UnsafeBufferPointer<UInt8>, number: Int) -> Outcome {
        // Where the slices start: in the line, or for strings with escapes in the scratch buffer.
        let line = lineBytes.baseAddress.map { UnsafeRawPointer($0) } ?? self.scratch.baseAddress
        let scratch: UnsafeRawPointer
        if PlainLineScanner.scan(lineBytes, shape: &shape, into: &fields) {
            scratch = line
        } else {
            if let reason = scanGeneral(lineBytes) { return .rejected(reason) }
            scratch = self.scratch.baseAddress
        }

        @inline(__always)
        func start(_ slice: StringSlice) -> UnsafeRawPointer { (slice.inScratch ? scratch : line) + slice.start }

        @inline(__always)
        func bytes(_ slice: StringSlice) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: start(slice), count: slice.count) }

        /// A required field's value, or the reason it is missing.
        @inline(__always)
        func required(_ field: Field) throws(Rejection) -> StringSlice {
            guard let slice = fields[field] else { throw Rejection(Self.missing(field)) }
            guard slice.count > 0 else { throw Rejection(Self.empty(field)) }
            return slice
        }

        /// The value of an enum field: nil when absent; throws for a value `match` does not know.
        @inline(__always)
        func enumValue<E>(_ field: Field, _ match: (UnsafeRawPointer, Int) -> E?) throws(Rejection) -> E? {
            guard let slice = fields[field] else { return nil }
            guard slice.count > 0, let value = match(start(slice), slice.count) else {
                throw Rejection(Self.unknown(field, bytes(slice)))
            }
            return value
        }

        /// The symbol of an id, or nil for an absent or empty one.
        @inline(__always)
        func intern(_ slice: StringSlice?, _ field: Field) throws(Rejection) -> Symbol {
            guard let slice, slice.count > 0 else { return Self.noSymbol }
            guard let symbol = interner.intern(start(slice), slice.count) else { throw Rejection(Self.invalidUTF8(field)) }
            return symbol
        }

        do throws(Rejection) {
            let typeSlice = try required(.type)
            guard let type = KeywordMatcher.eventType(start(typeSlice), typeSlice.count) else {
                return .rejected(Self.unknown(.type, bytes(typeSlice)))
            }
            let tsSlice = try required(.ts)
            let tsStart = start(tsSlice).assumingMemoryBound(to: UInt8.self)
            let ts: Instant
            if let instant = TimestampParser.parse(tsStart, count: tsSlice.count, cache: &timestamps) {
                ts = instant
            } else {
                ts = try Self.parseTimestamp(UnsafeBufferPointer(start: tsStart, count: tsSlice.count))
            }

            let rules = Self.rules(of: type)
            let hasCustomer = rules & Self.hasCustomer != 0

            var product = StringSlice.empty
            var customer = StringSlice.empty
            var agent: StringSlice?
            var toAgent: StringSlice?
            if hasCustomer {
                product = try required(.product)
                customer = try required(.customer)
            }
            if rules & Self.requiresAgent != 0 {
                agent = try required(.agent)
            } else if rules & Self.allowsAgent != 0 {
                agent = fields[.agent]
            }
            if type == .transfer { toAgent = try required(.toAgent) }
            if type == .receptionEnter { _ = try required(.mode) }
            if type == .rating { _ = try required(.score) }

            // Enum values are checked on every line that carries them.
            let mode = try enumValue(.mode, KeywordMatcher.receptionMode)
            let by = try enumValue(.by, KeywordMatcher.requester)
            let score = try enumValue(.score, KeywordMatcher.ratingScore)
            let channel = try enumValue(.channel, KeywordMatcher.channel)
            let work = try enumValue(.work, KeywordMatcher.workStatus)
            let connection = try enumValue(.connection, KeywordMatcher.connection)

            var productSymbol = Self.noSymbol
            var customerSymbol = Self.noSymbol
            var agentSymbol = Self.noSymbol
            var toAgentSymbol = Self.noSymbol
            var deferredCustomer: (slice: StringSlice, hash: UInt64)?
            if hasCustomer {
                guard let symbol = interner.intern(start(product), product.count, recent: &recentProducts) else {
                    throw Rejection(Self.invalidUTF8(.product))
                }
                productSymbol = symbol
                // An ASCII id in the line is valid and stays readable: the caller interns it.
                if !customer.inScratch && SymbolInterner.isASCII(start(customer), customer.count) {
                    let hash = SymbolInterner.hash(start(customer), customer.count)
                    interner.prefetch(hash: hash)
                    deferredCustomer = (customer, hash)
                } else {
                    customerSymbol = try intern(customer, .customer)
                }
            }
            if let agent, agent.count > 0 {
                guard let symbol = interner.intern(start(agent), agent.count, recent: &recentAgents) else {
                    throw Rejection(Self.invalidUTF8(.agent))
                }
                agentSymbol = symbol
            }
            if type == .transfer { toAgentSymbol = try intern(toAgent, .toAgent) }

            // Each value only on its type: selects, not a switch (the type changes unpredictably from
            // line to line), and the event built in one go.
            let event = LogEvent(
                ts: ts, type: type, product: productSymbol, customer: customerSymbol, agent: agentSymbol,
                toAgent: toAgentSymbol,
                mode: type == .receptionEnter ? mode : nil,
                by: type == .transferToHuman ? by ?? .customer : nil,
                score: type == .rating ? score : nil,
                channel: type == .openService ? channel : nil,
                work: type == .agentStatus ? work : nil,
                connection: type == .agentStatus ? connection : nil,
                line: number)
            let id = fields[.id].flatMap { $0.count > 0 ? $0 : nil }
            return .event(event, id: id, customer: deferredCustomer)
        } catch {
            return .rejected(error.reason)
        }
    }

    /// Reads the fields of any line, escapes included, into `fields` (decoding escaped strings into
    /// `scratch`): the lines `PlainLineScanner` does not take. Returns why the line is rejected, if
    /// it is not a JSON object or a defined field is not a string or null.
    private mutating func scanGeneral(_ line: UnsafeBufferPointer<UInt8>) -> String? {
        scratch.removeAll()
        fields.removeAll()
        var scanner = JSONLineScanner(line)
        do throws(JSONLineScanner.Failure) {
            scanner.skipWhitespace()
            guard scanner.current == UInt8(ascii: "{") else {
                try scanner.skipValue()
                scanner.skipWhitespace()
                guard scanner.isAtEnd else { throw scanner.unexpected(expected: "end of line") }
                return "not a JSON object"
            }
            scanner.position += 1
            scanner.skipWhitespace()
            if scanner.current != UInt8(ascii: "}") {
                while true {
                    guard scanner.current == UInt8(ascii: "\"") else { throw scanner.unexpected(expected: "a field name") }
                    let nameSlice = try scanner.scanString(scratch: &scratch)
                    let nameBytes = nameSlice.inScratch ? scratch.baseAddress : UnsafeRawPointer(line.baseAddress!)
                    let field = KeywordMatcher.field(nameBytes + nameSlice.start, nameSlice.count)
                    scanner.skipWhitespace()
                    try scanner.expect(UInt8(ascii: ":"), "':' after a field name")
                    scanner.skipWhitespace()
                    if let field {
                        switch scanner.current {
                        case UInt8(ascii: "\""):
                            fields.set(field, try scanner.scanString(scratch: &scratch))
                        case UInt8(ascii: "n"):
                            try scanner.scanNull()
                            fields.setNull(field)
                        default:
                            guard let kind = scanner.kindOfCurrent else { throw scanner.unexpected(expected: "a value") }
                            return "field \"\(field.name)\" must be a string, not \(kind.rawValue)"
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
            return "invalid JSON at column \(scanner.column(ofOffset: error.offset)): \(error.message)"
        }
        return nil
    }

    /// `Symbol.none`, spelled out: reading the other module's static costs a call on every use.
    private static var noSymbol: Symbol { Symbol(raw: 0) }

    // MARK: Reasons (built only for rejected lines)

    @inline(never)
    private static func missing(_ field: Field) -> String { "missing field \"\(field.name)\"" }

    @inline(never)
    private static func empty(_ field: Field) -> String { "empty field \"\(field.name)\"" }

    @inline(never)
    private static func unknown(_ field: Field, _ value: UnsafeRawBufferPointer) -> String {
        "unknown \(field.name) \(quoted(value))"
    }

    /// A timestamp the fast path did not take, read by the general parser, which says what is wrong.
    @inline(never)
    private static func parseTimestamp(_ bytes: UnsafeBufferPointer<UInt8>) throws(Rejection) -> Instant {
        do {
            return try TimestampParser.parse(bytes)
        } catch {
            throw Rejection("invalid ts \(quoted(UnsafeRawBufferPointer(bytes))): \(error.message)")
        }
    }

    @inline(never)
    private static func invalidUTF8(_ field: Field) -> String { "invalid UTF-8 in field \"\(field.name)\"" }


    private struct Rejection: Error {
        var reason: String
        init(_ reason: String) { self.reason = reason }
    }

    /// A value as messages show it: quoted, escaped, and cut after 64 characters.
    static func quoted(_ bytes: UnsafeRawBufferPointer) -> String {
        JSONString.quoted(String(decoding: bytes, as: UTF8.self), limit: 64)
    }
}
