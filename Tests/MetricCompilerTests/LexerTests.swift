import Testing
@testable import MetricCompiler

/// The lexer: tokens, their positions, trivia, and lexical errors.
@Suite struct LexerTests {
    /// `kind text line:column` for each token, end of file included.
    private func tokens(_ text: String) -> [String] {
        var diagnostics = DiagnosticCollector()
        let tokens = Lexer.tokenize(SourceFile(path: "t.metric", text: text), diagnostics: &diagnostics)
        #expect(diagnostics.diagnostics.isEmpty, "unexpected: \(diagnostics.diagnostics)")
        return tokens.map { "\($0.kind) \($0.text) \($0.location.line):\($0.location.column)" }
    }

    @Test func clauseSplitsIntoIdentifiersAndSymbolsWithTheirColumns() {
        #expect(
            tokens("  where type == customer_message\n") == [
                "identifier where 1:3", "identifier type 1:9", "symbol == 1:14", "identifier customer_message 1:17",
                "endOfFile  2:1",
            ])
    }

    @Test func twoCharacterSymbolsAreOneToken() {
        #expect(
            tokens("a==b!=c<=d>=e??f<g>h=i") == [
                "identifier a 1:1", "symbol == 1:2", "identifier b 1:4", "symbol != 1:5", "identifier c 1:7",
                "symbol <= 1:8", "identifier d 1:10", "symbol >= 1:11", "identifier e 1:13", "symbol ?? 1:14",
                "identifier f 1:16", "symbol < 1:17", "identifier g 1:18", "symbol > 1:19", "identifier h 1:20",
                "symbol = 1:21", "identifier i 1:22", "endOfFile  1:23",
            ])
    }

    @Test func numbersTakeADurationUnitSuffix() {
        #expect(
            tokens("30s 5m 2h 42 0") == [
                "number 30s 1:1", "number 5m 1:5", "number 2h 1:8", "number 42 1:11", "number 0 1:14", "endOfFile  1:15",
            ])
    }

    @Test func stringTokenHoldsItsUnescapedValueAndColumnsCountCharacters() {
        // The title is 5 characters (15 UTF-8 bytes); the brace after it is at column 22.
        #expect(
            tokens(#"metric x "接待客户数" { "a\"b\\c\nd" }"#) == [
                "identifier metric 1:1", "identifier x 1:8", "string 接待客户数 1:10", "symbol { 1:18",
                "string a\"b\\c\nd 1:20", "symbol } 1:33", "endOfFile  1:34",
            ])
    }

    @Test func commentsAndBlankLinesAreTrivia() {
        #expect(
            tokens("// a comment\n# another\n\n  unit events // trailing\n") == [
                "identifier unit 4:3", "identifier events 4:8", "endOfFile  5:1",
            ])
    }

    @Test func firstTokenOfEachLineStartsTheLine() {
        var diagnostics = DiagnosticCollector()
        let tokens = Lexer.tokenize(
            SourceFile(path: "t.metric", text: "where a\n  or b\nscope day"), diagnostics: &diagnostics)
        #expect(tokens.map(\.startsLine) == [true, false, true, false, true, false, true])
    }

    @Test func tokenLengthCountsCharacters() {
        var diagnostics = DiagnosticCollector()
        let tokens = Lexer.tokenize(SourceFile(path: "t.metric", text: #"customer_message "评价""#), diagnostics: &diagnostics)
        #expect(tokens.map(\.location.length) == [16, 4, 1])
    }

    // MARK: Lexical errors

    @Test func unterminatedStringPointsAtItsOpeningQuote() throws {
        try assertDiagnostics(
            """
            metric x 1️⃣"接待客户数 {
            }
            """,
            [DiagnosticSpec("unterminated string; add a closing '\"'")], stage: .lexer)
    }

    @Test func unexpectedCharacterIsReportedWhole() throws {
        try assertDiagnostics(
            """
            split product1️⃣，agent 2️⃣@
            """,
            [
                DiagnosticSpec("1️⃣", "unexpected character '，'"),
                DiagnosticSpec("2️⃣", "unexpected character '@'"),
            ], stage: .lexer)
    }

    @Test func numberFollowedByLettersIsAnInvalidNumber() throws {
        try assertDiagnostics(
            """
            where ended_at - entered_at > 1️⃣30x
            """,
            [DiagnosticSpec("invalid number '30x'; a duration is written like 30s, 5m or 2h")], stage: .lexer)
    }

    @Test func durationUnitFollowedByLettersIsAnInvalidNumber() throws {
        try assertDiagnostics(
            "where rounds > 1️⃣2hours",
            [DiagnosticSpec("invalid number '2hours'; a duration is written like 30s, 5m or 2h")], stage: .lexer)
    }

    @Test func numberTooLargeForAnIntegerIsAnError() throws {
        try assertDiagnostics(
            "where rounds > 1️⃣99999999999999999999",
            [DiagnosticSpec("number '99999999999999999999' is too large")], stage: .lexer)
    }

    @Test func durationTooLargeForMicrosecondsIsAnError() throws {
        // An Int64 of microseconds holds 2_562_047_788 hours and some minutes, not one hour more.
        try assertDiagnostics(
            "where d < 2562047788h or d > 1️⃣2562047789h",
            [DiagnosticSpec("number '2562047789h' is too large")], stage: .lexer)
    }

    @Test func unknownEscapeInStringIsReported() throws {
        try assertDiagnostics(
            #"description "tab1️⃣\there""#,
            [DiagnosticSpec("unknown escape '\\t' in string")], stage: .lexer)
    }

    @Test func tokenAfterAnUnexpectedCharacterAtTheStartOfALineStillStartsTheLine() {
        var diagnostics = DiagnosticCollector()
        let tokens = Lexer.tokenize(SourceFile(path: "t.metric", text: "a\n@where b"), diagnostics: &diagnostics)
        #expect(tokens.map(\.text) == ["a", "where", "b", ""])
        #expect(tokens.map(\.startsLine) == [true, true, false, true])
        #expect(diagnostics.diagnostics.count == 1)
    }

    @Test func longRunOfUnexpectedCharactersDoesNotExhaustTheStack() {
        var diagnostics = DiagnosticCollector()
        let text = "where " + String(repeating: "@\n", count: 100_000) + " x"
        let tokens = Lexer.tokenize(SourceFile(path: "t.metric", text: text), diagnostics: &diagnostics)
        #expect(tokens.map(\.text) == ["where", "x", ""])
        #expect(diagnostics.diagnostics.count == 100_000)
    }
}
