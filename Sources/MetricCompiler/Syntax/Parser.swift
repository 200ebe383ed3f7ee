/// Parses spec files.
///
/// Grammar (keywords are contextual; newlines only matter for error recovery):
///
///     file        → (enum | stream | metric)*
///     enum        → 'enum' NAME STRING? '{' NAME (',' NAME)* ','? '}'
///     stream      → 'stream' NAME 'of' NAME STRING? '{' field* '}'
///     field       → NAME ':' NAME '?'? STRING?
///     metric      → 'metric' NAME STRING '{' clause* '}'
///     clause      → 'description' STRING | 'unit' NAME | 'from' NAME
///                 | 'let' NAME '=' expr | 'where' expr
///                 | 'distinct' exprs | ('first' | 'last') 'per' exprs 'by' expr
///                 | 'scope' ('day' | 'range' | 'snapshot') 'at' expr
///                 | 'split' NAME (',' NAME)* | 'measure' measure | 'total' NAME
///     measure     → 'count' | ('sum' | 'mean' | 'max' | 'min') '(' expr ')' | 'ratio' '(' NAME ',' NAME ')'
///     expr        → or
///     or          → and ('or' and)*
///     and         → not ('and' not)*
///     not         → 'not' not | comparison
///     comparison  → additive (('==' | '!=' | '<' | '<=' | '>' | '>=') additive | 'in' '[' exprs ']')?
///     additive    → unary (('+' | '-') unary)*
///     unary       → '-' unary | primary
///     primary     → NUMBER | STRING | 'null' | 'true' | 'false' | '(' expr ')'
///                 | 'if' expr 'then' expr 'else' expr
///                 | 'when' expr '{' (NAME (',' NAME)* ':' expr ';'?)* ('else' ':' expr ';'?)? '}'
///                 | NAME ('(' exprs? ')')?
struct Parser {
    static let clauseKeywords = [
        "description", "unit", "from", "let", "where", "distinct", "first", "last", "scope", "split",
        "measure", "total",
    ]
    static let topLevelKeywords = ["metric", "enum", "stream"]
    private static let maximumDepth = 64

    private let tokens: [Token]
    private var index = 0
    private var depth = 0
    private var diagnostics: DiagnosticCollector

    private init(tokens: [Token], diagnostics: DiagnosticCollector) {
        self.tokens = tokens
        self.diagnostics = diagnostics
    }

    /// Parses one file; syntax errors are collected, and the parser resumes at the next clause.
    static func parse(_ source: SourceFile, diagnostics: inout DiagnosticCollector) -> SpecFileSyntax {
        let tokens = Lexer.tokenize(source, diagnostics: &diagnostics)
        var parser = Parser(tokens: tokens, diagnostics: diagnostics)
        let file = parser.parseFile(source)
        diagnostics = parser.diagnostics
        return file
    }

    private struct SyntaxError: Error {}

    // MARK: Cursor

    private var current: Token { tokens[index] }

    private mutating func advance() -> Token {
        let token = tokens[index]
        if token.kind != .endOfFile { index += 1 }
        return token
    }

    private mutating func tryEat(symbol: String) -> Bool {
        guard current.isSymbol(symbol) else { return false }
        index += 1
        return true
    }

    private mutating func tryEat(keyword: String) -> Bool {
        guard current.isKeyword(keyword) else { return false }
        index += 1
        return true
    }

    private mutating func expect(symbol: String, _ context: String) throws(SyntaxError) {
        guard tryEat(symbol: symbol) else {
            diagnostics.error("expected '\(symbol)' \(context), found \(current.display)", at: current.location)
            throw SyntaxError()
        }
    }

    private mutating func expect(keyword: String, _ context: String) throws(SyntaxError) {
        guard tryEat(keyword: keyword) else {
            if current.kind == .identifier, Suggestion.closest(to: current.text, in: [keyword]) != nil {
                diagnostics.error(
                    "expected '\(keyword)' \(context), found \(current.display); did you mean '\(keyword)'?",
                    at: current.location, fixIt: keyword)
            } else {
                diagnostics.error("expected '\(keyword)' \(context), found \(current.display)", at: current.location)
            }
            throw SyntaxError()
        }
    }

