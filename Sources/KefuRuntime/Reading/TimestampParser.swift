import KefuCore

/// Parses RFC 3339 instants by hand: `2026-12-01T09:00:05+08:00`, `2026-12-01T01:00:05.250Z`.
///
/// An offset or `Z` is required; `t` and `z` may be lower case; a space for `T`, a leap second `:60`
/// and dates that do not exist are rejected. Fractional seconds may have any number of digits: the
/// first six are kept (microseconds), the rest truncated.
enum TimestampParser {
    struct Failure: Error, Equatable {
        /// Why, e.g. `expected 'T' at position 11, found ' '`.
        var message: String
    }

    static func parse(_ text: String) throws(Failure) -> Instant {
        var text = text
        let result: Result<Instant, Failure> = text.withUTF8 { bytes in
            do throws(Failure) { return .success(try parse(bytes)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(Failure) -> Instant {
        let count = bytes.count
        var i = 0

        /// Reads `width` digits at `i`.
        @inline(__always)
        func digits(_ width: Int) throws(Failure) -> Int {
            var value = 0
            for _ in 0..<width {
                guard i < count else { throw expected("digit", at: i, bytes) }
                let d = Int(bytes[i]) &- 48
                guard d >= 0 && d <= 9 else { throw expected("digit", at: i, bytes) }
                value = value * 10 + d
                i += 1
            }
            return value
        }

        @inline(__always)
        func literal(_ c: UInt8, _ alternative: UInt8, _ name: String) throws(Failure) {
            guard i < count, bytes[i] == c || bytes[i] == alternative else { throw expected(name, at: i, bytes) }
            i += 1
        }

        let year = try digits(4)
        try literal(UInt8(ascii: "-"), UInt8(ascii: "-"), "'-'")
        let month = try digits(2)
        try literal(UInt8(ascii: "-"), UInt8(ascii: "-"), "'-'")
        let day = try digits(2)
        try literal(UInt8(ascii: "T"), UInt8(ascii: "t"), "'T'")
        let hour = try digits(2)
        try literal(UInt8(ascii: ":"), UInt8(ascii: ":"), "':'")
        let minute = try digits(2)
        try literal(UInt8(ascii: ":"), UInt8(ascii: ":"), "':'")
        let second = try digits(2)

        var micro = 0
        if i < count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            let first = i
            while i < count, bytes[i] >= 48, bytes[i] <= 57 {
                if i - first < 6 { micro = micro * 10 + Int(bytes[i] - 48) }
                i += 1
            }
            guard i > first else { throw expected("digit", at: i, bytes) }
            for _ in min(i - first, 6)..<6 { micro *= 10 }
        }

        var offset = 0
        guard i < count else { throw expected("'Z' or an offset (+hh:mm)", at: i, bytes) }
        switch bytes[i] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            i += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign = bytes[i] == UInt8(ascii: "-") ? -1 : 1
            i += 1
            let offsetHour = try digits(2)
            try literal(UInt8(ascii: ":"), UInt8(ascii: ":"), "':'")
            let offsetMinute = try digits(2)
            guard offsetHour <= 23 else { throw Failure(message: "offset hour \(offsetHour) out of range") }
            guard offsetMinute <= 59 else { throw Failure(message: "offset minute \(offsetMinute) out of range") }
            offset = sign * (offsetHour * 3600 + offsetMinute * 60)
        default:
            throw expected("'Z' or an offset (+hh:mm)", at: i, bytes)
        }
        guard i == count else { throw Failure(message: "unexpected \(describe(bytes, at: i)) at position \(i + 1)") }

        guard (1...12).contains(month) else { throw Failure(message: "month \(month) out of range") }
        let monthDays = daysIn(month: month, year: year)
        guard day >= 1 && day <= monthDays else {
            throw Failure(message: "day \(day) out of range (\(pad(year, 4))-\(pad(month, 2)) has \(monthDays) days)")
        }
        guard hour <= 23 else { throw Failure(message: "hour \(hour) out of range") }
        guard minute <= 59 else { throw Failure(message: "minute \(minute) out of range") }
        if second == 60 { throw Failure(message: "leap second :60 is not supported") }
        guard second <= 59 else { throw Failure(message: "second \(second) out of range") }

        let days = Int64(Day(year: year, month: month, day: day).index)
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second - offset)
        return Instant(microseconds: seconds * 1_000_000 + Int64(micro))
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func expected(_ what: String, at i: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Failure {
        Failure(message: "expected \(what) at position \(i + 1), found \(describe(bytes, at: i))")
    }

    private static func describe(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> String {
        guard i < bytes.count else { return "end" }
        let c = bytes[i]
        if c >= 0x20 && c < 0x7F { return "'\(Character(Unicode.Scalar(c)))'" }
        return "byte 0x" + String(c, radix: 16, uppercase: true)
    }

    private static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }
}
