/// Checks metric declarations against the fact schema and against each other.
struct MetricChecker {
    let schema: Schema

    static let scopes = ["day", "range", "snapshot"]
    static let splitKeys = ["product", "agent"]
    static let measures = ["count", "sum", "mean", "max", "min", "ratio"]
    static let totals = ["sum", "weighted", "max", "min", "distinct", "rate"]
    /// The names the generated aggregator's `add(_:context:)` uses, which a `let` would clash with.
    static let generatedNames: Set<String> = ["fact", "context", "day", "cell", "value", "table", "kept"]

    /// The total rules that fit each measure: a count adds up, an average re-averages with weights.
    static let totalsByMeasure: [String: [String]] = [
        "count": ["sum", "distinct"],
        "sum": ["sum"],
        "mean": ["weighted"],
        "max": ["max"],
        "min": ["min"],
        "ratio": ["rate", "weighted"],
    ]

    /// Checks every metric of every file; ratio operands are resolved across files.
    func check(_ files: [SpecFileSyntax], diagnostics: inout DiagnosticCollector) -> [CheckedMetric] {
        var checked: [CheckedMetric] = []
        var seen: [String: SourceLocation] = [:]
        for file in files {
            for metric in file.metrics {
                if let first = seen[metric.id.text] {
                    diagnostics.error(
                        "duplicate metric id '\(metric.id.text)'", at: metric.id.location,
                        notes: [.init(message: "first declared here", location: first)])
                    continue
                }
                seen[metric.id.text] = metric.id.location
                if let result = check(metric, in: file.source.path, diagnostics: &diagnostics) {
                    checked.append(result)
                }
            }
        }
        checkRatios(checked, declared: Set(seen.keys), diagnostics: &diagnostics)
        return checked
    }

