/// Gives every expression of a metric its type, resolving names against the metric's stream, its
/// `let` bindings and, where an enum is expected, the enum's cases.
struct ExpressionChecker {
    let schema: Schema
    let stream: StreamModel
    var bindings: [String: SpecType] = [:]
    /// `let` names whose value had an error (already reported): using them is not another error.
    var failedBindings: Set<String> = []

    static let functions = ["day", "coalesce"]

    /// Checks `syntax`; nil when it has an error (already reported).
    func check(
        _ syntax: ExpressionSyntax, expecting expected: ValueType? = nil, diagnostics: inout DiagnosticCollector
    ) -> TypedExpression? {
        let location = syntax.location
        switch syntax.kind {
        case .name(let name):
            return resolve(name, at: location, expecting: expected, diagnostics: &diagnostics)
        case .integer(let value):
            return TypedExpression(kind: .integer(value), type: SpecType(.int), location: location)
        case .duration(let seconds):
            return TypedExpression(kind: .duration(seconds), type: SpecType(.duration), location: location)
        case .string:
            return TypedExpression(kind: .null, type: SpecType(.string), location: location)
        case .null:
            return TypedExpression(kind: .null, type: SpecType(.null), location: location)
        case .boolean(let value):
            return TypedExpression(kind: .boolean(value), type: .bool, location: location)
        case .call(let function, let arguments):
            return checkCall(function, arguments, at: location, diagnostics: &diagnostics)
        case .binary(let op, let left, let right):
            switch op {
            case "and", "or":
                guard let l = checkCondition(left, diagnostics: &diagnostics),
                    let r = checkCondition(right, diagnostics: &diagnostics)
                else { return nil }
                return TypedExpression(kind: .logical(op, l, r), type: .bool, location: location)
            case "+", "-":
                return checkArithmetic(op, left, right, at: location, diagnostics: &diagnostics)
            default:
                return checkComparison(op, left, right, at: location, diagnostics: &diagnostics)
            }
        case .not(let operand):
            guard let typed = checkCondition(operand, diagnostics: &diagnostics) else { return nil }
            return TypedExpression(kind: .not(typed), type: .bool, location: location)
        case .negate(let operand):
            guard let typed = check(operand, diagnostics: &diagnostics) else { return nil }
            guard typed.type.value == .int || typed.type.value == .duration else {
                diagnostics.error("cannot negate a value of type \(typed.type)", at: location)
                return nil
            }
            return TypedExpression(kind: .negate(typed), type: typed.type, location: location)
        case .membership(let subject, let items):
            guard let typedSubject = check(subject, diagnostics: &diagnostics) else { return nil }
            if typedSubject.type.value == .string {
                diagnostics.error("strings cannot be compared: no fact field holds a string", at: location)
                return nil
            }
            var typedItems: [TypedExpression] = []
            for item in items {
                guard let typed = check(item, expecting: typedSubject.type.value, diagnostics: &diagnostics) else {
                    continue
                }
                if typed.type.value != typedSubject.type.value {
                    diagnostics.error(
                        "list item of type \(typed.type.value) cannot match \(typedSubject.type)", at: item.location)
                    continue
                }
                typedItems.append(typed)
            }
            guard typedItems.count == items.count else { return nil }
            return TypedExpression(kind: .membership(typedSubject, typedItems), type: .bool, location: location)
        case .conditional(let condition, let then, let otherwise):
            guard let c = checkCondition(condition, diagnostics: &diagnostics),
                let a = check(then, expecting: expected, diagnostics: &diagnostics),
                let b = check(otherwise, expecting: expected ?? a.type.value, diagnostics: &diagnostics),
                let type = unify(a.type, b.type, at: otherwise.location, what: "'then' and 'else'", diagnostics: &diagnostics)
            else { return nil }
            return TypedExpression(kind: .conditional(c, a, b), type: type, location: location)
        case .when(let subject, let cases, let otherwise):
            return checkWhen(subject, cases, otherwise, at: location, expecting: expected, diagnostics: &diagnostics)
        }
    }

    /// Checks an expression that must be a condition.
    func checkCondition(_ syntax: ExpressionSyntax, diagnostics: inout DiagnosticCollector) -> TypedExpression? {
        guard let typed = check(syntax, diagnostics: &diagnostics) else { return nil }
        guard typed.type.value == .bool else {
            diagnostics.error("a condition must be true or false, but this is of type \(typed.type)", at: syntax.location)
            return nil
        }
        return typed
    }

