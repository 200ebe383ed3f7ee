/// A byte-level JSON scanner over one line of UTF-8.
///
/// It reads strings without building `String`s: a string without escapes is returned as a slice of
/// the line; one with escapes (`\" \\ \/ \b \f \n \r \t \uXXXX`, surrogate pairs included) is decoded
/// into a caller-owned scratch buffer. Other values are validated and skipped, however nested.
struct JSONLineScanner {
    /// A syntax error at a byte offset of the line.
    struct Failure: Error {
        var offset: Int
        var message: String
    }

    /// The kinds of JSON value, named as in messages.
    enum Kind: String {
        case object = "an object", array = "an array", string = "a string", number = "a number"
        case bool = "a boolean", null = "null"
    }

    /// How deep arrays and objects may nest in a skipped value.
    static let maximumDepth = 512

    let bytes: UnsafeBufferPointer<UInt8>
    var position: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>, position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    var isAtEnd: Bool { position >= bytes.count }

    /// The byte at the position; 0 at the end of the line (a NUL byte is never valid outside strings).
    @inline(__always)
    var current: UInt8 { position < bytes.count ? bytes[position] : 0 }

    @inline(__always)
    mutating func skipWhitespace() {
        while position < bytes.count {
            let c = bytes[position]
            guard c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A else { return }
            position += 1
        }
    }

    /// Consumes `byte` or throws `expected <what>`.
    @inline(__always)
    mutating func expect(_ byte: UInt8, _ what: String) throws(Failure) {
        guard position < bytes.count, bytes[position] == byte else { throw unexpected(expected: what) }
        position += 1
    }

    /// The failure `expected <what>, found <the current byte>` at the position.
    func unexpected(expected what: String) -> Failure {
        Failure(offset: position, message: "expected \(what), found \(describeCurrent())")
    }

    func describeCurrent() -> String {
        guard position < bytes.count else { return "end of line" }
        let c = bytes[position]
        if c >= 0x20 && c < 0x7F { return "'\(Character(Unicode.Scalar(c)))'" }
        if c < 0x80 { return "byte 0x" + String(c, radix: 16, uppercase: true) }
        // Show the whole character when it is valid UTF-8.
        var end = position + 1
        while end < bytes.count, end - position < 4, bytes[end] & 0xC0 == 0x80 { end += 1 }
        if let s = String(validating: UnsafeBufferPointer(rebasing: bytes[position..<end]), as: UTF8.self) {
            return "'\(s)'"
        }
        return "byte 0x" + String(c, radix: 16, uppercase: true)
    }