    private mutating func expectName(_ what: String) throws(SyntaxError) -> Name {
        guard current.kind == .identifier else {
            diagnostics.error("expected \(what), found \(current.display)", at: current.location)
            throw SyntaxError()
        }
        let token = advance()
        return Name(text: token.text, location: token.location)
    }

    private mutating func expectString(_ what: String) throws(SyntaxError) -> String {
        guard current.kind == .string else {
            diagnostics.error("expected \(what) in double quotes, found \(current.display)", at: current.location)
            throw SyntaxError()
        }
        return advance().text
    }

    private mutating func optionalString() -> String? {
        current.kind == .string ? advance().text : nil
    }

    /// Skips to the next token that starts a line with one of `keywords` or a declaration keyword,
    /// or to the `}` that closes the declaration, or to end of file. Braces the failed clause opened
    /// since `start` (a `when`'s) are skipped with their contents, so that their `}` is not taken for
    /// the end of the declaration.
    private mutating func recover(to keywords: [String], openedSince start: Int) {
        var open = 0
        for token in tokens[start..<index] {
            if token.isSymbol("{") { open += 1 } else if token.isSymbol("}") { open = max(0, open - 1) }
        }
        while current.kind != .endOfFile {
            if current.isSymbol("}") {
                if open == 0 { return }
                open -= 1
            } else if current.isSymbol("{") {
                open += 1
            } else if current.startsLine, current.kind == .identifier,
                keywords.contains(current.text) || Self.topLevelKeywords.contains(current.text)
            {
                return
            }
            index += 1
        }
    }

    // MARK: Declarations

    /// file → (enum | stream | metric)*
    private mutating func parseFile(_ source: SourceFile) -> SpecFileSyntax {
        var file = SpecFileSyntax(source: source)
        while current.kind != .endOfFile {
            let start = index
            do throws(SyntaxError) {
                if current.isKeyword("metric") {
                    file.metrics.append(try parseMetric())
                } else if current.isKeyword("enum") {
                    file.enums.append(try parseEnum())
                } else if current.isKeyword("stream") {
                    file.streams.append(try parseStream())
                } else {
                    if current.kind == .identifier,
                        let suggestion = Suggestion.closest(to: current.text, in: Self.topLevelKeywords)
                    {
                        diagnostics.error(
                            "expected 'metric', 'enum' or 'stream', found \(current.display); did you mean '\(suggestion)'?",
                            at: current.location, fixIt: suggestion)
                    } else {
                        diagnostics.error(
                            "expected 'metric', 'enum' or 'stream', found \(current.display)", at: current.location)
                    }
                    throw SyntaxError()
                }
            } catch {
                if index == start { index += 1 }
                while current.kind != .endOfFile,
                    !(current.startsLine && current.kind == .identifier && Self.topLevelKeywords.contains(current.text))
                {
                    index += 1
                }
            }
        }
        return file
    }

    /// enum → 'enum' NAME STRING? '{' NAME (',' NAME)* ','? '}'
    private mutating func parseEnum() throws(SyntaxError) -> EnumSyntax {
        _ = advance()
        let name = try expectName("an enum name")
        let doc = optionalString()
        try expect(symbol: "{", "to begin the enum's cases")
        var cases: [Name] = []
        while !current.isSymbol("}") {
            cases.append(try expectName("an enum case"))
            if !tryEat(symbol: ",") { break }
        }
        try expect(symbol: "}", "after the enum's cases")
        return EnumSyntax(name: name, doc: doc, cases: cases)
    }

    /// stream → 'stream' NAME 'of' NAME STRING? '{' field* '}'
    private mutating func parseStream() throws(SyntaxError) -> StreamSyntax {
        _ = advance()
        let name = try expectName("a stream name")
        try expect(keyword: "of", "before the stream's Swift type name")
        let typeName = try expectName("a Swift type name")
        let doc = optionalString()
        try expect(symbol: "{", "to begin the stream's fields")
        var fields: [FieldSyntax] = []
        while current.kind == .identifier {
            let field = try expectName("a field name")
            try expect(symbol: ":", "after the field name")
            let type = try expectName("a field type")
            let isOptional = tryEat(symbol: "?") || tryEat(symbol: "??")
            fields.append(FieldSyntax(name: field, type: type, isOptional: isOptional, doc: optionalString()))
        }
        try expect(symbol: "}", "after the stream's fields")
        return StreamSyntax(name: name, typeName: typeName, doc: doc, fields: fields)
    }

