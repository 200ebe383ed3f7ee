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

    /// What the fast path remembers of the last instant it read: logs write instants in one layout
    /// and in order, so most share their date, hour and minute, and their offset, with the one before.
    struct Cache {
        /// The first 16 bytes (`2026-12-01T09:00`, `T` folded to lower case) of the last instant
        /// whose date and minute were valid, and the seconds from the epoch to that minute, before the
        /// offset. `minuteKey1` starts with no `t`, so it matches nothing read.
        var minuteKey0: UInt64 = 0
        var minuteKey1: UInt64 = 0
        var minuteSeconds: Int64 = 0
        /// The last valid offset's 6 bytes (`+08:00`) and its seconds; a key of 6 bytes never has
        /// the top bit that the initial value has.
        var offsetKey: UInt64 = 1 << 63
        var offsetSeconds: Int64 = 0

        init() {}
    }

    /// Reads the `count` bytes at `p` if they are a valid instant, else returns nil, in which case
    /// `parse(_:)` says why; for a valid instant both give the same value.
    ///
    /// The date and time are checked a word at a time (digits and separators in place, then ranges)
    /// unless they repeat the cached minute.
    @inline(__always)
    static func parse(_ p: UnsafePointer<UInt8>, count: Int, cache: inout Cache) -> Instant? {
        // The shortest valid instant, `2026-12-01T09:00:05Z`, has 20 bytes.
        guard count >= 20 else { return nil }
        let raw = UnsafeRawPointer(p)
        let w0 = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
        // Byte 10 is `T` or `t`: setting its 0x20 bit maps both, and only them, to `t`.
        let w1 = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)) | 0x0000_0000_0020_0000
        var seconds: Int64
        if w0 == cache.minuteKey0 && w1 == cache.minuteKey1 {
            seconds = cache.minuteSeconds
        } else {
            // `YYYY-MM-` and `DDtHH:MM`: digits where digits go, the separators exactly.
            guard allDigits(w0, mask: 0x00FF_FF00_FFFF_FFFF), w0 & 0xFF00_00FF_0000_0000 == 0x2D00_002D_0000_0000,
                allDigits(w1, mask: 0xFFFF_00FF_FF00_FFFF), w1 & 0x0000_FF00_00FF_0000 == 0x0000_3A00_0074_0000
            else { return nil }
            let d0 = w0 & 0x0F0F_0F0F_0F0F_0F0F
            let d1 = w1 & 0x0F0F_0F0F_0F0F_0F0F
            @inline(__always) func digit(_ word: UInt64, _ byte: UInt64) -> Int { Int(truncatingIfNeeded: (word &>> (byte &* 8)) & 0xFF) }
            let year = digit(d0, 0) * 1000 + digit(d0, 1) * 100 + digit(d0, 2) * 10 + digit(d0, 3)
            let month = digit(d0, 5) * 10 + digit(d0, 6)
            let day = digit(d1, 0) * 10 + digit(d1, 1)
            let hour = digit(d1, 3) * 10 + digit(d1, 4)
            let minute = digit(d1, 6) * 10 + digit(d1, 7)
            guard month >= 1 && month <= 12, day >= 1 && day <= daysIn(month: month, year: year), hour <= 23, minute <= 59
            else { return nil }
            seconds = Int64(Day(year: year, month: month, day: day).index) * 86_400 + Int64(hour * 3600 + minute * 60)
            cache.minuteKey0 = w0
            cache.minuteKey1 = w1
            cache.minuteSeconds = seconds
        }
        // `:SS` at 16 ..< 19 (a leap second `:60` is left to `parse(_:)` to explain).
        guard p[16] == UInt8(ascii: ":") else { return nil }
        let s0 = Int(p[17]) &- 48
        let s1 = Int(p[18]) &- 48
        guard s0 >= 0 && s0 <= 5 && s1 >= 0 && s1 <= 9 else { return nil }
        seconds += Int64(s0 * 10 + s1)

        var i = 19
        var micro: Int64 = 0
        if p[19] == UInt8(ascii: ".") {
            i = 20
            var kept = 0
            while i < count {
                let d = Int64(p[i]) &- 48
                guard d >= 0 && d <= 9 else { break }
                if kept < 6 {
                    micro = micro * 10 + d
                    kept += 1
                }
                i += 1
            }
            guard i > 20 else { return nil }
            while kept < 6 {
                micro *= 10
                kept += 1
            }
        }

        let rest = count - i
        if rest == 1 {
            // `Z` or `z` (0x5A and 0x7A are the only bytes whose 0x20 bit gives `z`).
            guard p[i] | 0x20 == UInt8(ascii: "z") else { return nil }
        } else if rest == 6 {
            let key = UInt64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt32.self)))
                | UInt64(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: i + 4, as: UInt16.self))) << 32
            if key != cache.offsetKey {
                // `±HH:MM`
                let sign = p[i]
                guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"), p[i + 3] == UInt8(ascii: ":") else { return nil }
                let h0 = Int(p[i + 1]) &- 48
                let h1 = Int(p[i + 2]) &- 48
                let m0 = Int(p[i + 4]) &- 48
                let m1 = Int(p[i + 5]) &- 48
                guard h0 >= 0 && h0 <= 9 && h1 >= 0 && h1 <= 9 && m0 >= 0 && m0 <= 9 && m1 >= 0 && m1 <= 9 else { return nil }
                let hours = h0 * 10 + h1
                let minutes = m0 * 10 + m1
                guard hours <= 23 && minutes <= 59 else { return nil }
                let magnitude = Int64(hours * 3600 + minutes * 60)
                cache.offsetKey = key
                cache.offsetSeconds = sign == UInt8(ascii: "-") ? -magnitude : magnitude
            }
            seconds -= cache.offsetSeconds
        } else {
            return nil
        }
        return Instant(microseconds: seconds * 1_000_000 + micro)
    }

    /// Whether every byte of `word` under `mask` (0xFF bytes) is an ASCII digit.
    @inline(__always)
    private static func allDigits(_ word: UInt64, mask: UInt64) -> Bool {
        let d = word & mask
        let highs: UInt64 = 0xF0F0_F0F0_F0F0_F0F0 & mask
        let zeros: UInt64 = 0x3030_3030_3030_3030 & mask
        // 0x30 ... 0x3F have high nibble 3; adding 6 keeps it 3 only for 0x30 ... 0x39 (and, the
        // masked bytes being below 0x40, never carries into the next byte).
        return d & highs == zeros && (d &+ (0x0606_0606_0606_0606 & mask)) & highs == zeros
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
