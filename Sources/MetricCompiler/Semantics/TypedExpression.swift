/// A type-checked expression, ready to print as Swift or as plain words.
struct TypedExpression: Sendable {
    indirect enum Kind: Sendable {
        case field(FieldModel)
        case binding(String)
        case integer(Int)
        /// Seconds.
        case duration(Int)
        case boolean(Bool)
        case null
        case enumCase(EnumModel, String)
        /// `day(instant)`: the local day an instant falls on.
        case day(TypedExpression)
        /// `coalesce(a, b)`: `a`, or `b` where `a` is null.
        case coalesce(TypedExpression, TypedExpression)
        case comparison(String, TypedExpression, TypedExpression)
        /// `x == null` (`negated`: `x != null`).
        case nullCheck(TypedExpression, negated: Bool)
        case logical(String, TypedExpression, TypedExpression)
        case not(TypedExpression)
        case arithmetic(String, TypedExpression, TypedExpression)
        case negate(TypedExpression)
        case membership(TypedExpression, [TypedExpression])
        case conditional(TypedExpression, TypedExpression, TypedExpression)
        case when(TypedExpression, [(labels: [String], value: TypedExpression)], otherwise: TypedExpression?)
    }

    let kind: Kind
    let type: SpecType
    let location: SourceLocation
}