    /// The kind of the value starting at the position, from its first byte; nil if none can start there.
    var kindOfCurrent: Kind? {
        switch current {
        case UInt8(ascii: "{"): .object
        case UInt8(ascii: "["): .array
        case UInt8(ascii: "\""): .string
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): .number
        case UInt8(ascii: "t"), UInt8(ascii: "f"): .bool
        case UInt8(ascii: "n"): .null
        default: nil
        }
    }

    // MARK: Strings

    /// Reads the string starting at the position (which holds `"`). Escaped strings are decoded by
    /// appending to `scratch`, which the returned slice then points into.
    @inline(__always)
    mutating func scanString(scratch: inout ScratchBuffer) throws(Failure) -> StringSlice {
        let start = position + 1
        var i = start
        let count = bytes.count
        i = Self.skipPlainBytes(bytes, from: i)
        while i < count {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                position = i + 1
                return StringSlice(start: start, count: i - start, inScratch: false)
            }
            if c == UInt8(ascii: "\\") { break }
            if c < 0x20 { throw Failure(offset: i, message: "control character in a string") }
            i += 1
        }
        if i >= count { throw Failure(offset: position, message: "unterminated string") }
        return try scanEscapedString(from: start, escapeAt: i, scratch: &scratch)
    }

    private mutating func scanEscapedString(from start: Int, escapeAt firstEscape: Int, scratch: inout ScratchBuffer) throws(Failure) -> StringSlice {
        let sliceStart = scratch.count
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<firstEscape]))
        var i = firstEscape
        let count = bytes.count
        while i < count {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                position = i + 1
                return StringSlice(start: sliceStart, count: scratch.count - sliceStart, inScratch: true)
            }
            if c < 0x20 { throw Failure(offset: i, message: "control character in a string") }
            if c != UInt8(ascii: "\\") {
                scratch.append(c)
                i += 1
                continue
            }
            guard i + 1 < count else { break }
            let e = bytes[i + 1]
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(e)
            case UInt8(ascii: "b"): scratch.append(0x08)
            case UInt8(ascii: "f"): scratch.append(0x0C)
            case UInt8(ascii: "n"): scratch.append(0x0A)
            case UInt8(ascii: "r"): scratch.append(0x0D)
            case UInt8(ascii: "t"): scratch.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4(at: i + 2, escapeAt: i)
                i += 6
                if scalar >= 0xD800 && scalar <= 0xDBFF {
                    guard i + 1 < count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                        throw Failure(offset: i - 6, message: "unpaired surrogate in \\u escape")
                    }
                    let low = try hex4(at: i + 2, escapeAt: i)
                    guard low >= 0xDC00 && low <= 0xDFFF else {
                        throw Failure(offset: i - 6, message: "unpaired surrogate in \\u escape")
                    }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                } else if scalar >= 0xDC00 && scalar <= 0xDFFF {
                    throw Failure(offset: i - 6, message: "unpaired surrogate in \\u escape")
                }
                appendUTF8(scalar, to: &scratch)
                continue
            default:
                position = i + 1
                throw Failure(offset: i, message: "invalid escape '\\\(describeCurrent().dropFirst().dropLast())'")
            }
            i += 2
        }
        throw Failure(offset: start - 1, message: "unterminated string")
    }

    /// The first index from `i` of a byte that ends a plain run in a string (`"`, `\\` or a control
    /// character), eight bytes at a time; a run that reaches the last 7 bytes of the line stops there.
    @inline(__always)
    static func skipPlainBytes(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var i = start
        let count = bytes.count
        guard let base = bytes.baseAddress else { return i }
        let raw = UnsafeRawPointer(base)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        while i + 8 <= count {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            let quote = word ^ 0x2222_2222_2222_2222
            let backslash = word ^ 0x5C5C_5C5C_5C5C_5C5C
            // A byte is flagged if it is zero after the xor (a quote or backslash) or below 0x20; the
            // lowest flagged byte is always a real one.
            let flags = ((quote &- ones) & ~quote | (backslash &- ones) & ~backslash | (word &- 0x2020_2020_2020_2020) & ~word) & highs
            if flags != 0 { return i + flags.trailingZeroBitCount >> 3 }
            i += 8
        }
        return i
    }

    private func hex4(at i: Int, escapeAt escape: Int) throws(Failure) -> UInt32 {
        guard i + 4 <= bytes.count else { throw Failure(offset: escape, message: "incomplete \\u escape") }
        var value: UInt32 = 0
        for j in i..<(i + 4) {
            let c = bytes[j]
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c - UInt8(ascii: "A") + 10
            default: throw Failure(offset: escape, message: "invalid \\u escape")
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    private func appendUTF8(_ scalar: UInt32, to out: inout ScratchBuffer) {
        switch scalar {
        case ..<0x80:
            out.append(UInt8(scalar))
        case ..<0x800:
            out.append(UInt8(0xC0 | scalar >> 6))
            out.append(UInt8(0x80 | scalar & 0x3F))
        case ..<0x10000:
            out.append(UInt8(0xE0 | scalar >> 12))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        default:
            out.append(UInt8(0xF0 | scalar >> 18))
            out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// Skips a string without decoding it, checking only its escapes' shape.
    mutating func skipString() throws(Failure) {
        let start = position
        var i = position + 1
        let count = bytes.count
        while i < count {
            i = Self.skipPlainBytes(bytes, from: i)
            guard i < count else { break }
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                position = i + 1
                return
            }
            if c < 0x20 { throw Failure(offset: i, message: "control character in a string") }
            if c == UInt8(ascii: "\\") {
                guard i + 1 < count else { break }
                switch bytes[i + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                    UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    i += 2
                case UInt8(ascii: "u"):
                    _ = try hex4(at: i + 2, escapeAt: i)
                    i += 6
                default:
                    position = i + 1
                    throw Failure(offset: i, message: "invalid escape '\\\(describeCurrent().dropFirst().dropLast())'")
                }
                continue
            }
            i += 1
        }
        throw Failure(offset: start, message: "unterminated string")
    }

    // MARK: Other values

    /// Reads `null` (the position holds `n`).
    mutating func scanNull() throws(Failure) {
        try literal("null")
    }

    /// Skips any JSON value, checking its syntax.
    mutating func skipValue(depth: Int = 0) throws(Failure) {
        switch current {
        case UInt8(ascii: "\""):
            try skipString()
        case UInt8(ascii: "{"):
            guard depth < Self.maximumDepth else { throw Failure(offset: position, message: "nesting too deep") }
            position += 1
            skipWhitespace()
            if current == UInt8(ascii: "}") {
                position += 1
                return
            }
            while true {
                guard current == UInt8(ascii: "\"") else { throw unexpected(expected: "a field name") }
                try skipString()
                skipWhitespace()
                try expect(UInt8(ascii: ":"), "':'")
                skipWhitespace()
                try skipValue(depth: depth + 1)
                skipWhitespace()
                if current == UInt8(ascii: ",") {
                    position += 1
                    skipWhitespace()
                    continue
                }
                try expect(UInt8(ascii: "}"), "',' or '}'")
                return
            }
        case UInt8(ascii: "["):
            guard depth < Self.maximumDepth else { throw Failure(offset: position, message: "nesting too deep") }
            position += 1
            skipWhitespace()
            if current == UInt8(ascii: "]") {
                position += 1
                return
            }
            while true {
                try skipValue(depth: depth + 1)
                skipWhitespace()
                if current == UInt8(ascii: ",") {
                    position += 1
                    skipWhitespace()
                    continue
                }
                try expect(UInt8(ascii: "]"), "',' or ']'")
                return
            }
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try skipNumber()
        default: throw unexpected(expected: "a value")
        }
    }

    private mutating func literal(_ word: StaticString) throws(Failure) {
        let start = position
        let count = word.utf8CodeUnitCount
        let text = word.utf8Start
        for k in 0..<count {
            guard position < bytes.count, bytes[position] == text[k] else {
                throw Failure(offset: start, message: "invalid literal (expected \(word))")
            }
            position += 1
        }
    }

    private mutating func skipNumber() throws(Failure) {
        let start = position
        if current == UInt8(ascii: "-") { position += 1 }
        func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
        if current == UInt8(ascii: "0") {
            position += 1
        } else if isDigit(current) {
            while isDigit(current) { position += 1 }
        } else {
            throw Failure(offset: start, message: "invalid number")
        }
        if current == UInt8(ascii: ".") {
            position += 1
            guard isDigit(current) else { throw Failure(offset: start, message: "invalid number") }
            while isDigit(current) { position += 1 }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            guard isDigit(current) else { throw Failure(offset: start, message: "invalid number") }
            while isDigit(current) { position += 1 }
        }
    }

    /// The 1-based column (in characters) of a byte offset of the line, for messages.
    func column(ofOffset offset: Int) -> Int {
        var column = 1
        var i = 0
        let end = min(offset, bytes.count)
        while i < end {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return column
    }
}
