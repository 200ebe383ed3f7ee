/// Which facts of a stream each metric can count, by the case of one enum field: `MetricSet` then
/// switches on that field once per fact and calls only the aggregators whose conditions that case
/// can satisfy, instead of every aggregator testing its own conditions on every fact.
///
/// The cases of a metric are read off its `where` conditions: `field == case` and `field in […]`
/// allow those cases, `field != case` every other one, `and` keeps the cases both sides allow, `or`
/// those either side does. Anything else (`not`, other fields) allows every case. The answer may
/// allow a case the conditions then reject (the aggregator still tests them), never the other way
/// round, so dispatching changes no result.
struct FactDispatch: Sendable {
    /// The field switched on: an enum field of the stream that is never null.
    let field: FieldModel
    /// The calls of each case, grouped: cases with the same metrics share one branch, in the order
    /// of the enum's first case of each group.
    let branches: [(cases: [String], metrics: [CheckedMetric])]

    /// The dispatch of `metrics` (all of `stream`), on the enum field that rules out the most calls;
    /// nil when no field rules out any.
    init?(stream: StreamModel, metrics: [CheckedMetric], schema: Schema) {
        var best: (field: FieldModel, cases: [String], allowed: [Set<String>], ruledOut: Int)?
        for field in stream.fields where !field.type.isOptional {
            guard case .enumeration(let name) = field.type.value, let enumeration = schema.enumeration(name) else { continue }
            let all = Set(enumeration.cases)
            let allowed = metrics.map { metric in
                metric.conditions.reduce(all) { $0.intersection(Self.cases(of: field, allowedBy: $1, all: all)) }
            }
            let ruledOut = allowed.reduce(0) { $0 + all.count - $1.count }
            if ruledOut > (best?.ruledOut ?? 0) {
                best = (field, enumeration.cases, allowed, ruledOut)
            }
        }
        guard let best else { return nil }
        field = best.field
        var branches: [(cases: [String], metrics: [CheckedMetric])] = []
        for name in best.cases {
            let called = metrics.indices.filter { best.allowed[$0].contains(name) }
            if let index = branches.firstIndex(where: { $0.metrics.map(\.id) == called.map { metrics[$0].id } }) {
                branches[index].cases.append(name)
            } else {
                branches.append(([name], called.map { metrics[$0] }))
            }
        }
        self.branches = branches
    }

    /// The cases of `field` for which `condition` may hold.
    private static func cases(of field: FieldModel, allowedBy condition: TypedExpression, all: Set<String>) -> Set<String> {
        func isField(_ expression: TypedExpression) -> Bool {
            if case .field(let other) = expression.kind { return other == field }
            return false
        }
        func caseName(_ expression: TypedExpression) -> String? {
            if case .enumCase(_, let name) = expression.kind { return name }
            return nil
        }
        /// The case `field` is compared with, on either side.
        func comparedCase(_ l: TypedExpression, _ r: TypedExpression) -> String? {
            isField(l) ? caseName(r) : isField(r) ? caseName(l) : nil
        }
        switch condition.kind {
        case .comparison("==", let l, let r):
            return comparedCase(l, r).map { [$0] } ?? all
        case .comparison("!=", let l, let r):
            return comparedCase(l, r).map { all.subtracting([$0]) } ?? all
        case .membership(let subject, let items):
            guard isField(subject) else { return all }
            let names = items.compactMap(caseName)
            return names.count == items.count ? Set(names) : all
        case .logical("and", let l, let r):
            return cases(of: field, allowedBy: l, all: all).intersection(cases(of: field, allowedBy: r, all: all))
        case .logical("or", let l, let r):
            return cases(of: field, allowedBy: l, all: all).union(cases(of: field, allowedBy: r, all: all))
        default:
            return all
        }
    }
}