    private func resolve(
        _ name: String, at location: SourceLocation, expecting expected: ValueType?,
        diagnostics: inout DiagnosticCollector
    ) -> TypedExpression? {
        if let type = bindings[name] {
            return TypedExpression(kind: .binding(name), type: type, location: location)
        }
        if failedBindings.contains(name) { return nil }
        if let field = stream.field(name) {
            return TypedExpression(kind: .field(field), type: field.type, location: location)
        }
        if case .enumeration(let enumName)? = expected, let model = schema.enumeration(enumName) {
            if model.cases.contains(name) {
                return TypedExpression(kind: .enumCase(model, name), type: SpecType(.enumeration(enumName)), location: location)
            }
            diagnostics.unknown(
                "case", name, at: location, candidates: model.cases, context: "of enum '\(enumName)'")
            return nil
        }
        diagnostics.unknown(
            "field", name, at: location, candidates: stream.fields.map(\.name) + bindings.keys.sorted(),
            context: "in stream '\(stream.name)'")
        return nil
    }

    /// Whether `syntax` is a bare name that is neither a field nor a binding (maybe an enum case).
    private func isUnresolvedName(_ syntax: ExpressionSyntax) -> Bool {
        guard case .name(let name) = syntax.kind else { return false }
        return bindings[name] == nil && !failedBindings.contains(name) && stream.field(name) == nil
    }

    private func checkComparison(
        _ op: String, _ left: ExpressionSyntax, _ right: ExpressionSyntax, at location: SourceLocation,
        diagnostics: inout DiagnosticCollector
    ) -> TypedExpression? {
        let l: TypedExpression?
        let r: TypedExpression?
        // A bare name on one side may be an enum case of the other side's type; when that side
        // has an error, the name cannot be resolved and reporting it too would only add noise.
        if isUnresolvedName(left), !isUnresolvedName(right) {
            r = check(right, diagnostics: &diagnostics)
            guard r != nil else { return nil }
            l = check(left, expecting: r?.type.value, diagnostics: &diagnostics)
        } else {
            l = check(left, diagnostics: &diagnostics)
            guard l != nil || !isUnresolvedName(right) else { return nil }
            r = check(right, expecting: l?.type.value, diagnostics: &diagnostics)
        }
        guard let l, let r else { return nil }
        if l.type.value == .null || r.type.value == .null {
            guard op == "==" || op == "!=" else {
                diagnostics.error("'\(op)' cannot compare with null; use '==' or '!='", at: location)
                return nil
            }
            let subject = l.type.value == .null ? r : l
            if !subject.type.isOptional {
                diagnostics.warning(
                    "'\(describe(subject))' is never null, so this comparison is always \(op == "!=")",
                    at: subject.location)
            }
            return TypedExpression(kind: .nullCheck(subject, negated: op == "!="), type: .bool, location: location)
        }
        guard l.type.value == r.type.value else {
            diagnostics.error(
                "cannot compare \(l.type.value) with \(r.type.value) using '\(op)'", at: location,
                notes: [
                    .init(message: "left side is \(l.type)", location: l.location),
                    .init(message: "right side is \(r.type)", location: r.location),
                ])
            return nil
        }
        // A string literal is typed only to explain a mismatch: generated code has no string values.
        if l.type.value == .string {
            diagnostics.error("strings cannot be compared: no fact field holds a string", at: location)
            return nil
        }
        if op != "==" && op != "!=", !l.type.value.isOrdered {
            diagnostics.error("values of type \(l.type.value) are not ordered; '\(op)' needs int, duration, instant or day", at: location)
            return nil
        }
        return TypedExpression(kind: .comparison(op, l, r), type: .bool, location: location)
    }

    private func checkArithmetic(
        _ op: String, _ left: ExpressionSyntax, _ right: ExpressionSyntax, at location: SourceLocation,
        diagnostics: inout DiagnosticCollector
    ) -> TypedExpression? {
        guard let l = check(left, diagnostics: &diagnostics), let r = check(right, diagnostics: &diagnostics) else {
            return nil
        }
        let optional = l.type.isOptional || r.type.isOptional
        let result: ValueType? =
            switch (l.type.value, op, r.type.value) {
            case (.instant, "-", .instant): .duration
            case (.duration, _, .duration): .duration
            case (.int, _, .int): .int
            default: nil
            }
        guard let result else {
            diagnostics.error(
                "cannot apply '\(op)' to \(l.type.value) and \(r.type.value); an instant minus an instant is a duration, and durations or ints add up",
                at: location)
            return nil
        }
        return TypedExpression(kind: .arithmetic(op, l, r), type: SpecType(result, optional: optional), location: location)
    }

