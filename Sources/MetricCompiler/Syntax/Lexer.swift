/// Splits a spec file into tokens.
///
/// Comments start with `//` or `#` and run to the end of the line. Strings are double-quoted with
/// `\"`, `\\` and `\n` escapes and may hold any UTF-8 text (Chinese titles).
struct Lexer {
    private let source: SourceFile
    private let bytes: [UInt8]
    private var offset = 0
    private var sawLineBreak = true

    init(source: SourceFile) {
        self.source = source
        self.bytes = source.bytes
    }

    /// Every token up to and including end of file; lexical errors go to `diagnostics`.
    static func tokenize(_ source: SourceFile, diagnostics: inout DiagnosticCollector) -> [Token] {
        var lexer = Lexer(source: source)
        var tokens: [Token] = []
        while true {
            let token = lexer.next(diagnostics: &diagnostics)
            tokens.append(token)
            if token.kind == .endOfFile { return tokens }
        }
    }

    private static let twoCharacterSymbols: Set<String> = ["==", "!=", "<=", ">=", "??"]
    private static let oneCharacterSymbols: Set<UInt8> = Set("{}()[],:;=<>+-?".utf8)

    private mutating func next(diagnostics: inout DiagnosticCollector) -> Token {
        // A loop, not recursion, past unexpected characters: a long run of them must not exhaust the stack.
        while true {
            if let token = scan(diagnostics: &diagnostics) { return token }
        }
    }

    /// The next token, or nil after reporting an unexpected character.
    private mutating func scan(diagnostics: inout DiagnosticCollector) -> Token? {
        skipTrivia()
        let startsLine = sawLineBreak
        sawLineBreak = false
        let start = offset
        guard offset < bytes.count else {
            return Token(kind: .endOfFile, text: "", location: location(start, start), startsLine: true)
        }
        let byte = bytes[offset]
        if isIdentifierStart(byte) {
            while offset < bytes.count, isIdentifierPart(bytes[offset]) { offset += 1 }
            return token(.identifier, from: start, startsLine: startsLine)
        }
        if isDigit(byte) {
            while offset < bytes.count, isDigit(bytes[offset]) { offset += 1 }
            if offset < bytes.count, "smh".utf8.contains(bytes[offset]),
                offset + 1 >= bytes.count || !isIdentifierPart(bytes[offset + 1])
            {
                offset += 1
            }
            if offset < bytes.count, isIdentifierPart(bytes[offset]) {
                while offset < bytes.count, isIdentifierPart(bytes[offset]) { offset += 1 }
                let text = String(decoding: bytes[start..<offset], as: UTF8.self)
                diagnostics.error(
                    "invalid number '\(text)'; a duration is written like 30s, 5m or 2h",
                    at: location(start, offset))
            } else if !Self.isInRange(bytes[start..<offset]) {
                let text = String(decoding: bytes[start..<offset], as: UTF8.self)
                diagnostics.error("number '\(text)' is too large", at: location(start, offset))
            }
            return token(.number, from: start, startsLine: startsLine)
        }
        if byte == UInt8(ascii: "\"") {
            return lexString(from: start, startsLine: startsLine, diagnostics: &diagnostics)
        }
        if offset + 1 < bytes.count {
            let pair = String(decoding: bytes[offset..<offset + 2], as: UTF8.self)
            if Self.twoCharacterSymbols.contains(pair) {
                offset += 2
                return token(.symbol, from: start, startsLine: startsLine)
            }
        }
        if Self.oneCharacterSymbols.contains(byte) {
            offset += 1
            return token(.symbol, from: start, startsLine: startsLine)
        }
        // Skip one whole UTF-8 character so the error shows it.
        offset += 1
        while offset < bytes.count, bytes[offset] & 0xC0 == 0x80 { offset += 1 }
        let text = String(decoding: bytes[start..<offset], as: UTF8.self)
        diagnostics.error("unexpected character '\(text)'", at: location(start, offset))
        // The token after it still starts the line if the character did, so recovery finds it.
        if startsLine { sawLineBreak = true }
        return nil
    }

    /// Whether a number fits an `Int`, and a duration its microseconds in an `Int64` (a `TimeSpan`).
    private static func isInRange(_ number: ArraySlice<UInt8>) -> Bool {
        let unit: Int64? =
            switch number.last {
            case UInt8(ascii: "s"): 1
            case UInt8(ascii: "m"): 60
            case UInt8(ascii: "h"): 3600
            default: nil
            }
        guard let value = Int64(String(decoding: unit == nil ? number : number.dropLast(), as: UTF8.self)) else {
            return false
        }
        guard let unit else { return true }
        let seconds = value.multipliedReportingOverflow(by: unit)
        return !seconds.overflow && !seconds.partialValue.multipliedReportingOverflow(by: 1_000_000).overflow
    }

    private mutating func lexString(from start: Int, startsLine: Bool, diagnostics: inout DiagnosticCollector)
        -> Token
    {
        offset += 1
        var value: [UInt8] = []
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                offset += 1
                return Token(
                    kind: .string, text: String(decoding: value, as: UTF8.self),
                    location: location(start, offset), startsLine: startsLine)
            }
            if byte == UInt8(ascii: "\n") { break }
            if byte == UInt8(ascii: "\\"), offset + 1 < bytes.count {
                let escaped = bytes[offset + 1]
                switch escaped {
                case UInt8(ascii: "n"): value.append(UInt8(ascii: "\n"))
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): value.append(escaped)
                default:
                    diagnostics.error(
                        "unknown escape '\\\(String(UnicodeScalar(escaped)))' in string",
                        at: location(offset, offset + 2))
                }
                offset += 2
                continue
            }
            value.append(byte)
            offset += 1
        }
        diagnostics.error("unterminated string; add a closing '\"'", at: location(start, start + 1))
        return Token(
            kind: .string, text: String(decoding: value, as: UTF8.self), location: location(start, offset),
            startsLine: startsLine)
    }

    private mutating func skipTrivia() {
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\n") {
                sawLineBreak = true
                offset += 1
            } else if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") {
                offset += 1
            } else if byte == UInt8(ascii: "#")
                || (byte == UInt8(ascii: "/") && offset + 1 < bytes.count && bytes[offset + 1] == UInt8(ascii: "/"))
            {
                while offset < bytes.count, bytes[offset] != UInt8(ascii: "\n") { offset += 1 }
            } else {
                return
            }
        }
    }

    private func token(_ kind: Token.Kind, from start: Int, startsLine: Bool) -> Token {
        Token(
            kind: kind, text: String(decoding: bytes[start..<offset], as: UTF8.self),
            location: location(start, offset), startsLine: startsLine)
    }

    private func location(_ start: Int, _ end: Int) -> SourceLocation {
        let (line, column) = source.lineAndColumn(of: start)
        let length = String(decoding: bytes[start..<max(start, end)], as: UTF8.self).count
        return SourceLocation(file: source.path, line: line, column: column, length: max(1, length))
    }

    private func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || byte == UInt8(ascii: "_")
    }

    private func isIdentifierPart(_ byte: UInt8) -> Bool {
        isIdentifierStart(byte) || isDigit(byte)
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