    private func check(_ metric: MetricSyntax, in path: String, diagnostics: inout DiagnosticCollector) -> CheckedMetric? {
        let errorsBefore = diagnostics.diagnostics.count
        let here = metric.id.location
        if !metric.id.text.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "_" }) {
            diagnostics.error("a metric id is lower_snake_case, like 'received_customers'", at: here)
        }
        if metric.description == nil {
            diagnostics.error("metric '\(metric.id.text)' needs a 'description \"…\"' saying what it counts", at: here)
        }
        if metric.unit == nil {
            diagnostics.error("metric '\(metric.id.text)' needs a 'unit' (e.g. customers, messages, seconds)", at: here)
        }
        guard let measureSyntax = metric.measure else {
            diagnostics.error("metric '\(metric.id.text)' needs a 'measure' (count, sum, mean, max, min or ratio)", at: here)
            return nil
        }
        guard Self.measures.contains(measureSyntax.kind.text) else {
            diagnostics.unknown("measure", measureSyntax.kind.text, at: measureSyntax.kind.location, candidates: Self.measures)
            return nil
        }
        let totalRule = checkTotal(metric, measure: measureSyntax.kind.text, diagnostics: &diagnostics)
        var splits: [String] = []
        for split in metric.splits {
            guard Self.splitKeys.contains(split.text) else {
                diagnostics.unknown("split key", split.text, at: split.location, candidates: Self.splitKeys, context: "(metrics split by product or agent; day and group come with them)")
                continue
            }
            if splits.contains(split.text) {
                diagnostics.error("'\(split.text)' is listed twice in 'split'", at: split.location)
            }
            splits.append(split.text)
        }
        if measureSyntax.kind.text == "ratio" {
            return checkRatioDeclaration(metric, measureSyntax, splits: splits, total: totalRule, path: path, errorsBefore: errorsBefore, diagnostics: &diagnostics)
        }
        guard let fromName = metric.from else {
            diagnostics.error("metric '\(metric.id.text)' needs 'from STREAM' naming the facts it reads", at: here)
            return nil
        }
        guard let stream = schema.stream(fromName.text) else {
            diagnostics.unknown("fact stream", fromName.text, at: fromName.location, candidates: schema.streams.map(\.name))
            return nil
        }
        var expressions = ExpressionChecker(schema: schema, stream: stream)
        var bindings: [CheckedMetric.Binding] = []
        for (name, value) in metric.lets {
            if stream.field(name.text) != nil || expressions.bindings[name.text] != nil {
                diagnostics.error("'\(name.text)' is already a field or a 'let' of this metric; choose another name", at: name.location)
                continue
            }
            // A binding is a Swift local of the generated `add(_:context:)`, beside these.
            if Self.generatedNames.contains(SwiftNames.member(name.text)) {
                diagnostics.error(
                    "'\(name.text)' is a name the generated aggregator uses; choose another name", at: name.location)
            }
            guard let typed = expressions.check(value, diagnostics: &diagnostics) else {
                expressions.failedBindings.insert(name.text)
                continue
            }
            if typed.type.value == .string {
                diagnostics.error("a 'let' cannot hold a string: no fact field holds one", at: value.location)
            }
            expressions.bindings[name.text] = typed.type
            bindings.append(.init(name: name.text, value: typed, location: name.location))
        }
        let conditions = metric.conditions.compactMap { expressions.checkCondition($0, diagnostics: &diagnostics) }
        var dedup: CheckedMetric.Dedup?
        if let syntax = metric.dedup {
            dedup = checkDedup(syntax, expressions, diagnostics: &diagnostics)
        }
        guard let scopeSyntax = metric.scope else {
            diagnostics.error(
                "metric '\(metric.id.text)' needs a 'scope' saying which day a value belongs to, e.g. 'scope day at ts'",
                at: here)
            return nil
        }
        guard let scope = CheckedMetric.Scope(rawValue: scopeSyntax.kind.text) else {
            diagnostics.unknown("scope", scopeSyntax.kind.text, at: scopeSyntax.kind.location, candidates: Self.scopes)
            return nil
        }
        let scopeAt = expressions.check(scopeSyntax.at, diagnostics: &diagnostics)
        if let scopeAt, scopeAt.type.value != .instant && scopeAt.type.value != .day {
            diagnostics.error("'scope … at' needs an instant or a day, but this is of type \(scopeAt.type)", at: scopeAt.location)
        }
        if scope == .range, splits.contains("day") {
            diagnostics.error("a range-scoped metric cannot be split by day", at: scopeSyntax.kind.location)
        }
        for split in splits {
            guard let field = stream.field(split) else {
                diagnostics.error(
                    "cannot split by '\(split)': stream '\(stream.name)' has no field '\(split)'", at: metric.splits.first { $0.text == split }!.location)
                continue
            }
            if field.type.value != .id {
                diagnostics.error("cannot split by '\(split)': it is of type \(field.type), not id", at: metric.splits.first { $0.text == split }!.location)
            }
        }
        let measure: CheckedMetric.Measure
        switch measureSyntax.kind.text {
        case "count":
            if measureSyntax.argument != nil {
                diagnostics.error("'count' takes no value; use 'sum(…)' to add values up", at: measureSyntax.kind.location)
            }
            measure = .count
        default:
            guard let argument = measureSyntax.argument else {
                diagnostics.error("'\(measureSyntax.kind.text)' needs a value, e.g. \(measureSyntax.kind.text)(ended_at - entered_at)", at: measureSyntax.kind.location)
                return nil
            }
            guard let typed = expressions.check(argument, diagnostics: &diagnostics) else { return nil }
            guard typed.type.value == .int || typed.type.value == .duration else {
                diagnostics.error(
                    "cannot take the \(measureSyntax.kind.text) of a value of type \(typed.type); measures need an int or a duration",
                    at: argument.location)
                return nil
            }
            if typed.type.value == .duration, let unit = metric.unit, unit.text != "seconds" {
                diagnostics.error("a duration is reported in seconds; write 'unit seconds'", at: unit.location, fixIt: "seconds")
            }
            measure = .aggregate(kind: measureSyntax.kind.text, typed)
        }
        guard diagnostics.diagnostics.count == errorsBefore || !diagnostics.diagnostics[errorsBefore...].contains(where: { $0.severity == .error }),
            let scopeAt, let totalRule
        else { return nil }
        return CheckedMetric(
            id: metric.id.text, title: metric.title, description: metric.description ?? "", unit: metric.unit?.text ?? "",
            location: here, sourcePath: path, stream: stream, bindings: bindings, conditions: conditions, dedup: dedup,
            scope: scope, scopeAt: scopeAt, splits: splits, measure: measure, measureLocation: measureSyntax.kind.location,
            total: totalRule)
    }

    private func checkTotal(_ metric: MetricSyntax, measure: String, diagnostics: inout DiagnosticCollector) -> String? {
        guard let total = metric.total else {
            diagnostics.error(
                "metric '\(metric.id.text)' needs a 'total' rule saying how rows add up (\(Self.totalsByMeasure[measure, default: Self.totals].joined(separator: " or ")) for '\(measure)')",
                at: metric.id.location)
            return nil
        }
        guard Self.totals.contains(total.text) else {
            diagnostics.unknown("total rule", total.text, at: total.location, candidates: Self.totals)
            return nil
        }
        let allowed = Self.totalsByMeasure[measure, default: []]
        guard allowed.contains(total.text) else {
            diagnostics.error(
                "a '\(measure)' cannot be totalled by '\(total.text)'; use \(allowed.map { "'\($0)'" }.joined(separator: " or "))",
                at: total.location, fixIt: allowed.first)
            return nil
        }
        return total.text
    }

    private func checkDedup(
        _ syntax: DedupSyntax, _ expressions: ExpressionChecker, diagnostics: inout DiagnosticCollector
    ) -> CheckedMetric.Dedup? {
        guard syntax.keys.count <= 4 else {
            diagnostics.error("a key has at most 4 parts", at: syntax.keyword)
            return nil
        }
        var keys: [TypedExpression] = []
        for key in syntax.keys {
            guard let typed = expressions.check(key, diagnostics: &diagnostics) else { continue }
            guard typed.type.value.isKeyable else {
                diagnostics.error("a value of type \(typed.type) cannot be part of a key", at: key.location)
                continue
            }
            keys.append(typed)
        }
        var order: TypedExpression?
        if syntax.kind != .distinct {
            guard let orderSyntax = syntax.order else {
                diagnostics.error(
                    "'\(syntax.kind.rawValue) per' needs an order: add 'by FIELD', e.g. 'by entered_at'", at: syntax.keyword)
                return nil
            }
            guard let typed = expressions.check(orderSyntax, diagnostics: &diagnostics) else { return nil }
            guard typed.type.value.isOrdered else {
                diagnostics.error("cannot order by a value of type \(typed.type); use an instant, day, duration or int", at: orderSyntax.location)
                return nil
            }
            order = typed
        }
        guard keys.count == syntax.keys.count else { return nil }
        return .init(kind: syntax.kind, keys: keys, order: order, location: syntax.keyword)
    }

    private func checkRatioDeclaration(
        _ metric: MetricSyntax, _ measure: MeasureSyntax, splits: [String], total: String?, path: String, errorsBefore: Int,
        diagnostics: inout DiagnosticCollector
    ) -> CheckedMetric? {
        guard measure.operands.count == 2 else {
            diagnostics.error("'ratio' needs two metric ids, e.g. ratio(ratings, rating_invites)", at: measure.kind.location)
            return nil
        }
        for (clause, present) in [
            ("from", metric.from != nil), ("where", !metric.conditions.isEmpty), ("let", !metric.lets.isEmpty),
            ("scope", metric.scope != nil), ("distinct/first/last", metric.dedup != nil),
        ] where present {
            diagnostics.error("a ratio reads no facts of its own, so it has no '\(clause)'; its operands do", at: metric.id.location)
        }
        guard !diagnostics.diagnostics[errorsBefore...].contains(where: { $0.severity == .error }), let total else { return nil }
        return CheckedMetric(
            id: metric.id.text, title: metric.title, description: metric.description ?? "", unit: metric.unit?.text ?? "",
            location: metric.id.location, sourcePath: path, stream: nil, bindings: [], conditions: [], dedup: nil,
            scope: .day, scopeAt: nil, splits: splits,
            measure: .ratio(numerator: measure.operands[0].text, denominator: measure.operands[1].text),
            measureLocation: measure.kind.location, total: total, operandLocations: measure.operands.map(\.location))
    }

    /// Ratio operands must be declared, not ratios themselves, and split at least as finely as the ratio.
    private func checkRatios(_ metrics: [CheckedMetric], declared: Set<String>, diagnostics: inout DiagnosticCollector) {
        let byId = Dictionary(metrics.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for metric in metrics {
            guard case .ratio(let numerator, let denominator) = metric.measure else { continue }
            // Errors about an operand point at its name, which a fix-it replaces.
            for (operand, location) in zip([numerator, denominator], metric.operandLocations) {
                guard let target = byId[operand] else {
                    if !declared.contains(operand) {
                        diagnostics.unknown("metric", operand, at: location, candidates: declared, context: "in 'ratio'")
                    }
                    continue
                }
                if case .ratio = target.measure {
                    diagnostics.error("'\(operand)' is itself a ratio; a ratio divides two counted or summed metrics", at: location)
                }
                for split in metric.splits where !target.splits.contains(split) {
                    diagnostics.error("cannot split '\(metric.id)' by \(split): its operand '\(operand)' is not split by \(split)", at: location)
                }
                if target.scope != .day {
                    diagnostics.error("'\(operand)' is \(target.scope.rawValue)-scoped; a ratio divides day-scoped metrics", at: location)
                }
            }
        }
    }
}