    /// metric → 'metric' NAME STRING '{' clause* '}'
    private mutating func parseMetric() throws(SyntaxError) -> MetricSyntax {
        _ = advance()
        let id = try expectName("a metric id")
        let title = try expectString("the metric's title")
        try expect(symbol: "{", "to begin the metric's clauses")
        var metric = MetricSyntax(id: id, title: title)
        while !current.isSymbol("}") && current.kind != .endOfFile {
            if current.isKeyword("metric") || current.isKeyword("stream") || current.isKeyword("enum") {
                break
            }
            let start = index
            do throws(SyntaxError) {
                try parseClause(into: &metric)
            } catch {
                if index == start { index += 1 }
                recover(to: Self.clauseKeywords, openedSince: start)
            }
        }
        try expect(symbol: "}", "to end metric '\(id.text)'")
        return metric
    }

    /// clause → one of the clause forms in the grammar above.
    private mutating func parseClause(into metric: inout MetricSyntax) throws(SyntaxError) {
        let keyword = current
        guard keyword.kind == .identifier, Self.clauseKeywords.contains(keyword.text) else {
            if keyword.kind == .identifier, let suggestion = Suggestion.closest(to: keyword.text, in: Self.clauseKeywords) {
                diagnostics.error(
                    "unknown clause '\(keyword.text)'; did you mean '\(suggestion)'?", at: keyword.location,
                    fixIt: suggestion)
            } else {
                diagnostics.error(
                    "expected a clause (\(Self.clauseKeywords.joined(separator: ", "))), found \(keyword.display)",
                    at: keyword.location)
            }
            throw SyntaxError()
        }
        _ = advance()
        switch keyword.text {
        case "description":
            metric.description = try expectString("a description")
        case "unit":
            metric.unit = try expectName("a unit")
        case "from":
            metric.from = try expectName("a fact stream")
        case "let":
            let name = try expectName("a name to bind")
            try expect(symbol: "=", "after the name in 'let'")
            metric.lets.append((name, try parseExpression()))
        case "where":
            metric.conditions.append(try parseExpression())
        case "distinct":
            try rejectSecondDedup(metric, keyword)
            metric.dedup = DedupSyntax(kind: .distinct, keyword: keyword.location, keys: try parseExpressionList(), order: nil)
        case "first", "last":
            try rejectSecondDedup(metric, keyword)
            try expect(keyword: "per", "after '\(keyword.text)'")
            let keys = try parseExpressionList()
            var order: ExpressionSyntax?
            if tryEat(keyword: "by") {
                order = try parseExpression()
            }
            metric.dedup = DedupSyntax(
                kind: keyword.text == "first" ? .first : .last, keyword: keyword.location, keys: keys, order: order)
        case "scope":
            let kind = try expectName("'day', 'range' or 'snapshot'")
            try expect(keyword: "at", "after the scope (e.g. 'scope day at ts')")
            metric.scope = ScopeSyntax(kind: kind, at: try parseExpression())
        case "split":
            metric.splits.append(try expectName("a split key"))
            while tryEat(symbol: ",") {
                metric.splits.append(try expectName("a split key"))
            }
        case "measure":
            metric.measure = try parseMeasure()
        case "total":
            metric.total = try expectName("a total rule")
        default:
            break
        }
    }

    private mutating func rejectSecondDedup(_ metric: MetricSyntax, _ keyword: Token) throws(SyntaxError) {
        if let dedup = metric.dedup {
            diagnostics.error(
                "a metric has one deduplication clause; '\(keyword.text)' follows '\(dedup.kind.rawValue)'",
                at: keyword.location, notes: [.init(message: "the first one is here", location: dedup.keyword)])
            throw SyntaxError()
        }
    }

