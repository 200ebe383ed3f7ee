/// Prints a checked expression back as spec text (for the catalog and messages) or as Swift.
enum ExpressionRenderer {
    /// The expression as an analyst would write it.
    static func spec(_ expression: TypedExpression) -> String {
        switch expression.kind {
        case .field(let field): field.name
        case .binding(let name): name
        case .integer(let value): String(value)
        case .duration(let seconds): "\(seconds)s"
        case .boolean(let value): String(value)
        case .null: "null"
        case .enumCase(_, let name): name
        case .day(let argument): "day(\(spec(argument)))"
        case .coalesce(let a, let b): "coalesce(\(spec(a)), \(spec(b)))"
        case .comparison(let op, let l, let r): "\(spec(l)) \(op) \(spec(r))"
        case .nullCheck(let subject, let negated): "\(spec(subject)) \(negated ? "!=" : "==") null"
        case .logical(let op, let l, let r): "\(grouped(l, inside: op)) \(op) \(grouped(r, inside: op))"
        case .not(let operand): "not \(grouped(operand, inside: "not"))"
        case .arithmetic(let op, let l, let r): "\(spec(l)) \(op) \(spec(r))"
        case .negate(let operand): "-\(spec(operand))"
        case .membership(let subject, let items): "\(spec(subject)) in [\(items.map(spec).joined(separator: ", "))]"
        case .conditional(let c, let a, let b): "if \(spec(c)) then \(spec(a)) else \(spec(b))"
        case .when(let subject, let cases, let otherwise):
            "when \(spec(subject)) { "
                + (cases.map { "\($0.labels.joined(separator: ", ")): \(spec($0.value))" }
                    + (otherwise.map { ["else: \(spec($0))"] } ?? [])).joined(separator: "; ") + " }"
        }
    }

    private static func grouped(_ expression: TypedExpression, inside op: String) -> String {
        if case .logical(let inner, _, _) = expression.kind, inner != op { return "(\(spec(expression)))" }
        return spec(expression)
    }

    /// The expression as Swift over `fact` and `context`; optional operands go through `SpecOperators`.
    static func swift(_ expression: TypedExpression) -> String {
        switch expression.kind {
        case .field(let field):
            return "fact.\(SwiftNames.escapedMember(field.name))"
        case .binding(let name):
            return SwiftNames.escapedMember(name)
        case .integer(let value):
            return String(value)
        case .duration(let seconds):
            return seconds == 0 ? "TimeSpan.zero" : "TimeSpan.seconds(\(seconds))"
        case .boolean(let value):
            return String(value)
        case .null:
            return "nil"
        case .enumCase(let model, let name):
            return "\(model.swiftName).\(SwiftNames.escapedMember(name))"
        case .day(let argument):
            return "context.day(\(swift(argument)))"
        case .coalesce(let a, let b):
            return "(\(swift(a)) ?? \(swift(b)))"
        case .comparison(let op, let l, let r):
            if l.type.isOptional || r.type.isOptional {
                let name = ["==": "equal", "!=": "notEqual", "<": "less", "<=": "lessOrEqual", ">": "greater", ">=": "greaterOrEqual"][op]!
                return "SpecOperators.\(name)(\(swift(l)), \(swift(r)))"
            }
            return "\(operand(l)) \(op) \(operand(r))"
        case .nullCheck(let subject, let negated):
            guard subject.type.isOptional else { return negated ? "true" : "false" }
            return "\(operand(subject)) \(negated ? "!=" : "==") nil"
        case .logical(let op, let l, let r):
            let swiftOp = op == "and" ? "&&" : "||"
            return "\(logicalOperand(l, swiftOp)) \(swiftOp) \(logicalOperand(r, swiftOp))"
        case .not(let operand):
            switch operand.kind {
            case .field, .binding, .boolean, .day: return "!\(swift(operand))"
            default: return "!(\(swift(operand)))"
            }
        case .arithmetic(let op, let l, let r):
            if l.type.isOptional || r.type.isOptional {
                let name = l.type.value == .instant ? "difference" : (op == "+" ? "add" : "subtract")
                return "SpecOperators.\(name)(\(swift(l)), \(swift(r)))"
            }
            return "\(operand(l)) \(op) \(operand(r))"
        case .negate(let operand):
            if operand.type.isOptional { return "\(swift(operand)).map { -$0 }" }
            return "-\(self.operand(operand))"
        case .membership(let subject, let items):
            let list = "[\(items.map(swift).joined(separator: ", "))]"
            if subject.type.isOptional { return "(\(swift(subject)).map { \(list).contains($0) } ?? false)" }
            return "\(list).contains(\(swift(subject)))"
        case .conditional(let c, let a, let b):
            return "(\(swift(c)) ? \(swift(a)) : \(swift(b)))"
        case .when:
            return "{ () -> \(swiftType(expression.type)) in\n\(switchStatement(expression, indent: "    "))\n}()"
        }
    }

    /// A `switch` expression for a `when` (used directly as a `let` value).
    static func switchStatement(_ expression: TypedExpression, indent: String = "") -> String {
        guard case .when(let subject, let cases, let otherwise) = expression.kind else { return swift(expression) }
        let optional = subject.type.isOptional ? "?" : ""
        var lines = ["\(indent)switch \(swift(subject)) {"]
        for branch in cases {
            let labels = branch.labels.map { ".\(SwiftNames.escapedMember($0))\(optional)" }.joined(separator: ", ")
            lines.append("\(indent)case \(labels): \(swift(branch.value))")
        }
        if subject.type.isOptional {
            lines.append("\(indent)case nil: nil")
        }
        if let otherwise {
            lines.append("\(indent)default: \(swift(otherwise))")
        }
        lines.append("\(indent)}")
        return lines.joined(separator: "\n")
    }

    /// A condition as lines: a long top-level `and`/`or` chain gets one operand per line, the
    /// operator leading, as a person would format it.
    static func swiftLines(_ expression: TypedExpression, width: Int = 88) -> [String] {
        let single = swift(expression)
        guard single.count > width, case .logical(let op, _, _) = expression.kind else { return [single] }
        let swiftOp = op == "and" ? "&&" : "||"
        var operands: [TypedExpression] = []
        func flatten(_ e: TypedExpression) {
            if case .logical(let inner, let l, let r) = e.kind, inner == op {
                flatten(l)
                flatten(r)
            } else {
                operands.append(e)
            }
        }
        flatten(expression)
        let rendered = operands.map { logicalOperand($0, swiftOp) }
        return [rendered[0]] + rendered.dropFirst().map { "    \(swiftOp) \($0)" }
    }

    static func swiftType(_ type: SpecType) -> String {
        let base =
            switch type.value {
            case .int: "Int"
            case .bool: "Bool"
            case .instant: "Instant"
            case .duration: "TimeSpan"
            case .day: "Day"
            case .id: "Symbol"
            case .string: "String"
            case .null: "Never"
            case .enumeration(let name): SwiftNames.type(name)
            }
        return type.isOptional ? base + "?" : base
    }

    private static func operand(_ expression: TypedExpression) -> String {
        switch expression.kind {
        case .arithmetic, .comparison, .logical, .nullCheck, .conditional: "(\(swift(expression)))"
        default: swift(expression)
        }
    }

    private static func logicalOperand(_ expression: TypedExpression, _ op: String) -> String {
        if case .logical(let inner, _, _) = expression.kind, (inner == "and" ? "&&" : "||") == op {
            return swift(expression)
        }
        if case .logical = expression.kind { return "(\(swift(expression)))" }
        return swift(expression)
    }
}
