/// A metric whose spec passed every check: what the back ends print.
struct CheckedMetric: Sendable {
    enum Scope: String, Sendable {
        case day
        case range
        case snapshot
    }

    enum Measure: Sendable {
        case count
        case aggregate(kind: String, TypedExpression)
        case ratio(numerator: String, denominator: String)
    }

    struct Dedup: Sendable {
        let kind: DedupSyntax.Kind
        let keys: [TypedExpression]
        let order: TypedExpression?
        let location: SourceLocation
    }

    struct Binding: Sendable {
        let name: String
        let value: TypedExpression
        let location: SourceLocation
    }

    let id: String
    let title: String
    let description: String
    let unit: String
    let location: SourceLocation
    let sourcePath: String
    /// Nil for a ratio, which reads no facts of its own.
    let stream: StreamModel?
    let bindings: [Binding]
    let conditions: [TypedExpression]
    let dedup: Dedup?
    let scope: Scope
    let scopeAt: TypedExpression?
    let splits: [String]
    let measure: Measure
    let measureLocation: SourceLocation
    let total: String
    /// Where a ratio's numerator and denominator are named, for the errors about them.
    var operandLocations: [SourceLocation] = []

    /// Reported values are stored as integers; durations in microseconds.
    var scale: Int64 {
        if case .aggregate(_, let expression) = measure, expression.type.value == .duration { return 1_000_000 }
        return 1
    }

    var swiftTypeName: String { SwiftNames.type(id) + "Aggregator" }
    var swiftPropertyName: String { SwiftNames.member(id) }
}