    /// measure → 'count' | ('sum' | 'mean' | 'max' | 'min') '(' expr ')' | 'ratio' '(' NAME ',' NAME ')'
    private mutating func parseMeasure() throws(SyntaxError) -> MeasureSyntax {
        let kind = try expectName("a measure (count, sum, mean, max, min, ratio)")
        guard tryEat(symbol: "(") else { return MeasureSyntax(kind: kind, argument: nil, operands: []) }
        if kind.text == "ratio" {
            let numerator = try expectName("the numerator metric id")
            try expect(symbol: ",", "between the ratio's two metrics")
            let denominator = try expectName("the denominator metric id")
            try expect(symbol: ")", "after the ratio's metrics")
            return MeasureSyntax(kind: kind, argument: nil, operands: [numerator, denominator])
        }
        let argument = try parseExpression()
        try expect(symbol: ")", "after the measured expression")
        return MeasureSyntax(kind: kind, argument: argument, operands: [])
    }

    // MARK: Expressions

    private mutating func parseExpressionList() throws(SyntaxError) -> [ExpressionSyntax] {
        var items = [try parseExpression()]
        while tryEat(symbol: ",") {
            items.append(try parseExpression())
        }
        return items
    }

    /// One level deeper in the expression tree. Every construct that nests (parentheses and calls,
    /// `not`, `-`, `when`, each operator of a chain) counts, so that no spec can overflow the stack of
    /// the parser or of the checker and back ends that walk the tree; callers restore `depth`.
    private mutating func descend() throws(SyntaxError) {
        depth += 1
        guard depth < Self.maximumDepth else {
            diagnostics.error("expression nested too deeply", at: current.location)
            throw SyntaxError()
        }
    }

    /// expr → or
    private mutating func parseExpression() throws(SyntaxError) -> ExpressionSyntax {
        let outer = depth
        defer { depth = outer }
        try descend()
        return try parseOr()
    }

    /// or → and ('or' and)*
    private mutating func parseOr() throws(SyntaxError) -> ExpressionSyntax {
        let outer = depth
        defer { depth = outer }
        var left = try parseAnd()
        while current.isKeyword("or") {
            _ = advance()
            try descend()
            let right = try parseAnd()
            left = ExpressionSyntax(kind: .binary("or", left, right), location: left.location)
        }
        return left
    }

    /// and → not ('and' not)*
    private mutating func parseAnd() throws(SyntaxError) -> ExpressionSyntax {
        let outer = depth
        defer { depth = outer }
        var left = try parseNot()
        while current.isKeyword("and") {
            _ = advance()
            try descend()
            let right = try parseNot()
            left = ExpressionSyntax(kind: .binary("and", left, right), location: left.location)
        }
        return left
    }

    /// not → 'not' not | comparison
    private mutating func parseNot() throws(SyntaxError) -> ExpressionSyntax {
        if current.isKeyword("not") {
            let keyword = advance()
            let outer = depth
            defer { depth = outer }
            try descend()
            return ExpressionSyntax(kind: .not(try parseNot()), location: keyword.location)
        }
        return try parseComparison()
    }

    /// comparison → additive (('==' | '!=' | '<' | '<=' | '>' | '>=') additive | 'in' '[' exprs ']')?
    private mutating func parseComparison() throws(SyntaxError) -> ExpressionSyntax {
        let left = try parseAdditive()
        if current.kind == .symbol, ["==", "!=", "<", "<=", ">", ">="].contains(current.text) {
            let op = advance()
            let right = try parseAdditive()
            return ExpressionSyntax(kind: .binary(op.text, left, right), location: op.location)
        }
        if current.isSymbol("=") {
            diagnostics.error("use '==' to compare", at: current.location, fixIt: "==")
            throw SyntaxError()
        }
        if current.isKeyword("in") {
            let keyword = advance()
            try expect(symbol: "[", "after 'in'")
            var items: [ExpressionSyntax] = []
            if !current.isSymbol("]") {
                items = try parseExpressionList()
            }
            try expect(symbol: "]", "to close the list")
            return ExpressionSyntax(kind: .membership(left, items), location: keyword.location)
        }
        return left
    }

    /// additive → unary (('+' | '-') unary)*
    private mutating func parseAdditive() throws(SyntaxError) -> ExpressionSyntax {
        let outer = depth
        defer { depth = outer }
        var left = try parseUnary()
        while current.isSymbol("+") || current.isSymbol("-") {
            let op = advance()
            try descend()
            let right = try parseUnary()
            left = ExpressionSyntax(kind: .binary(op.text, left, right), location: op.location)
        }
        return left
    }

