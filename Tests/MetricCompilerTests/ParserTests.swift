import Testing
@testable import MetricCompiler

/// The parser: what a spec parses into, and each syntax error with its position and recovery.
@Suite struct ParserTests {
    private func parse(_ text: String, path: String = "Specs/test.metric") -> (SpecFileSyntax, [Diagnostic]) {
        var diagnostics = DiagnosticCollector()
        let file = Parser.parse(SourceFile(path: path, text: text), diagnostics: &diagnostics)
        return (file, diagnostics.diagnostics)
    }

    /// An expression as a fully parenthesised prefix form, which shows how it grouped.
    private func prefix(_ expression: ExpressionSyntax?) -> String {
        guard let expression else { return "nil" }
        switch expression.kind {
        case .name(let name): return name
        case .integer(let value): return String(value)
        case .duration(let seconds): return "\(seconds)s"
        case .string(let text): return "\"\(text)\""
        case .null: return "null"
        case .boolean(let value): return String(value)
        case .call(let function, let arguments): return "(\(([function.text] + arguments.map(prefix)).joined(separator: " ")))"
        case .binary(let op, let left, let right): return "(\(op) \(prefix(left)) \(prefix(right)))"
        case .not(let operand): return "(not \(prefix(operand)))"
        case .negate(let operand): return "(- \(prefix(operand)))"
        case .membership(let subject, let items): return "(in \(prefix(subject)) [\(items.map(prefix).joined(separator: " "))])"
        case .conditional(let condition, let then, let otherwise):
            return "(if \(prefix(condition)) \(prefix(then)) \(prefix(otherwise)))"
        case .when(let subject, let cases, let otherwise):
            let branches = cases.map { "[\($0.labels.map(\.text).joined(separator: " ")): \(prefix($0.value))]" }
            return "(when \(prefix(subject)) \((branches + (otherwise.map { ["[else: \(prefix($0))]"] } ?? [])).joined(separator: " ")))"
        }
    }

    /// The expression of a one-clause metric `where EXPR`.
    private func parseCondition(_ condition: String) -> String {
        let (file, diagnostics) = parse("metric m \"t\" {\n  where \(condition)\n}\n")
        #expect(diagnostics.map(\.description) == [])
        return prefix(file.metrics.first?.conditions.first)
    }

    // MARK: What specs parse into

