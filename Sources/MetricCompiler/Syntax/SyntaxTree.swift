/// A name as written, with where it was written.
struct Name: Sendable, Hashable {
    let text: String
    let location: SourceLocation
}

/// One parsed spec file: fact-schema declarations and metric declarations.
struct SpecFileSyntax: Sendable {
    let source: SourceFile
    var enums: [EnumSyntax] = []
    var streams: [StreamSyntax] = []
    var metrics: [MetricSyntax] = []
}

/// `enum NAME "doc" { case, case, … }`
struct EnumSyntax: Sendable {
    let name: Name
    let doc: String?
    let cases: [Name]
}

/// `stream NAME of SwiftType "doc" { field: type? "doc" … }`
struct StreamSyntax: Sendable {
    let name: Name
    let typeName: Name
    let doc: String?
    let fields: [FieldSyntax]
}

struct FieldSyntax: Sendable {
    let name: Name
    let type: Name
    let isOptional: Bool
    let doc: String?
}

/// `metric ID "title" { clause… }`
struct MetricSyntax: Sendable {
    let id: Name
    let title: String
    var description: String?
    var unit: Name?
    var from: Name?
    var lets: [(name: Name, value: ExpressionSyntax)] = []
    var conditions: [ExpressionSyntax] = []
    var dedup: DedupSyntax?
    var scope: ScopeSyntax?
    var splits: [Name] = []
    var measure: MeasureSyntax?
    var total: Name?
}

/// `distinct KEYS` or `first per KEYS by ORDER` / `last per KEYS by ORDER`.
struct DedupSyntax: Sendable {
    enum Kind: String, Sendable {
        case distinct
        case first
        case last
    }

    let kind: Kind
    let keyword: SourceLocation
    let keys: [ExpressionSyntax]
    let order: ExpressionSyntax?
}

/// `scope day|range|snapshot at EXPR`
struct ScopeSyntax: Sendable {
    let kind: Name
    let at: ExpressionSyntax
}

/// `measure count`, `measure mean(EXPR)`, `measure ratio(A, B)`…
struct MeasureSyntax: Sendable {
    let kind: Name
    let argument: ExpressionSyntax?
    let operands: [Name]
}

/// An expression of the spec language.
indirect enum ExpressionSyntaxKind: Sendable {
    case name(String)
    case integer(Int)
    /// A duration literal in seconds (`30s`, `5m`, `2h`).
    case duration(Int)
    case string(String)
    case null
    case boolean(Bool)
    case call(Name, [ExpressionSyntax])
    case binary(String, ExpressionSyntax, ExpressionSyntax)
    case not(ExpressionSyntax)
    case negate(ExpressionSyntax)
    case membership(ExpressionSyntax, [ExpressionSyntax])
    case conditional(ExpressionSyntax, ExpressionSyntax, ExpressionSyntax)
    case when(ExpressionSyntax, [WhenCaseSyntax], otherwise: ExpressionSyntax?)
}

struct WhenCaseSyntax: Sendable {
    let labels: [Name]
    let value: ExpressionSyntax
}

struct ExpressionSyntax: Sendable {
    let kind: ExpressionSyntaxKind
    let location: SourceLocation
}
