import KefuCore
import Testing

@testable import KefuRuntime

@Suite("LocalCalendar")
struct LocalCalendarTests {
    static func instant(_ text: String) -> Instant {
        try! TimestampParser.parse(text)
    }

    static func day(_ text: String) -> Day {
        Day(iso: text)!
    }

    @Test("an unknown zone has no calendar")
    func unknownZone() {
        #expect(LocalCalendar(identifier: "Mars/Olympus_Mons") == nil)
    }

    @Test("Asia/Shanghai days start at 16:00 UTC")
    func shanghaiDays() throws {
        let calendar = try #require(LocalCalendar(identifier: "Asia/Shanghai"))
        #expect(calendar.day(of: Self.instant("2026-12-01T00:00:00+08:00")) == Self.day("2026-12-01"))
        #expect(calendar.day(of: Self.instant("2026-11-30T23:59:59.999999+08:00")) == Self.day("2026-11-30"))
        #expect(calendar.day(of: Self.instant("2026-11-30T16:00:00Z")) == Self.day("2026-12-01"))
        #expect(calendar.day(of: Self.instant("2026-12-01T15:59:59Z")) == Self.day("2026-12-01"))
        #expect(calendar.start(of: Self.day("2026-12-01")) == Self.instant("2026-11-30T16:00:00Z"))
        #expect(calendar.start(of: Self.day("2026-03-08")) == Self.instant("2026-03-07T16:00:00Z"))
        #expect(calendar.offset(atUnixSeconds: 1_796_086_805) == 8 * 3600)
        #expect(calendar.day(of: Self.instant("1970-01-01T07:59:59Z")) == Self.day("1970-01-01"))
        #expect(calendar.day(of: Self.instant("1969-12-31T15:59:59Z")) == Self.day("1969-12-31"))
    }

    @Test("America/New_York across the 2026-03-08 change to daylight time")
    func newYorkSpringForward() throws {
        let calendar = try #require(LocalCalendar(identifier: "America/New_York"))
        let start = calendar.start(of: Self.day("2026-03-08"))
        #expect(start == Self.instant("2026-03-08T00:00:00-05:00"))
        #expect(calendar.start(of: Self.day("2026-03-09")) == Self.instant("2026-03-09T00:00:00-04:00"))
        #expect(calendar.start(of: Self.day("2026-03-09")) - start == .seconds(23 * 3600))
        #expect(calendar.day(of: Self.instant("2026-03-08T04:59:59Z")) == Self.day("2026-03-07"))
        #expect(calendar.day(of: Self.instant("2026-03-08T05:00:00Z")) == Self.day("2026-03-08"))
        // 01:59:59 EST, then 03:00:00 EDT one second later.
        #expect(calendar.offset(atUnixSeconds: Self.instant("2026-03-08T06:59:59Z").microseconds / 1_000_000) == -5 * 3600)
        #expect(calendar.offset(atUnixSeconds: Self.instant("2026-03-08T07:00:00Z").microseconds / 1_000_000) == -4 * 3600)
        #expect(calendar.day(of: Self.instant("2026-03-08T23:59:59-04:00")) == Self.day("2026-03-08"))
        #expect(calendar.day(of: Self.instant("2026-03-09T04:00:00Z")) == Self.day("2026-03-09"))
    }

    @Test("America/New_York across the 2026-11-01 change back to standard time")
    func newYorkFallBack() throws {
        let calendar = try #require(LocalCalendar(identifier: "America/New_York"))
        let start = calendar.start(of: Self.day("2026-11-01"))
        #expect(start == Self.instant("2026-11-01T00:00:00-04:00"))
        #expect(calendar.start(of: Self.day("2026-11-02")) == Self.instant("2026-11-02T00:00:00-05:00"))
        #expect(calendar.start(of: Self.day("2026-11-02")) - start == .seconds(25 * 3600))
        // 01:30 happens twice, both on 2026-11-01.
        #expect(calendar.day(of: Self.instant("2026-11-01T01:30:00-04:00")) == Self.day("2026-11-01"))
        #expect(calendar.day(of: Self.instant("2026-11-01T01:30:00-05:00")) == Self.day("2026-11-01"))
        #expect(calendar.day(of: Self.instant("2026-11-01T23:59:59-05:00")) == Self.day("2026-11-01"))
        #expect(calendar.day(of: Self.instant("2026-11-02T05:00:00Z")) == Self.day("2026-11-02"))
        #expect(calendar.day(of: Self.instant("2026-11-01T03:59:59Z")) == Self.day("2026-10-31"))
        #expect(calendar.offset(atUnixSeconds: Self.instant("2026-11-01T05:59:59Z").microseconds / 1_000_000) == -4 * 3600)
        #expect(calendar.offset(atUnixSeconds: Self.instant("2026-11-01T06:00:00Z").microseconds / 1_000_000) == -5 * 3600)
    }

    @Test("a day whose midnight is skipped or repeated starts at its first local instant")
    func midnightGapsAndOverlaps() throws {
        // Havana springs forward at midnight (00:00 → 01:00) and falls back at 01:00 to 00:00.
        let havana = try #require(LocalCalendar(identifier: "America/Havana"))
        #expect(havana.start(of: Self.day("2026-03-08")) == Self.instant("2026-03-08T01:00:00-04:00"))
        #expect(havana.start(of: Self.day("2026-11-01")) == Self.instant("2026-11-01T00:00:00-04:00"))
        // Santiago springs forward at 24:00 on 2026-09-05.
        let santiago = try #require(LocalCalendar(identifier: "America/Santiago"))
        #expect(santiago.start(of: Self.day("2026-09-06")) == Self.instant("2026-09-06T01:00:00-03:00"))
    }

    @Test("changes of a zone's standard offset are followed, not only daylight-saving ones")
    func standardOffsetChanges() throws {
        // Moscow left +04:00 for +03:00 for good on 2014-10-26; Pyongyang used +08:30 from 2015-08-15 to 2018-05-05.
        let moscow = try #require(LocalCalendar(identifier: "Europe/Moscow"))
        #expect(moscow.offset(atUnixSeconds: Self.instant("2014-10-25T12:00:00Z").microseconds / 1_000_000) == 4 * 3600)
        #expect(moscow.offset(atUnixSeconds: Self.instant("2014-10-27T12:00:00Z").microseconds / 1_000_000) == 3 * 3600)
        #expect(moscow.day(of: Self.instant("2026-12-01T21:00:00Z")) == Self.day("2026-12-02"))
        let pyongyang = try #require(LocalCalendar(identifier: "Asia/Pyongyang"))
        #expect(pyongyang.offset(atUnixSeconds: Self.instant("2016-01-01T00:00:00Z").microseconds / 1_000_000) == 8 * 3600 + 1800)
        #expect(pyongyang.offset(atUnixSeconds: Self.instant("2019-01-01T00:00:00Z").microseconds / 1_000_000) == 9 * 3600)
    }

    @Test("start(of:) and day(of:) agree over years of days", arguments: ["Asia/Shanghai", "America/New_York", "Europe/London", "Australia/Lord_Howe"])
    func startAndDayAgree(zone: String) throws {
        let calendar = try #require(LocalCalendar(identifier: zone))
        var day = Self.day("2025-01-01")
        while day <= Self.day("2027-12-31") {
            let start = calendar.start(of: day)
            #expect(calendar.day(of: start) == day, "\(zone) \(day)")
            #expect(calendar.day(of: Instant(microseconds: start.microseconds - 1)) == day.advanced(by: -1), "\(zone) \(day)")
            day = day.advanced(by: 1)
        }
    }
}