    /// unary → '-' unary | primary
    private mutating func parseUnary() throws(SyntaxError) -> ExpressionSyntax {
        if current.isSymbol("-") {
            let op = advance()
            let outer = depth
            defer { depth = outer }
            try descend()
            return ExpressionSyntax(kind: .negate(try parseUnary()), location: op.location)
        }
        return try parsePrimary()
    }

    /// primary → literal | '(' expr ')' | if | when | NAME ('(' exprs? ')')?
    private mutating func parsePrimary() throws(SyntaxError) -> ExpressionSyntax {
        let token = current
        switch token.kind {
        case .number:
            _ = advance()
            return ExpressionSyntax(kind: Self.number(token.text), location: token.location)
        case .string:
            _ = advance()
            return ExpressionSyntax(kind: .string(token.text), location: token.location)
        case .symbol where token.text == "(":
            _ = advance()
            let inner = try parseExpression()
            try expect(symbol: ")", "to close '('")
            return inner
        case .identifier:
            switch token.text {
            case "null":
                _ = advance()
                return ExpressionSyntax(kind: .null, location: token.location)
            case "true", "false":
                _ = advance()
                return ExpressionSyntax(kind: .boolean(token.text == "true"), location: token.location)
            case "if":
                return try parseConditional()
            case "when":
                return try parseWhen()
            default:
                _ = advance()
                let name = Name(text: token.text, location: token.location)
                if tryEat(symbol: "(") {
                    var arguments: [ExpressionSyntax] = []
                    if !current.isSymbol(")") {
                        arguments = try parseExpressionList()
                    }
                    try expect(symbol: ")", "after the arguments of '\(token.text)'")
                    return ExpressionSyntax(kind: .call(name, arguments), location: token.location)
                }
                return ExpressionSyntax(kind: .name(token.text), location: token.location)
            }
        default:
            diagnostics.error("expected an expression, found \(token.display)", at: token.location)
            throw SyntaxError()
        }
    }

    /// 'if' expr 'then' expr 'else' expr
    private mutating func parseConditional() throws(SyntaxError) -> ExpressionSyntax {
        let keyword = advance()
        let condition = try parseExpression()
        try expect(keyword: "then", "after the condition of 'if'")
        let then = try parseExpression()
        try expect(keyword: "else", "in 'if … then … else …'")
        let otherwise = try parseExpression()
        return ExpressionSyntax(kind: .conditional(condition, then, otherwise), location: keyword.location)
    }

    /// 'when' expr '{' (NAME (',' NAME)* ':' expr ';'?)* ('else' ':' expr ';'?)? '}'
    private mutating func parseWhen() throws(SyntaxError) -> ExpressionSyntax {
        let keyword = advance()
        let outer = depth
        defer { depth = outer }
        try descend()
        let subject = try parseAdditive()
        try expect(symbol: "{", "to begin the cases of 'when'")
        var cases: [WhenCaseSyntax] = []
        var otherwise: ExpressionSyntax?
        while !current.isSymbol("}") {
            if tryEat(keyword: "else") {
                try expect(symbol: ":", "after 'else'")
                otherwise = try parseExpression()
                _ = tryEat(symbol: ";")
                break
            }
            var labels = [try expectName("an enum case")]
            while tryEat(symbol: ",") {
                labels.append(try expectName("an enum case"))
            }
            try expect(symbol: ":", "after the case names")
            cases.append(WhenCaseSyntax(labels: labels, value: try parseExpression()))
            _ = tryEat(symbol: ";")
        }
        try expect(symbol: "}", "to end 'when'")
        return ExpressionSyntax(kind: .when(subject, cases, otherwise: otherwise), location: keyword.location)
    }

    private static func number(_ text: String) -> ExpressionSyntaxKind {
        guard let last = text.last, !last.isNumber else { return .integer(Int(text) ?? 0) }
        let value = Int(text.dropLast()) ?? 0
        // A number out of range was reported by the lexer; it must not trap here.
        switch last {
        case "m": return .duration(value &* 60)
        case "h": return .duration(value &* 3600)
        default: return .duration(value)
        }
    }
}