    @Test func fullMetricParsesIntoItsClauses() throws {
        let (file, diagnostics) = parse(
            """
            // A comment before the metric.
            metric avg_first_response_time "首次响应时长" {
              description "Time from a stint's anchor to the agent's first reply."
              unit seconds
              from stints
              let anchor = when mode {
                auto, queue_auto: entered_at
                manual: last_customer_message_at
                else: entered_at
              }
              where first_reply_at != null and day(anchor) == day(first_reply_at)
              first per product, customer, agent, day(first_reply_at) by entered_at
              scope day at first_reply_at
              split product, agent
              measure mean(first_reply_at - anchor)
              total weighted
            }
            """)
        #expect(diagnostics.map(\.description) == [])
        #expect(file.enums.isEmpty && file.streams.isEmpty)
        let metric = try #require(file.metrics.first)
        #expect(file.metrics.count == 1)
        #expect(metric.id.text == "avg_first_response_time")
        #expect("\(metric.id.location)" == "Specs/test.metric:2:8")
        #expect(metric.title == "首次响应时长")
        #expect(metric.description == "Time from a stint's anchor to the agent's first reply.")
        #expect(metric.unit?.text == "seconds")
        #expect(metric.from?.text == "stints")
        #expect(metric.lets.map(\.name.text) == ["anchor"])
        #expect(
            metric.lets.map { prefix($0.value) } == [
                "(when mode [auto queue_auto: entered_at] [manual: last_customer_message_at] [else: entered_at])"
            ])
        #expect(metric.conditions.map(prefix) == ["(and (!= first_reply_at null) (== (day anchor) (day first_reply_at)))"])
        let dedup = try #require(metric.dedup)
        #expect(dedup.kind == .first)
        #expect("\(dedup.keyword)" == "Specs/test.metric:12:3")
        #expect(dedup.keys.map(prefix) == ["product", "customer", "agent", "(day first_reply_at)"])
        #expect(prefix(dedup.order) == "entered_at")
        #expect(metric.scope?.kind.text == "day")
        #expect(prefix(metric.scope?.at) == "first_reply_at")
        #expect(metric.splits.map(\.text) == ["product", "agent"])
        #expect(metric.measure?.kind.text == "mean")
        #expect(prefix(metric.measure?.argument) == "(- first_reply_at anchor)")
        #expect(metric.measure?.operands.isEmpty == true)
        #expect(metric.total?.text == "weighted")
    }

    @Test func ratioMeasureParsesItsTwoMetricIds() throws {
        let (file, diagnostics) = parse(
            """
            metric rating_rate "参评率" {
              measure ratio(ratings, rating_invites)
              total rate
            }
            """)
        #expect(diagnostics.isEmpty)
        let measure = try #require(file.metrics.first?.measure)
        #expect(measure.kind.text == "ratio")
        #expect(measure.argument == nil)
        #expect(measure.operands.map(\.text) == ["ratings", "rating_invites"])
        #expect(measure.operands.map { "\($0.location)" } == ["Specs/test.metric:2:17", "Specs/test.metric:2:26"])
    }

    @Test func distinctAndLastPerParseTheirKeys() throws {
        let (file, diagnostics) = parse(
            """
            metric a "A" {
              distinct product, customer, day(ts)
            }
            metric b "B" {
              last per product, customer by entered_at
            }
            """)
        #expect(diagnostics.isEmpty)
        #expect(file.metrics.map { $0.dedup?.kind } == [.distinct, .last])
        #expect(file.metrics.map { $0.dedup?.keys.map(prefix) ?? [] } == [["product", "customer", "(day ts)"], ["product", "customer"]])
        #expect(file.metrics.map { prefix($0.dedup?.order) } == ["nil", "entered_at"])
    }

    @Test func schemaDeclarationsParseIntoEnumsAndStreams() throws {
        let (file, diagnostics) = parse(
            """
            enum wait_end "How a queue wait ended" { received, left, open, }
            stream queue_waits of QueueWaitFact "One stay in the queue" {
              seq: int
              ended_at: instant? "When it ended"
              agent: id?
            }
            """, path: "Specs/test.schema")
        #expect(diagnostics.isEmpty)
        let declaration = try #require(file.enums.first)
        #expect(declaration.name.text == "wait_end")
        #expect(declaration.doc == "How a queue wait ended")
        #expect(declaration.cases.map(\.text) == ["received", "left", "open"])
        let stream = try #require(file.streams.first)
        #expect(stream.name.text == "queue_waits")
        #expect(stream.typeName.text == "QueueWaitFact")
        #expect(stream.doc == "One stay in the queue")
        #expect(stream.fields.map(\.name.text) == ["seq", "ended_at", "agent"])
        #expect(stream.fields.map(\.type.text) == ["int", "instant", "id"])
        #expect(stream.fields.map(\.isOptional) == [false, true, true])
        #expect(stream.fields.map(\.doc) == [nil, "When it ended", nil])
    }

    @Test func orBindsLooserThanAndWhichBindsLooserThanNotAndComparison() {
        #expect(parseCondition("a or b and not c == d") == "(or a (and b (not (== c d))))")
        #expect(parseCondition("(a or b) and c") == "(and (or a b) c)")
        #expect(parseCondition("not not a") == "(not (not a))")
    }

    @Test func additionAndSubtractionGroupToTheLeftAndBindTighterThanComparison() {
        #expect(parseCondition("x - y + z > -w") == "(> (+ (- x y) z) (- w))")
    }

    @Test func literalsParseIntoTheirValues() {
        #expect(parseCondition("a in [30s, 5m, 2h, 42, null, true, false]") == "(in a [30s 300s 7200s 42 null true false])")
        #expect(parseCondition(#"a == "text""#) == #"(== a "text")"#)
        #expect(parseCondition("a in []") == "(in a [])")
    }

    @Test func callsConditionalsAndWhenParse() {
        #expect(parseCondition("coalesce(ended_at, entered_at) > day(ts)") == "(> (coalesce ended_at entered_at) (day ts))")
        #expect(parseCondition("f() == 1") == "(== (f) 1)")
        #expect(parseCondition("if a then b else c") == "(if a b c)")
        #expect(parseCondition("when score { satisfied: 5; neutral, unsatisfied: 0 } > 1") == "(> (when score [satisfied: 5] [neutral unsatisfied: 0]) 1)")
    }

    // MARK: Syntax errors

    @Test func unknownClauseSuggestsTheClosestClause() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              1️⃣wher type == customer_message
              unit customers
            }
            """,
            [DiagnosticSpec("unknown clause 'wher'; did you mean 'where'?", fixIt: .replace("wher", with: "where"))],
            stage: .parser)
    }

    @Test func unknownClauseFarFromEveryClauseListsThemAll() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              1️⃣colour red
            }
            """,
            [
                DiagnosticSpec(
                    "expected a clause (description, unit, from, let, where, distinct, first, last, scope, split, measure, total), found 'colour'"
                )
            ], stage: .parser)
    }

    @Test func missingOpeningBraceIsReportedAtTheFirstClause() throws {
        try assertDiagnostics(
            """
            metric m "t"
              1️⃣description "d"
            }
            """,
            [DiagnosticSpec("expected '{' to begin the metric's clauses, found 'description'")], stage: .parser)
    }

    @Test func missingTitleIsReported() throws {
        try assertDiagnostics(
            """
            metric m 1️⃣{
            }
            """,
            [DiagnosticSpec("expected the metric's title in double quotes, found '{'")], stage: .parser)
    }

    @Test func singleEqualsInAComparisonOffersDoubleEquals() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              where type 1️⃣= customer_message
            }
            """,
            [DiagnosticSpec("use '==' to compare", fixIt: .replace("=", with: "=="))], stage: .parser)
    }

    @Test func unterminatedStringIsReportedOnceAndParsingGoesOn() throws {
        let text = """
            metric m "t" {
              description 1️⃣"Customers who wrote
              unit customers
            }
            """
        try assertDiagnostics(text, [DiagnosticSpec("unterminated string; add a closing '\"'")], stage: .parser)
        let (file, _) = parse(MarkedText(text).text)
        #expect(file.metrics.first?.description == "Customers who wrote")
        #expect(file.metrics.first?.unit?.text == "customers")
    }

    @Test func unexpectedCharacterIsSkipped() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              where type == queue_enter 1️⃣&
              unit events
            }
            """,
            [DiagnosticSpec("unexpected character '&'")], stage: .parser)
    }

    @Test func invalidNumberIsReportedWhereItIsWritten() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              where ended_at - entered_at > 1️⃣30x
            }
            """,
            [DiagnosticSpec("invalid number '30x'; a duration is written like 30s, 5m or 2h")], stage: .parser)
    }

    @Test func firstWithoutPerIsReported() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              first 1️⃣product, customer by ts
            }
            """,
            [DiagnosticSpec("expected 'per' after 'first', found 'product'")], stage: .parser)
    }

    @Test func misspeltPerIsCorrected() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              last 1️⃣pr product, customer by ts
            }
            """,
            [DiagnosticSpec("expected 'per' after 'last', found 'pr'; did you mean 'per'?", fixIt: .replace("pr", with: "per"))],
            stage: .parser)
    }

    @Test func secondDeduplicationClausePointsAtTheFirst() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              1️⃣distinct product, customer
              2️⃣first per product by ts
            }
            """,
            [
                DiagnosticSpec(
                    "2️⃣", "a metric has one deduplication clause; 'first' follows 'distinct'",
                    notes: [NoteSpec("1️⃣", "the first one is here")])
            ], stage: .parser)
    }

    @Test func misspeltDeclarationKeywordIsCorrected() throws {
        try assertDiagnostics(
            """
            1️⃣metrc m "t" {
            }
            """,
            [
                DiagnosticSpec(
                    "expected 'metric', 'enum' or 'stream', found 'metrc'; did you mean 'metric'?",
                    fixIt: .replace("metrc", with: "metric"))
            ], stage: .parser)
    }

    @Test func missingExpressionIsReported() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              where 1️⃣)
            }
            """,
            [DiagnosticSpec("expected an expression, found ')'")], stage: .parser)
    }

    @Test func misspeltThenIsCorrected() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              let x = if manual 1️⃣thn 1 else 2
            }
            """,
            [DiagnosticSpec("expected 'then' after the condition of 'if', found 'thn'; did you mean 'then'?", fixIt: .replace("thn", with: "then"))],
            stage: .parser)
    }

    @Test func missingClosingBraceIsReportedAtTheNextMetric() throws {
        let text = """
            metric a "A" {
              unit events
            1️⃣metric b "B" {
              unit customers
            }
            """
        try assertDiagnostics(text, [DiagnosticSpec("expected '}' to end metric 'a', found 'metric'")], stage: .parser)
        #expect(parse(MarkedText(text).text).0.metrics.map(\.id.text) == ["b"])
    }

    // MARK: Recovery

    @Test func errorsInSeveralMetricsAreAllReportedInOnePass() throws {
        try assertDiagnostics(
            """
            metric a "A" {
              1️⃣wher type == customer_message
              unit customers
              where type 2️⃣= queue_enter
              total sum
            }

            metric b "B" {
              first 3️⃣product by ts
              measure count
            }

            metric c "C"
              4️⃣unit events
            }

            metric d "D" {
              scope day at ts 5️⃣@
            }
            """,
            [
                DiagnosticSpec("1️⃣", "unknown clause 'wher'; did you mean 'where'?", fixIt: .replace("wher", with: "where")),
                DiagnosticSpec("2️⃣", "use '==' to compare", fixIt: .replace("=", with: "==")),
                DiagnosticSpec("3️⃣", "expected 'per' after 'first', found 'product'"),
                DiagnosticSpec("4️⃣", "expected '{' to begin the metric's clauses, found 'unit'"),
                DiagnosticSpec("5️⃣", "unexpected character '@'"),
            ], stage: .parser)
    }

    @Test func parserResumesAtTheNextClauseOfTheSameMetric() throws {
        let (file, diagnostics) = parse(
            """
            metric a "A" {
              wher type == customer_message
              unit customers
              first product by ts
              measure count
              total sum
            }
            metric b "B" {
              unit events
            }
            """)
        #expect(diagnostics.count == 2)
        #expect(file.metrics.map(\.id.text) == ["a", "b"])
        #expect(file.metrics.first?.unit?.text == "customers")
        #expect(file.metrics.first?.measure?.kind.text == "count")
        #expect(file.metrics.first?.total?.text == "sum")
    }

    @Test func errorInsideAWhenDoesNotEndTheMetricAtTheWhensBrace() throws {
        let text = """
            metric m "t" {
              let anchor = when mode {
                auto, queue_auto: entered_at 1️⃣= 1
                manual: last_customer_message_at
              }
              where first_reply_at != null
              measure mean(first_reply_at - entered_at)
              total weighted
            }
            metric n "u" {
              unit events
            }
            """
        try assertDiagnostics(text, [DiagnosticSpec("use '==' to compare", fixIt: .replace("=", with: "=="))], stage: .parser)
        let (file, _) = parse(MarkedText(text).text)
        #expect(file.metrics.map(\.id.text) == ["m", "n"])
        #expect(file.metrics.first?.conditions.count == 1)
        #expect(file.metrics.first?.measure?.kind.text == "mean")
        #expect(file.metrics.first?.total?.text == "weighted")
    }

    // MARK: The nesting guard

    @Test func deeplyNestedParenthesesHitTheNestingGuard() throws {
        // The clause's expression is level 1 and each '(' one more: the 64th '(' is one too many.
        let open = String(repeating: "(", count: 63) + "1️⃣" + String(repeating: "(", count: 7)
        try assertDiagnostics(
            "metric m \"t\" {\n  where \(open)ignored\(String(repeating: ")", count: 70))\n}\n",
            [DiagnosticSpec("expression nested too deeply")], stage: .parser)
    }

    @Test func nestingWithinTheLimitParses() {
        let depth = 62
        #expect(
            parseCondition(String(repeating: "(", count: depth) + "ignored" + String(repeating: ")", count: depth))
                == "ignored")
    }

    /// Constructs that nest without parentheses, 20,000 deep, one level a line (the lexer counts a
    /// column from the start of its line, so one long line would make the test slow, not the compiler).
    enum Chain: String, CaseIterable {
        case not, negation, when, or, and, plus

        var condition: String {
            let n = 20_000
            return switch self {
            case .not: String(repeating: "not\n", count: n) + "ignored"
            case .negation: String(repeating: "-\n", count: n) + "1 == 1"
            case .when: String(repeating: "when\n", count: n) + "mode { else: 1 } == 1"
            case .or: Array(repeating: "ignored", count: n).joined(separator: "\nor ")
            case .and: Array(repeating: "ignored", count: n).joined(separator: "\nand ")
            case .plus: "seq == " + Array(repeating: "1", count: n).joined(separator: "\n+ ")
            }
        }
    }

    @Test(arguments: Chain.allCases)
    func longChainsHitTheNestingGuardInsteadOfOverflowingTheStack(_ chain: Chain) throws {
        let result = try compileWithSchema(
            """
            metric m "t" {
              description "d"
              unit events
              from events
              where \(chain.condition)
              scope day at ts
              measure count
              total sum
            }
            """)
        #expect(result.diagnostics.map(\.message) == ["expression nested too deeply"])
    }
}
