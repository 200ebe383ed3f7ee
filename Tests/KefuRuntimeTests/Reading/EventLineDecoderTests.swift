import KefuCore
import KefuMetrics
import Testing

@testable import KefuRuntime

@Suite("EventLineDecoder: valid lines")
struct EventLineDecoderValidLineTests {
    typealias F = ReadingFixtures

    @Test("a minimal line of every type is accepted", arguments: EventType.allCases)
    func minimalLineOfEveryTypeIsAccepted(type: EventType) throws {
        let line = F.jsonLine(F.minimalLine(type))
        let (event, symbols) = try #require(F.event(line), "\(line) rejected: \(F.rejection(line) ?? "")")
        #expect(event.type == type)
        #expect(event.ts == Instant(unixSeconds: 1_796_086_800))  // 2026-12-01T01:00:00Z
        #expect(event.line == 1)
        if type == .agentStatus {
            #expect(event.product == .none && event.customer == .none)
        } else {
            #expect(symbols.name(of: event.product) == "p1")
            #expect(symbols.name(of: event.customer) == "c1")
        }
        let hasAgent = F.minimalLine(type).contains { $0.0 == "agent" }
        #expect(event.agent.isNone == !hasAgent)
        if hasAgent { #expect(symbols.name(of: event.agent) == "a1") }
        #expect((type == .transfer) == !event.toAgent.isNone)
        #expect(event.mode == (type == .receptionEnter ? .auto : nil))
        #expect(event.score == (type == .rating ? .satisfied : nil))
        #expect(event.by == (type == .transferToHuman ? .customer : nil))
    }

    @Test("the fields of every kind of event are read")
    func optionalFieldsAreRead() throws {
        let (handover, s1) = try #require(F.event(#"{"ts":"2026-12-01T09:00:00Z","type":"transfer_to_human","product":"p","customer":"c","by":"agent","agent":"a9"}"#))
        #expect(handover.by == .agent)
        #expect(s1.name(of: handover.agent) == "a9")

        let (open, _) = try #require(F.event(#"{"ts":"2026-12-01T09:00:00Z","type":"open_service","product":"p","customer":"c","channel":"official_account"}"#))
        #expect(open.channel == .officialAccount)

        let (status, s2) = try #require(F.event(#"{"ts":"2026-12-01T09:00:00Z","type":"agent_status","agent":"a1","work":"offline","connection":"disconnected"}"#))
        #expect(status.work == .offline && status.connection == .disconnected)
        #expect(s2.name(of: status.agent) == "a1")

        let (enter, _) = try #require(F.event(#"{"ts":"2026-12-01T09:00:00Z","type":"reception_enter","product":"p","customer":"c","agent":"a","mode":"queue_auto"}"#))
        #expect(enter.mode == .queueAuto)

        let (rating, _) = try #require(F.event(#"{"ts":"2026-12-01T09:00:00Z","type":"rating","product":"p","customer":"c","agent":"a","score":"unsatisfied"}"#))
        #expect(rating.score == .unsatisfied)

        let (transfer, s3) = try #require(F.event(#"{"ts":"2026-12-01T09:00:00Z","type":"transfer","product":"p","customer":"c","agent":"a","to_agent":"b"}"#))
        #expect(s3.name(of: transfer.agent) == "a" && s3.name(of: transfer.toAgent) == "b")
    }

    @Test("an agent_status may carry neither work nor connection")
    func agentStatusWithoutWorkOrConnectionIsAccepted() throws {
        let (event, _) = try #require(F.event(#"{"ts":"2026-12-01T09:00:00Z","type":"agent_status","agent":"a1"}"#))
        #expect(event.work == nil && event.connection == nil)
    }

    @Test("fields a type does not use are left absent")
    func fieldsATypeDoesNotUseAreIgnored() throws {
        let (message, _) = try #require(F.event(#"{"ts":"2026-12-01T09:00:00Z","type":"customer_message","product":"p","customer":"c","agent":"a","to_agent":"b","channel":"h5","work":"online"}"#))
        #expect(message.agent == .none && message.toAgent == .none && message.channel == nil && message.work == nil)
        let (status, _) = try #require(F.event(#"{"ts":"2026-12-01T09:00:00Z","type":"agent_status","agent":"a","product":"p","customer":"c"}"#))
        #expect(status.product == .none && status.customer == .none)
    }

    @Test("an optional agent may be null or empty")
    func optionalAgentMayBeNullOrEmpty() throws {
        for agent in [#""""#, "null"] {
            let line = #"{"ts":"2026-12-01T09:00:00Z","type":"auto_reply","product":"p","customer":"c","agent":"# + agent + "}"
            let (event, _) = try #require(F.event(line))
            #expect(event.agent == .none)
        }
    }

    @Test("escapes and CJK characters in strings are decoded")
    func escapesAndCJKAreDecoded() throws {
        let line = #"{"ts":"2026-12-01T09:00:00Z","type":"customer_message","product":"小程序\/商城","customer":"客\"户\\一\b\f\n\r\t号"}"#
        let (event, symbols) = try #require(F.event(line))
        #expect(symbols.name(of: event.product) == "小程序/商城")
        #expect(symbols.name(of: event.customer) == "客\"户\\一\u{8}\u{C}\n\r\t号")
    }

    @Test("\\u escapes, surrogate pairs included, are decoded")
    func unicodeEscapesAndSurrogatePairsAreDecoded() throws {
        let line = #"{"ts":"2026-12-01T09:00:00Z","type":"customer_message","product":"\u5BA2\u6237","customer":"x\uD83D\uDE00y\u00e9\u0041"}"#
        let (event, symbols) = try #require(F.event(line))
        #expect(symbols.name(of: event.product) == "客户")
        #expect(symbols.name(of: event.customer) == "x😀yéA")
    }

    @Test("an escaped id and the same id written plainly are one symbol")
    func escapedAndPlainIdAreOneSymbol() {
        let log = F.log(
            #"{"ts":"2026-12-01T09:00:00Z","type":"customer_message","product":"p","customer":"c\u0031"}"# + "\n"
                + #"{"ts":"2026-12-01T09:00:01Z","type":"customer_message","product":"p","customer":"c1"}"#)
        #expect(log.events.count == 2)
        #expect(log.events[0].customer == log.events[1].customer)
        #expect(log.symbols.count == 2)
    }

    @Test("field names are matched after decoding their escapes")
    func escapedFieldNamesAreMatched() throws {
        let (event, symbols) = try #require(F.event(#"{"\u0074s":"2026-12-01T09:00:00Z","type":"customer_message","product":"p","cust\u006fmer":"c9"}"#))
        #expect(symbols.name(of: event.customer) == "c9")
    }

    @Test("unknown fields of every JSON type are skipped, however nested")
    func unknownFieldsAreSkipped() throws {
        let line = """
            {"meta":{"a":[1,2,{"b":null,"c":[true,false,"}]\\"{"]}],"d":{}},"ts":"2026-12-01T09:00:00Z",\
            "n":-12.5e+3,"z":0,"f":1E-2,"t":true,"ff":false,"nn":null,"arr":[],"s":"x\\u0041\\"",\
            "type":"customer_message","客服":"名","product":"p","customer":"c","deep":[[[[[]]]]]}
            """
        let (event, symbols) = try #require(F.event(line), "\(F.rejection(line) ?? "")")
        #expect(event.type == .customerMessage)
        #expect(symbols.name(of: event.customer) == "c")
    }

    @Test("whitespace around every token is allowed")
    func whitespaceAroundTokensIsAllowed() throws {
        let line = " \t{ \"ts\" :\t\"2026-12-01T09:00:00Z\" , \"type\": \"bot_enter\" ,\"product\" : \"p\",\"customer\":\"c\" , \"x\" : [ 1 , { } ] } \t"
        let (event, _) = try #require(F.event(line), "\(F.rejection(line) ?? "")")
        #expect(event.type == .botEnter)
    }

    @Test("a field given twice takes its last value")
    func repeatedFieldTakesLastValue() throws {
        let (event, symbols) = try #require(F.event(#"{"ts":"2026-12-01T09:00:00Z","type":"bot_enter","product":"p","customer":"first","customer":"second"}"#))
        #expect(symbols.name(of: event.customer) == "second")
    }
}

@Suite("EventLineDecoder: rejected lines")
struct EventLineDecoderRejectionTests {
    typealias F = ReadingFixtures

    @Test("a line that is not JSON is rejected with the column", arguments: [
        ("hello", "invalid JSON at column 1: expected a value, found 'h'"),
        (#"{"ts":"2026-12-01T09:00:00Z" "type":"x"}"#, "invalid JSON at column 30: expected ',' or '}', found '\"'"),
        (#"{"ts":"2026-12-01T09:00:00Z","#, "invalid JSON at column 30: expected a field name, found end of line"),
        (#"{"ts":"2026-12-01T09:00:00Z",}"#, "invalid JSON at column 30: expected a field name, found '}'"),
        (#"{"ts" "2026"}"#, "invalid JSON at column 7: expected ':' after a field name, found '\"'"),
        (#"{"ts":"2026-12-01T09:00:00Z"} x"#, "invalid JSON at column 31: expected end of line after the object, found 'x'"),
        (#"{"ts":"2026-12-01T09:00:00Z"#, "invalid JSON at column 7: unterminated string"),
        (#"{"客户":"名", "x":tru}"#, "invalid JSON at column 16: invalid literal (expected true)"),
        (#"{"x":01}"#, "invalid JSON at column 7: expected ',' or '}', found '1'"),
        (#"{"x":1.}"#, "invalid JSON at column 6: invalid number"),
        (#"{"x":"a\qb"}"#, "invalid JSON at column 8: invalid escape '\\q'"),
        (#"{"x":"\u12G4"}"#, "invalid JSON at column 7: invalid \\u escape"),
        (#"{"customer":"\uD800x"}"#, "invalid JSON at column 14: unpaired surrogate in \\u escape"),
        (#"{"customer":"\uDC00"}"#, "invalid JSON at column 14: unpaired surrogate in \\u escape"),
        (#"{"customer":"\uD83D\u0041"}"#, "invalid JSON at column 14: unpaired surrogate in \\u escape"),
        ("{\"x\":\"a\tb\"}", "invalid JSON at column 8: control character in a string"),
    ])
    func notJSONIsRejected(line: String, reason: String) {
        #expect(F.rejection(line) == reason)
    }

    @Test("a JSON value that is not an object is rejected", arguments: [
        "[1,2]", #""text""#, "42", "null", "true", "[]", #"[{"ts":"2026-12-01T09:00:00Z"}]"#,
    ])
    func notAnObjectIsRejected(line: String) {
        #expect(F.rejection(line) == "not a JSON object")
    }

    /// Every (type, required field) pair.
    static let requiredFields: [(EventType, String)] = EventType.allCases.flatMap { type in
        ReadingFixtures.minimalLine(type).map { (type, $0.0) }
    }

    @Test("a line missing a required field is rejected", arguments: requiredFields)
    func missingRequiredFieldIsRejected(type: EventType, field: String) {
        let fields = F.minimalLine(type).filter { $0.0 != field }
        #expect(F.rejection(F.jsonLine(fields)) == "missing field \"\(field)\"")
    }

    @Test("a required field that is null is missing", arguments: requiredFields)
    func nullRequiredFieldIsMissing(type: EventType, field: String) {
        let line = "{" + F.minimalLine(type).map { "\"\($0.0)\":" + ($0.0 == field ? "null" : "\"\($0.1)\"") }.joined(separator: ",") + "}"
        #expect(F.rejection(line) == "missing field \"\(field)\"")
    }

    @Test("a required field that is an empty string is rejected", arguments: requiredFields)
    func emptyRequiredFieldIsRejected(type: EventType, field: String) {
        let fields = F.minimalLine(type).map { ($0.0, $0.0 == field ? "" : $0.1) }
        #expect(F.rejection(F.jsonLine(fields)) == "empty field \"\(field)\"")
    }

    @Test("an empty object is missing its type")
    func emptyObjectIsRejected() {
        #expect(F.rejection("{}") == "missing field \"type\"")
        #expect(F.rejection(" { } ") == "missing field \"type\"")
    }

    @Test("an unknown type is rejected")
    func unknownTypeIsRejected() {
        #expect(F.rejection(#"{"ts":"2026-12-01T09:00:00Z","type":"foo","product":"p","customer":"c"}"#) == #"unknown type "foo""#)
        #expect(F.rejection(#"{"ts":"2026-12-01T09:00:00Z","type":"Open_Service","product":"p","customer":"c"}"#) == #"unknown type "Open_Service""#)
        #expect(F.rejection(#"{"ts":"2026-12-01T09:00:00Z","type":"a_type_name_much_longer_than_any_keyword","product":"p","customer":"c"}"#) == #"unknown type "a_type_name_much_longer_than_any_keyword""#)
    }

    @Test("an unknown enum value is rejected", arguments: [
        (#""type":"rating","agent":"a","score":"great""#, #"unknown score "great""#),
        (#""type":"reception_enter","agent":"a","mode":"transfer""#, #"unknown mode "transfer""#),
        (#""type":"reception_enter","agent":"a","mode":"AUTO""#, #"unknown mode "AUTO""#),
        (#""type":"transfer_to_human","by":"bot""#, #"unknown by "bot""#),
        (#""type":"open_service","channel":"app""#, #"unknown channel "app""#),
        (#""type":"open_service","channel":"""#, #"unknown channel """#),
        (#""type":"agent_status","agent":"a","work":"busy""#, #"unknown work "busy""#),
        (#""type":"agent_status","agent":"a","connection":"lost""#, #"unknown connection "lost""#),
    ])
    func unknownEnumValueIsRejected(fields: String, reason: String) {
        let line = #"{"ts":"2026-12-01T09:00:00Z","product":"p","customer":"c","# + fields + "}"
        #expect(F.rejection(line) == reason)
    }

    @Test("an unparseable ts is rejected", arguments: [
        ("2026-12-01 09:00:00", "expected 'T' at position 11, found ' '"),
        ("2026-12-01 09:00:00+08:00", "expected 'T' at position 11, found ' '"),
        ("2026-12-01T09:00:00", "expected 'Z' or an offset (+hh:mm) at position 20, found end"),
        ("2026-12-01T09:00:60Z", "leap second :60 is not supported"),
        ("2026-13-01T09:00:00Z", "month 13 out of range"),
        ("2026-00-01T09:00:00Z", "month 0 out of range"),
        ("2026-12-32T09:00:00Z", "day 32 out of range (2026-12 has 31 days)"),
        ("2026-02-29T09:00:00Z", "day 29 out of range (2026-02 has 28 days)"),
        ("2026-12-01T24:00:00Z", "hour 24 out of range"),
        ("2026-12-01T09:60:00Z", "minute 60 out of range"),
        ("2026-12-01T09:00:00.Z", "expected digit at position 21, found 'Z'"),
        ("2026-12-01T09:00:00+0800", "expected ':' at position 23, found '0'"),
        ("2026-12-01T09:00:00+24:00", "offset hour 24 out of range"),
        ("2026-12-01T09:00:00ZZ", "unexpected 'Z' at position 21"),
        ("26-12-01T09:00:00Z", "expected digit at position 3, found '-'"),
        ("1764579600", "expected '-' at position 5, found '5'"),
    ])
    func badTimestampIsRejected(ts: String, message: String) {
        let line = #"{"ts":""# + ts + #"","type":"bot_enter","product":"p","customer":"c"}"#
        #expect(F.rejection(line) == "invalid ts \"\(ts)\": \(message)")
    }

    @Test("a known field of the wrong JSON type is rejected", arguments: [
        (#""customer":42"#, #"field "customer" must be a string, not a number"#),
        (#""customer":{"id":"c"}"#, #"field "customer" must be a string, not an object"#),
        (#""product":["p"]"#, #"field "product" must be a string, not an array"#),
        (#""id":7"#, #"field "id" must be a string, not a number"#),
        (#""agent":true"#, #"field "agent" must be a string, not a boolean"#),
        (#""ts":1764579600"#, #"field "ts" must be a string, not a number"#),
        (#""type":-1"#, #"field "type" must be a string, not a number"#),
    ])
    func wrongJSONTypeIsRejected(field: String, reason: String) {
        let line = #"{"ts":"2026-12-01T09:00:00Z","type":"bot_enter","product":"p","customer":"c","# + field + "}"
        #expect(F.rejection(line) == reason)
    }

    @Test("an id that is not valid UTF-8 is rejected")
    func invalidUTF8IdIsRejected() {
        var bytes = Array(#"{"ts":"2026-12-01T09:00:00Z","type":"bot_enter","product":"p","customer":"c"#.utf8)
        bytes += [0xE5, 0xAE]  // a truncated 3-byte sequence
        bytes += Array(#""}"#.utf8)
        let log = EventLogReader.read(bytes: bytes)
        #expect(log.summary.errors.map(\.reason) == [#"invalid UTF-8 in field "customer""#])
    }

    @Test("an unknown field nested too deeply is rejected, not a crash")
    func deepNestingIsRejected() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let reason = F.rejection(#"{"ts":"2026-12-01T09:00:00Z","type":"bot_enter","x":"# + deep + "}")
        #expect(reason == "invalid JSON at column \(53 + JSONLineScanner.maximumDepth): nesting too deep")
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(F.event(#"{"ts":"2026-12-01T09:00:00Z","type":"bot_enter","product":"p","customer":"c","x":{"y":"# + fine + "}}") != nil)
    }

    @Test("the column of a JSON error counts characters, not bytes")
    func columnCountsCharacters() {
        #expect(F.rejection(#"{"客户":"名字" x}"#) == "invalid JSON at column 12: expected ',' or '}', found 'x'")
    }

    @Test("long values are cut in reasons")
    func longValuesAreCutInReasons() {
        let long = String(repeating: "类", count: 100)
        let reason = F.rejection(#"{"ts":"2026-12-01T09:00:00Z","type":""# + long + #"","product":"p","customer":"c"}"#)
        #expect(reason == "unknown type \"" + String(repeating: "类", count: 64) + "…\"")
    }

    @Test("a rejected line interns no symbols")
    func rejectedLineInternsNothing() {
        let log = F.log(#"{"ts":"2026-12-01T09:00:00","type":"bot_enter","product":"p","customer":"c"}"#)
        #expect(log.summary.rejected == 1)
        #expect(log.symbols.count == 0)
    }
}
