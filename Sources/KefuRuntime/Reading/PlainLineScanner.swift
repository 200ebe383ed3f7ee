/// The fast path of `EventLineDecoder`: reads the fields of a well-formed line in one pass, when
/// every field the log defines is a string without escapes, or null.
///
/// A line of 16 to 512 bytes (the usual line) is first classified 16 bytes at a time: a buffer
/// parallel to the line gets 0x80 where a byte is a quote, a backslash or a control character, so
/// the end of a string is found eight bytes at a time with one load and a bit scan. Other lines
/// find string ends with the same test done on eight bytes of the line at a time. A key is first
/// compared, two words at once, with the key the lines before had in its place (`Shape`), and
/// otherwise found and matched by `KeywordMatcher`. The scan gives up (and `EventLineDecoder`
/// reads the line with its general scanner, which also explains what is wrong) on a line that is
/// not JSON, or whose defined fields are not plain strings or null. Whitespace between tokens is
/// fine, and so are unknown fields of any kind.
enum PlainLineScanner {
    typealias Field = EventLineDecoder.Field

    /// Lines up to this long are classified in a buffer on the stack.
    static let classifiedLineLength = 512

    /// Reads `line`'s fields into `fields`; false when the general scanner must read it. For a line
    /// it accepts, `fields` ends up as the general scanner would leave it, every string in the line.
    @inline(__always)
    static func scan(
        _ line: UnsafeBufferPointer<UInt8>, shape: inout Shape, into fields: inout EventLineDecoder.FieldSlots
    ) -> Bool {
        guard let p = line.baseAddress else { return false }
        let n = line.count
        if n >= 16 && n <= classifiedLineLength {
            // The classes of the line's bytes, the sentinel at `n`, and zeros to the next word.
            return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: classifiedLineLength / 8 + 2) { words in
                let classes = UnsafeMutableRawPointer(words.baseAddress!)
                classify(p, n, into: classes)
                return scanFields(p, n, SpecialBytes(classes: classes), shape: &shape, into: &fields)
            }
        }
        return scanFields(p, n, PlainRuns(p: p, count: n), shape: &shape, into: &fields)
    }

    // MARK: The keys of the lines before

    /// The defined keys of the lines read before, by their place in the line, as written compactly
    /// (`"key":"`, a string value right after). A log's lines mostly repeat their keys' order, so
    /// the scan first compares the bytes at a key with the key last seen in that place: one
    /// comparison of two words instead of finding the key's end, matching it, and the colon.
    struct Shape {
        /// Keys from this place on are not remembered.
        static let places = 16

        fileprivate struct Key {
            /// The pattern's first 8 bytes and the next up to 8 (little-endian), under their masks;
            /// a place never set has a low byte no byte can match.
            var low: UInt64 = 0x100
            var high: UInt64 = 0
            var lowMask: UInt64 = 0xFF
            var highMask: UInt64 = 0
            /// The pattern's length, which ends on the value's opening quote.
            var length = 0
            var field = Field.id
        }

        private var keys = (
            Key(), Key(), Key(), Key(), Key(), Key(), Key(), Key(), Key(), Key(), Key(), Key(), Key(), Key(), Key(), Key()
        )

        init() {}

        /// The field and pattern length of the key at place `k` if the 16 bytes at `at` start with it.
        @inline(__always)
        fileprivate func match(_ k: Int, _ at: UnsafeRawPointer) -> (field: Field, length: Int)? {
            let key = withUnsafeBytes(of: keys) { $0.baseAddress!.assumingMemoryBound(to: Key.self)[k] }
            let low = UInt64(littleEndian: at.loadUnaligned(as: UInt64.self))
            let high = UInt64(littleEndian: at.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            guard low & key.lowMask == key.low, high & key.highMask == key.high else { return nil }
            return (key.field, key.length)
        }

        /// Remembers at place `k` the `length` bytes at `at` (`6 ... 16`; 16 are readable), `field`'s key.
        @inline(__always)
        fileprivate mutating func remember(_ k: Int, _ at: UnsafeRawPointer, length: Int, _ field: Field) {
            let lowMask: UInt64 = length >= 8 ? ~0 : ~0 &>> UInt64(truncatingIfNeeded: (8 &- length) &<< 3)
            let highMask: UInt64 = length <= 8 ? 0 : ~0 &>> UInt64(truncatingIfNeeded: (16 &- length) &<< 3)
            let key = Key(
                low: UInt64(littleEndian: at.loadUnaligned(as: UInt64.self)) & lowMask,
                high: UInt64(littleEndian: at.loadUnaligned(fromByteOffset: 8, as: UInt64.self)) & highMask,
                lowMask: lowMask, highMask: highMask, length: length, field: field)
            withUnsafeMutableBytes(of: &keys) { $0.baseAddress!.assumingMemoryBound(to: Key.self)[k] = key }
        }
    }

    // MARK: Where strings end

    /// Finds the first byte at or after a position that may end a string.
    protocol StringEnds {
        /// The index of the first byte from `start` (`start <= count`) that is `"`, `\\` or a control
        /// character, or the line's length if none is.
        func special(from start: Int) -> Int
    }

    /// A classified line: one read of eight class bytes covers eight bytes of the line.
    struct SpecialBytes: StringEnds {
        let classes: UnsafeMutableRawPointer

        @inline(__always)
        func special(from start: Int) -> Int {
            // The word holding `start`, without the bytes before it; the sentinel ends the search.
            var at = start & ~7
            var bits = classes.load(fromByteOffset: at, as: UInt64.self) & (~0 &<< UInt64(truncatingIfNeeded: (start & 7) << 3))
            while bits == 0 {
                at &+= 8
                bits = classes.load(fromByteOffset: at, as: UInt64.self)
            }
            return at &+ (bits.trailingZeroBitCount &>> 3)
        }
    }

    /// Any line: the same test on the line's bytes, eight at a time.
    struct PlainRuns: StringEnds {
        let p: UnsafePointer<UInt8>
        let count: Int

        @inline(__always)
        func special(from start: Int) -> Int {
            var i = start
            let raw = UnsafeRawPointer(p)
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            while i &+ 8 <= count {
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                let quote = word ^ 0x2222_2222_2222_2222
                let backslash = word ^ 0x5C5C_5C5C_5C5C_5C5C
                // A byte is flagged if it is zero after the xor (a quote or backslash) or below 0x20;
                // the lowest flagged byte is always a real one (borrows only run upwards).
                let flags = ((quote &- ones) & ~quote | (backslash &- ones) & ~backslash | (word &- 0x2020_2020_2020_2020) & ~word) & highs
                if flags != 0 { return i &+ (flags.trailingZeroBitCount &>> 3) }
                i &+= 8
            }
            while i < count {
                let c = p[i]
                if c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") || c < 0x20 { return i }
                i &+= 1
            }
            return count
        }
    }

    /// Writes at `classes` one byte per byte of the `n` bytes at `p` (`16 <= n`): 0x80 for a quote,
    /// a backslash or a control character, else 0; then 0x80 at `n` (a sentinel) and zeros up to
    /// the next multiple of 8 after it.
    @inline(__always)
    static func classify(_ p: UnsafePointer<UInt8>, _ n: Int, into classes: UnsafeMutableRawPointer) {
        let raw = UnsafeRawPointer(p)
        var j = 0
        while j &+ 16 <= n {
            classes.storeBytes(of: specials(raw.loadUnaligned(fromByteOffset: j, as: SIMD16<UInt8>.self)), toByteOffset: j, as: SIMD16<UInt8>.self)
            j &+= 16
        }
        if j < n {
            // The last 16 bytes, overlapping bytes already classified (with the same classes).
            classes.storeBytes(of: specials(raw.loadUnaligned(fromByteOffset: n &- 16, as: SIMD16<UInt8>.self)), toByteOffset: n &- 16, as: SIMD16<UInt8>.self)
        }
        classes.storeBytes(of: 0x80 as UInt64, toByteOffset: n, as: UInt64.self)
    }

    /// 0x80 in the lanes of `v` that hold a quote, a backslash or a control character, else 0.
    ///
    /// Plain vector arithmetic, each test exact within its lane: `(x &- 1) & ~x` has its top bit
    /// set just when `x == 0`, and `(v &- 0x20) & ~v` just when `v < 0x20`. (Comparison operators
    /// on SIMD types do not compile to vector instructions.)
    @inline(__always)
    static func specials(_ v: SIMD16<UInt8>) -> SIMD16<UInt8> {
        let one = SIMD16<UInt8>(repeating: 1)
        let q = v ^ SIMD16(repeating: 0x22)
        let b = v ^ SIMD16(repeating: 0x5C)
        return ((q &- one) & ~q | (b &- one) & ~b | (v &- SIMD16(repeating: 0x20)) & ~v) & SIMD16(repeating: 0x80)
    }

    // MARK: The fields

    /// Reads the fields of the `n` bytes at `p`, finding string ends with `ends`.
    ///
    /// A line it accepts ends with `}` then whitespace, so it first finds that brace: every byte the
    /// loop reads is then at or before it (each step moves past a byte that is not the last `}`, or
    /// over whitespace, which stops at it), and the reads need no bounds checks.
    @inline(__always)
    static func scanFields<Ends: StringEnds>(
        _ p: UnsafePointer<UInt8>, _ n: Int, _ ends: Ends, shape: inout Shape, into fields: inout EventLineDecoder.FieldSlots
    ) -> Bool {
        fields.removeAll()
        let raw = UnsafeRawPointer(p)

        @inline(__always)
        func isWhitespace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A }

        /// Two bytes at `k` as a little-endian integer.
        @inline(__always)
        func pair(_ k: Int) -> UInt16 { UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: k, as: UInt16.self)) }

        var last = n &- 1
        while last >= 0 && isWhitespace(p[last]) { last &-= 1 }
        guard last > 0, p[last] == UInt8(ascii: "}") else { return false }

        /// Moves `i` (at most `last`) past whitespace; it stops at `last` at the latest.
        @inline(__always)
        func skipWhitespace(_ i: inout Int) {
            while isWhitespace(p[i]) { i &+= 1 }
        }

        /// The index of the quote that closes the string opened at `open`, or nil if it has escapes
        /// or control characters or no end. A string's end is never `last` (a brace), nor after it
        /// (whitespace, not a quote).
        @inline(__always)
        func close(_ open: Int) -> Int? {
            let end = ends.special(from: open &+ 1)
            return end < last && p[end] == UInt8(ascii: "\"") ? end : nil
        }

        /// At `,` (then whitespace): true; at `}`: false, `i` staying on it; else nil.
        @inline(__always)
        func separator(_ i: inout Int) -> Bool? {
            if p[i] == UInt8(ascii: ",") {
                i &+= 1
                if p[i] <= 0x20 { skipWhitespace(&i) }
                return true
            }
            return p[i] == UInt8(ascii: "}") ? false : nil
        }

        var i = 0
        if p[i] <= 0x20 { skipWhitespace(&i) }
        guard p[i] == UInt8(ascii: "{") else { return false }
        i &+= 1
        if p[i] <= 0x20 { skipWhitespace(&i) }
        if p[i] == UInt8(ascii: "}") { return i == last }

        var place = 0
        while true {
            let field: Field?
            if place < Shape.places && i &+ 16 <= n, let known = shape.match(place, raw + i) {
                // The key the line before had here, and its string value: at the value's quote.
                field = known.field
                i &+= known.length &- 1
            } else {
                // The field name; an escaped one is decoded (by the general scanner) before matching.
                guard p[i] == UInt8(ascii: "\""), let nameEnd = close(i) else { return false }
                field = KeywordMatcher.field(raw + (i &+ 1), nameEnd &- i &- 1)
                let nameStart = i
                i = nameEnd &+ 1
                // `":"` then the value, mostly a string right after it; else whitespace around the colon.
                if i < last && pair(i) == 0x223A {
                    let length = nameEnd &- nameStart &+ 3
                    if let field, place < Shape.places, length <= 16, nameStart &+ 16 <= n {
                        shape.remember(place, raw + nameStart, length: length, field)
                    }
                    i &+= 1
                } else {
                    if p[i] <= 0x20 { skipWhitespace(&i) }
                    guard p[i] == UInt8(ascii: ":") else { return false }
                    i &+= 1
                    if p[i] <= 0x20 { skipWhitespace(&i) }
                }
            }
            place &+= 1

            // The value.
            if p[i] == UInt8(ascii: "\"") {
                guard let end = close(i) else {
                    // Escapes: not for a defined field; an unknown one's string is checked and skipped.
                    guard field == nil, let after = skipValue(p, n, at: i, last: last) else { return false }
                    i = after
                    if p[i] <= 0x20 { skipWhitespace(&i) }
                    guard let next = separator(&i) else { return false }
                    if next { continue } else { break }
                }
                if let field { fields.set(field, StringSlice(start: i &+ 1, count: end &- i &- 1, inScratch: false)) }
                i = end &+ 1
            } else if let field {
                // `null` (followed by at least the last brace), or the wrong type for the general scanner to name.
                guard p[i] == UInt8(ascii: "n"), i &+ 3 < last, p[i &+ 1] == UInt8(ascii: "u"), p[i &+ 2] == UInt8(ascii: "l"),
                    p[i &+ 3] == UInt8(ascii: "l")
                else { return false }
                fields.setNull(field)
                i &+= 4
            } else {
                guard let after = skipValue(p, n, at: i, last: last) else { return false }
                i = after
            }

            // `,"` next, mostly; else whitespace around `,` or the closing brace.
            if i < last && pair(i) == 0x222C {
                i &+= 1
                continue
            }
            if p[i] <= 0x20 { skipWhitespace(&i) }
            guard let next = separator(&i) else { return false }
            if !next { break }
        }
        return i == last
    }

    /// Checks and skips any JSON value at `i` with the general scanner; nil if it is invalid or takes
    /// the line's last brace (leaving the object unclosed).
    @inline(never)
    static func skipValue(_ p: UnsafePointer<UInt8>, _ n: Int, at i: Int, last: Int) -> Int? {
        var scanner = JSONLineScanner(UnsafeBufferPointer(start: p, count: n), position: i)
        do throws(JSONLineScanner.Failure) { try scanner.skipValue() } catch { return nil }
        return scanner.position <= last ? scanner.position : nil
    }
}
