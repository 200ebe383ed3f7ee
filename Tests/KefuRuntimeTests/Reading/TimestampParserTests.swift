import KefuCore
import Testing

@testable import KefuRuntime

@Suite("TimestampParser")
struct TimestampParserTests {
    /// 2026-12-01T01:00:05Z.
    static let base: Int64 = 1_796_086_805

    @Test("an offset and Z give the same instant")
    func offsetsAndZAgree() throws {
        #expect(try TimestampParser.parse("2026-12-01T09:00:05+08:00") == Instant(unixSeconds: Self.base))
        #expect(try TimestampParser.parse("2026-12-01T01:00:05Z") == Instant(unixSeconds: Self.base))
        #expect(try TimestampParser.parse("2026-11-30T20:00:05-05:00") == Instant(unixSeconds: Self.base))
        #expect(try TimestampParser.parse("2026-12-01T06:30:05+05:30") == Instant(unixSeconds: Self.base))
        #expect(try TimestampParser.parse("2026-12-01T01:00:05-00:00") == Instant(unixSeconds: Self.base))
    }

    @Test("t and z may be lower case")
    func lowerCaseTAndZAreAccepted() throws {
        #expect(try TimestampParser.parse("2026-12-01t01:00:05z") == Instant(unixSeconds: Self.base))
    }

    @Test("fractional seconds of any length keep microseconds and truncate the rest", arguments: [
        (".2", 200_000), (".25", 250_000), (".250", 250_000), (".123456", 123_456),
        (".1234567", 123_456), (".999999999", 999_999), (".000001", 1), (".0000009", 0),
    ] as [(String, Int64)])
    func fractionalSeconds(fraction: String, micro: Int64) throws {
        let instant = try TimestampParser.parse("2026-12-01T01:00:05" + fraction + "Z")
        #expect(instant.microseconds == Self.base * 1_000_000 + micro)
    }

    @Test("instants before 1970 and leap days parse")
    func earlyInstantsAndLeapDays() throws {
        #expect(try TimestampParser.parse("1970-01-01T00:00:00Z") == Instant(microseconds: 0))
        #expect(try TimestampParser.parse("1969-12-31T23:59:59.5Z") == Instant(microseconds: -500_000))
        #expect(try TimestampParser.parse("2024-02-29T00:00:00Z") == Instant(unixSeconds: 1_709_164_800))
        #expect(try TimestampParser.parse("2000-02-29T00:00:00Z") == Instant(unixSeconds: 951_782_400))
        #expect(throws: TimestampParser.Failure.self) { try TimestampParser.parse("1900-02-29T00:00:00Z") }
    }

    @Test("malformed timestamps are rejected", arguments: [
        "", "2026", "2026-12-01", "2026-12-01T09:00Z", "2026-12-01 09:00:00Z", "2026-12-01T09:00:00",
        "2026-12-01T09:00:60Z", "2026-12-01T09:00:00+08", "2026-12-01T09:00:00+08:60", " 2026-12-01T09:00:00Z",
        "2026-12-01T09:00:00Z ", "2026-1-01T09:00:00Z", "２０２６-12-01T09:00:00Z", "2026-04-31T00:00:00Z",
    ])
    func malformedTimestampsAreRejected(text: String) {
        #expect(throws: TimestampParser.Failure.self) { try TimestampParser.parse(text) }
    }
}