    private func checkCall(
        _ function: Name, _ arguments: [ExpressionSyntax], at location: SourceLocation,
        diagnostics: inout DiagnosticCollector
    ) -> TypedExpression? {
        switch function.text {
        case "day":
            guard arguments.count == 1 else {
                diagnostics.error("'day' takes one instant, e.g. day(ts)", at: location)
                return nil
            }
            guard let argument = check(arguments[0], diagnostics: &diagnostics) else { return nil }
            guard argument.type.value == .instant else {
                diagnostics.error("'day' needs an instant, but this is of type \(argument.type)", at: arguments[0].location)
                return nil
            }
            return TypedExpression(
                kind: .day(argument), type: SpecType(.day, optional: argument.type.isOptional), location: location)
        case "coalesce":
            guard arguments.count == 2 else {
                diagnostics.error("'coalesce' takes two values: the value, and the one to use when it is null", at: location)
                return nil
            }
            guard let a = check(arguments[0], diagnostics: &diagnostics),
                let b = check(arguments[1], expecting: a.type.value, diagnostics: &diagnostics),
                var type = unify(a.type, b.type, at: arguments[1].location, what: "the values of 'coalesce'", diagnostics: &diagnostics)
            else { return nil }
            type.isOptional = b.type.isOptional
            return TypedExpression(kind: .coalesce(a, b), type: type, location: location)
        default:
            diagnostics.unknown("function", function.text, at: function.location, candidates: Self.functions)
            return nil
        }
    }

    private func checkWhen(
        _ subject: ExpressionSyntax, _ cases: [WhenCaseSyntax], _ otherwise: ExpressionSyntax?,
        at location: SourceLocation, expecting expected: ValueType?, diagnostics: inout DiagnosticCollector
    ) -> TypedExpression? {
        guard let typedSubject = check(subject, diagnostics: &diagnostics) else { return nil }
        guard case .enumeration(let enumName) = typedSubject.type.value, let model = schema.enumeration(enumName) else {
            diagnostics.error("'when' needs a value of an enum type, but this is of type \(typedSubject.type)", at: subject.location)
            return nil
        }
        var covered = Set<String>()
        var typedCases: [(labels: [String], value: TypedExpression)] = []
        var resultType: SpecType?
        var failed = false
        for branch in cases {
            for label in branch.labels {
                if !model.cases.contains(label.text) {
                    diagnostics.unknown("case", label.text, at: label.location, candidates: model.cases, context: "of enum '\(enumName)'")
                    failed = true
                } else if !covered.insert(label.text).inserted {
                    diagnostics.error("case '\(label.text)' appears twice in 'when'", at: label.location)
                    failed = true
                }
            }
            guard let value = check(branch.value, expecting: expected ?? resultType?.value, diagnostics: &diagnostics) else {
                failed = true
                continue
            }
            if let current = resultType {
                guard let unified = unify(current, value.type, at: branch.value.location, what: "the cases of 'when'", diagnostics: &diagnostics) else {
                    failed = true
                    continue
                }
                resultType = unified
            } else {
                resultType = value.type
            }
            typedCases.append((branch.labels.map(\.text), value))
        }
        var typedOtherwise: TypedExpression?
        if let otherwise {
            if let value = check(otherwise, expecting: expected ?? resultType?.value, diagnostics: &diagnostics),
                let current = resultType,
                let unified = unify(current, value.type, at: otherwise.location, what: "the cases of 'when'", diagnostics: &diagnostics)
            {
                resultType = unified
                typedOtherwise = value
            } else {
                failed = true
            }
        } else {
            let missing = model.cases.filter { !covered.contains($0) }
            if !missing.isEmpty, !failed {
                diagnostics.error(
                    "'when' does not cover \(missing.map { "'\($0)'" }.joined(separator: ", ")); add them or an 'else' case",
                    at: location)
                failed = true
            }
        }
        guard !failed, var resultType else { return nil }
        if typedSubject.type.isOptional { resultType.isOptional = true }
        return TypedExpression(
            kind: .when(typedSubject, typedCases, otherwise: typedOtherwise), type: resultType, location: location)
    }

    private func unify(
        _ a: SpecType, _ b: SpecType, at location: SourceLocation, what: String, diagnostics: inout DiagnosticCollector
    ) -> SpecType? {
        if a.value == .null { return SpecType(b.value, optional: true) }
        if b.value == .null { return SpecType(a.value, optional: true) }
        guard a.value == b.value else {
            diagnostics.error("\(what) must have one type, but they are \(a.value) and \(b.value)", at: location)
            return nil
        }
        return SpecType(a.value, optional: a.isOptional || b.isOptional)
    }

    private func describe(_ expression: TypedExpression) -> String {
        ExpressionRenderer.spec(expression)
    }
}
